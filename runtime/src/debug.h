/* Debug mode: the runtime's hooks into the misuse detectors.
 *
 * Every hook is called only when wp__debug_on is set, behind one predictable
 * branch, so release mode pays nothing measurable.  Reports name the
 * caller's site (wp_site), never the runtime's own lines. */
#ifndef WP_DEBUG_H
#define WP_DEBUG_H

#include "debug_hb.h"
#include "internal.h"
#include "tsan.h"

/* 0 while debug mode is off, UINTPTR_MAX once it is on: a public call
 * that tests its object pointer for NULL compares it with this instead
 * (WP__NULL_OR_DEBUG), one test for both.  Read plainly (WP__MODE), so
 * that the compiler folds the read into the compare: the hooks then cost
 * no instruction on solo's path (callgrind: 336.5 an iteration, as with
 * the hooks compiled out; a relaxed atomic load is one instruction more a
 * call, 339, and measured +3.0 and +3.7 % of solo's time over code
 * placements).  It is written once, by the WPOOL_DEBUG constructor or by
 * wp_debug_enable, which must come before any other wpool call, so no read
 * races with the write in a correct program; ThreadSanitizer builds keep
 * the atomic load. */
WP__INTERNAL extern uintptr_t wp__debug_on;
#ifdef WP__TSAN
#define WP__MODE() WP__LOAD_RELAXED(&wp__debug_on)
#else
#define WP__MODE() wp__debug_on
#endif
#ifdef WPOOL_NO_DEBUG_HOOKS
/* The benchmark's reference build (wpool_bench_nohooks): every hook compiled
 * out, to measure what debug mode costs while off. */
#define WP__DEBUG() 0
#define WP__NULL_OR_DEBUG(p) WP__UNLIKELY((p) == NULL)
#else
#define WP__DEBUG() WP__UNLIKELY(WP__MODE() != 0)
/* True if p is NULL or debug mode is on: the caller's slow path tells
 * which. */
#define WP__NULL_OR_DEBUG(p) WP__UNLIKELY((uintptr_t)(p) <= WP__MODE())
#endif
/* Every hook is cold: the compiler keeps it out of the hot path's layout. */
#define WP__HOOK WP__INTERNAL __attribute__((cold))

enum wp__rule {
#define WP_RULE(e, name, id, severity, kind, summary) WP__RULE_##e,
#include "rules.def"
#undef WP_RULE
  WP__RULE_COUNT
};

/* A related site in a report ("queue created at", "closed at"). */
typedef struct wp__related {
  const char *what;
  const wp_site *site;
  int thread; /* 0: not about a thread */
} wp__related;

/* A thread as reports name it: its number (1 is the main thread) and where
 * the task it ran was started (NULL: none). */
typedef struct wp__who {
  int thread;
  const wp_site *started;
} wp__who;

/* Reports `rule` at `at` (once per rule and site), made by the calling
 * thread, with a message and the related sites; honours halt_on_error. */
WP__HOOK void wp__dbg_report(enum wp__rule rule, const wp_site *at,
                                 const wp__related *rel, int nrel,
                                 const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The same for an operation that `who` made earlier (a send found late by
 * the close, an add found late by the wait). */
WP__HOOK void wp__dbg_report_by(wp__who who, enum wp__rule rule,
                                    const wp_site *at, const wp__related *rel,
                                    int nrel, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* This thread's number in reports: 1 is the main thread. */
WP__HOOK int wp__dbg_thread(void);
/* The calling thread, as reports name it. */
WP__HOOK wp__who wp__dbg_who(void);
WP__INTERNAL extern _Thread_local wp__who wp__dbg_me WP__TLS_HOT;
/* The same, without a call once the thread has its number (every send
 * records it). */
static inline wp__who wp__dbg_who_now(void) {
  return WP__LIKELY(wp__dbg_me.thread != 0) ? wp__dbg_me : wp__dbg_who();
}
/* A task or pool job being started: its past (the spawner's clock) and the
 * waitgroup that counts it (the spawner's pending add, unless the runtime
 * does the done itself, as for wp_wg_go).  NULL on no memory. */
struct wp__task_debug;
WP__HOOK struct wp__task_debug *wp__dbg_task_spawning(bool runtime_done);
/* The task could not be started. */
WP__HOOK void wp__dbg_task_discard(struct wp__task_debug *t);
/* This thread now runs the task started at spawned_at (t is consumed). */
WP__HOOK void wp__dbg_task_begin(const wp_site *spawned_at,
                                     struct wp__task_debug *t);
/* The task ended (after its runtime-made done, if any): a task counted by
 * a waitgroup that it never marked done is remembered for missing-done. */
WP__HOOK void wp__dbg_task_end(void);
/* missing-done bookkeeping (debug_waitgroups.c): an add gives the adding
 * thread a credit; a spawn takes one (the task is counted by that
 * waitgroup); a counted task that ends without a done is remembered. */
WP__HOOK void *wp__dbg_take_credit(void);
WP__HOOK void wp__dbg_counting_begin(void *counted_by);
WP__HOOK void wp__dbg_counting_end(const wp_site *spawned_at);
/* Where the task running on this thread was started (NULL: none). */
WP__HOOK const wp_site *wp__dbg_task_site(void);

/* ---- deadlock (debug_deadlock.c) ---- */
/* Around a wait without a timeout: what the thread waits for, and where. */
WP__HOOK void wp__dbg_blocking(const wp_site *site, const char *what);
WP__HOOK void wp__dbg_unblocked(void);
/* Starts the watchdog thread (once, when debug mode turns on). */
WP__HOOK void wp__dbg_deadlock_watch(void);
/* Runtime threads parked with nothing to run (threads.c). */
WP__INTERNAL int wp__idle_runtime_threads(void);

/* ---- queues ---- */
WP__HOOK void wp__dbg_queue_new(wp_queue *q);
/* A queue debug record's magic until its queue is freed. */
#define WP__DBG_QUEUE_LIVE 0x57504c56u
/* Reports op at site on the freed queue q (see wp__dbg_queue_live, in
 * queue.h: the check itself is inline, the report is not). */
WP__HOOK void wp__dbg_queue_freed_use(wp_queue *q, const wp_site *site,
                                      const char *op);
WP__HOOK void wp__dbg_queue_send_closed(wp_queue *q, const wp_site *site,
                                            const char *op);
/* Called with q locked, before the close takes effect. */
WP__HOOK void wp__dbg_queue_closing(wp_queue *q, const wp_site *site);
/* After the close, unlocked: sends not ordered before it are reported. */
WP__HOOK void wp__dbg_queue_closed(wp_queue *q, const wp_site *site);
/* Before a send: the receiver will be ordered after what the sender did
 * so far (the element must carry *stamp, which is set), and the send is
 * remembered for the close's check. */
WP__HOOK void wp__dbg_queue_sending(wp_queue *q, const wp_site *site,
                                        wp__stamp *stamp);
/* Before a select with a send case on q: if that case fires, its receiver
 * is ordered after what the caller did so far (the element must carry
 * *stamp, which is set). */
WP__HOOK void wp__dbg_select_sending(wp_queue *q, wp__stamp *stamp);
/* After a select's send case fired with its element stamped *stamp:
 * remember it for the close's check. */
WP__HOOK void wp__dbg_queue_sent(wp_queue *q, const wp__stamp *stamp,
                                     const wp_site *site);
/* A receive completed: WP_OK (with the element's stamp), or WP_ECLOSED
 * (ordered after the close). */
WP__HOOK void wp__dbg_queue_received(wp_queue *q, int status,
                                         const wp__stamp *stamp);
WP__HOOK void wp__dbg_queue_double_close(wp_queue *q, const wp_site *site);
/* True if q went into quarantine (the caller must not free it). */
WP__HOOK bool wp__dbg_queue_free(wp_queue *q, const wp_site *site);

/* ---- waitgroups ---- */
/* Debug mode's record of a waitgroup (the original, never a copy). */
typedef struct wp__wg_debug wp__wg_debug;

WP__HOOK void wp__dbg_wg_init(wp_wg *wg, const wp_site *site);
/* Identifies wg (first use, copies, destroyed ones) and gives its record
 * (NULL for a copy): the hooks after the operation use the record, never
 * the waitgroup, which may be gone by then.  False if the operation must
 * not go on (use after destroy). */
WP__HOOK bool wp__dbg_wg_use(wp_wg *wg, const wp_site *site,
                                 const char *op, wp__wg_debug **entry);
WP__HOOK void wp__dbg_wg_negative(wp__wg_debug *e, const wp_site *site,
                                      int count, int delta);
/* Before a done: the waiters it releases are ordered after it. */
WP__HOOK void wp__dbg_wg_releasing(wp__wg_debug *e);
/* After a successful add of delta to a counter that was `before`. */
WP__HOOK void wp__dbg_wg_added(wp__wg_debug *e, const wp_site *site,
                                   int before, int delta);
/* Around a wait: its start (checked against a racing first add) and its
 * successful end (ordered after every done). */
WP__HOOK void wp__dbg_wg_wait_begin(wp__wg_debug *e, const wp_site *site);
WP__HOOK void wp__dbg_wg_wait_end(wp__wg_debug *e);
WP__HOOK void wp__dbg_wg_destroy(wp__wg_debug *e, const wp_site *site);

/* ---- pools ---- */
typedef struct wp__pool_debug wp__pool_debug;
/* The new pool p's record, which the pool keeps (NULL on no memory: not
 * tracked). */
WP__HOOK wp__pool_debug *wp__dbg_pool_new(wp_pool *p, const wp_site *site);
/* False (after reporting use-after-free) if the pool of record d (NULL:
 * untracked) was freed. */
WP__HOOK bool wp__dbg_pool_live(wp__pool_debug *d, const wp_site *site,
                                const char *op);
/* True if the pool of record d (NULL: untracked) went into quarantine
 * (the caller must not release it). */
WP__HOOK bool wp__dbg_pool_free(wp__pool_debug *d, const wp_site *site);

#endif
