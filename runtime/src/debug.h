/* Debug mode: the runtime's hooks into the misuse detectors.
 *
 * Every hook is called only when wp__debug_on is set, behind one predictable
 * branch, so release mode pays nothing measurable.  Reports name the
 * caller's site (wp_site), never the runtime's own lines. */
#ifndef WP_DEBUG_H
#define WP_DEBUG_H

#include "internal.h"

extern int wp__debug_on;
#define WP__DEBUG() WP__UNLIKELY(WP__LOAD_RELAXED(&wp__debug_on))

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

/* Reports `rule` at `at` (once per rule and site), with a message and the
 * related sites; honours halt_on_error. */
WP__INTERNAL void wp__dbg_report(enum wp__rule rule, const wp_site *at,
                                 const wp__related *rel, int nrel,
                                 const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* This thread's number in reports: 1 is the main thread. */
WP__INTERNAL int wp__dbg_thread(void);
/* Spawned tasks: what this thread runs now (NULL: the thread's own code). */
WP__INTERNAL void wp__dbg_task_begin(const wp_site *spawned_at);
WP__INTERNAL void wp__dbg_task_end(void);

/* ---- queues ---- */
WP__INTERNAL void wp__dbg_queue_new(wp_queue *q);
/* False (after reporting use-after-free) if q was freed. */
WP__INTERNAL bool wp__dbg_queue_live(wp_queue *q, const wp_site *site,
                                     const char *op);
WP__INTERNAL void wp__dbg_queue_send_closed(wp_queue *q, const wp_site *site,
                                            const char *op);
/* Called with q locked, before the close takes effect. */
WP__INTERNAL void wp__dbg_queue_closing(wp_queue *q, const wp_site *site);
WP__INTERNAL void wp__dbg_queue_double_close(wp_queue *q, const wp_site *site);
/* True if q went into quarantine (the caller must not free it). */
WP__INTERNAL bool wp__dbg_queue_free(wp_queue *q, const wp_site *site);

/* ---- waitgroups ---- */
/* Identifies wg (first use, copies, destroyed ones).  False if the
 * operation must not go on (use after destroy). */
WP__INTERNAL bool wp__dbg_wg_use(wp_wg *wg, const wp_site *site,
                                 const char *op);
WP__INTERNAL void wp__dbg_wg_negative(wp_wg *wg, const wp_site *site,
                                      int count, int delta);
WP__INTERNAL void wp__dbg_wg_count(wp_wg *wg, int32_t count);
WP__INTERNAL void wp__dbg_wg_init(wp_wg *wg, const wp_site *site);
WP__INTERNAL void wp__dbg_wg_destroy(wp_wg *wg, const wp_site *site);

/* ---- pools ---- */
WP__INTERNAL void wp__dbg_pool_new(wp_pool *p, const wp_site *site);
WP__INTERNAL bool wp__dbg_pool_live(wp_pool *p, const wp_site *site,
                                    const char *op);
/* True if p went into quarantine (the caller must not free it). */
WP__INTERNAL bool wp__dbg_pool_free(wp_pool *p, const wp_site *site);

#endif
