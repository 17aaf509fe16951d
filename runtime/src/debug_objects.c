/* Debug mode's view of the user's objects: which queues, pools and
 * waitgroups exist, where they were created, closed, freed or destroyed,
 * and which operations touch a copy or a freed object.
 *
 * Freed queues and pools are not released at once but kept in a quarantine
 * (as AddressSanitizer does), so a later use is recognised and reported
 * instead of touching reused memory. */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "debug.h"
#include "debug_exit.h"
#include "queue.h"

enum { LIVE = WP__DBG_QUEUE_LIVE, FREED = 0x57504644u, QUARANTINE = 1024 };

static pthread_mutex_t objects = PTHREAD_MUTEX_INITIALIZER;

/* ---- queues ---- */

static struct wp__queue_debug *live_queues;
static wp_queue *queue_quarantine[QUARANTINE];
static size_t queue_quarantine_next;

void wp__dbg_queue_new(wp_queue *q) {
  if (q->internal)
    return;
  struct wp__queue_debug *d = NULL;
  if (posix_memalign((void **)&d, WP__CACHE_LINE, sizeof *d) != 0)
    return; /* not tracked: debug mode degrades, the program goes on */
  memset(d, 0, sizeof *d);
  d->magic = LIVE;
  d->q = q;
  pthread_mutex_lock(&objects);
  d->next = live_queues;
  if (live_queues)
    live_queues->prev = d;
  live_queues = d;
  pthread_mutex_unlock(&objects);
  q->debug = d;
}

void wp__dbg_queue_freed_use(wp_queue *q, const wp_site *site,
                             const char *op) {
  wp__related rel[] = {{"queue created", q->site, 0},
                       {"freed", q->debug->free_site, 0}};
  wp__dbg_report(WP__RULE_USE_AFTER_FREE, site, rel, 2,
                 "%s on a queue that was already freed", op);
}

void wp__dbg_queue_send_closed(wp_queue *q, const wp_site *site,
                               const char *op) {
  struct wp__queue_debug *d = q->debug;
  if (!d)
    return;
  wp__related rel[] = {{"queue created", q->site, 0},
                       {"closed", d->close_site, d->close_thread}};
  wp__dbg_report(WP__RULE_SEND_AFTER_CLOSE, site, rel, 2,
                 "%s on a closed queue: the element is lost; close a queue "
                 "only after its last send (wait for every sender first)",
                 op);
}

void wp__dbg_queue_closing(wp_queue *q, const wp_site *site) {
  struct wp__queue_debug *d = q->debug;
  if (!d)
    return;
  d->close_site = site;
  d->close_thread = wp__dbg_thread();
  /* Released before any receiver can see the close. */
  wp__hb_release(&d->close_clock);
}

static struct wp__send_mark *send_mark(struct wp__queue_debug *d,
                                       uint32_t tid, bool make) {
  if (tid < WP__VC_INLINE) /* the common case, without a call */
    return &d->low_sends[tid];
  return wp__tid_entry(d->low_sends, &d->high_sends,
                       sizeof *d->low_sends, tid, make);
}

/* Records the caller's latest send on q (compared with the close).  Only
 * this thread writes its entry; a close reading it at the same time may
 * pair the new tick with the previous site, both this thread's sends. */
static WP__HOT_INLINE void mark_send(struct wp__queue_debug *d, wp__epoch e,
                                     const wp_site *site) {
  struct wp__send_mark *m;
  if (e.tid < 0 || (m = send_mark(d, (uint32_t)e.tid, true)) == NULL)
    return;
  wp__who who = wp__dbg_who_now();
  __atomic_store_n(&m->site, site, __ATOMIC_RELAXED);
  __atomic_store_n(&m->thread, who.thread, __ATOMIC_RELAXED);
  __atomic_store_n(&m->started, who.started, __ATOMIC_RELAXED);
  __atomic_store_n(&m->tick, e.tick, __ATOMIC_RELEASE);
  if ((uint32_t)e.tid >= WP__LOAD_RELAXED(&d->sends_end)) /* rarely */
    wp__raise_to(&d->sends_end, (uint32_t)e.tid + 1);
}

void wp__dbg_queue_sending(wp_queue *q, const wp_site *site,
                           wp__stamp *stamp) {
  struct wp__queue_debug *d = q->debug;
  if (!d) {
    *stamp = (wp__stamp){{0}};
    return;
  }
  /* Released before the element can reach a receiver, in part through
   * its stamp (a queue with a debug record carries one with every element:
   * in its ring slots, or in the waiters of an unbuffered hand-off).  The
   * mark is the released event: whoever acquires it covers it. */
  mark_send(d, wp__hb_release_stamped(&d->sends_clock, stamp), site);
}

void wp__dbg_select_sending(wp_queue *q, wp__stamp *stamp) {
  struct wp__queue_debug *d = q->debug;
  if (d) /* as wp__dbg_queue_sending, marked once the case fired */
    wp__hb_release_stamped(&d->sends_clock, stamp);
  else
    *stamp = (wp__stamp){{0}};
}

void wp__dbg_queue_sent(wp_queue *q, const wp__stamp *stamp,
                        const wp_site *site) {
  struct wp__queue_debug *d = q->debug;
  if (!d)
    return;
  /* The mark is the event the select released before it ran (a later one
   * would not be covered by what its receiver acquired): its stamp's
   * first, or the caller's entry in the clock it released into. */
  wp__epoch e = stamp->ev[0] ? wp__stamp_event(stamp, 0)
                             : wp__hb_released(&d->sends_clock);
  mark_send(d, e, site);
}

void wp__dbg_queue_received(wp_queue *q, int status,
                            const wp__stamp *stamp) {
  struct wp__queue_debug *d = q->debug;
  if (!d)
    return;
  if (status == WP_OK)
    wp__hb_acquire_stamped(&d->sends_clock, stamp);
  else
    wp__hb_acquire(&d->close_clock);
}

void wp__dbg_queue_closed(wp_queue *q, const wp_site *site) {
  struct wp__queue_debug *d = q->debug;
  if (!d)
    return;
  /* Which threads' latest sends the closer has not waited for. */
  enum { MAX_LATE = 16 };
  struct wp__send_mark late[MAX_LATE];
  int nlate = 0;
  uint32_t end = __atomic_load_n(&d->sends_end, __ATOMIC_ACQUIRE);
  for (uint32_t tid = 0; tid < end && nlate < MAX_LATE; tid++) {
    struct wp__send_mark *p = send_mark(d, tid, false);
    if (!p)
      continue; /* a chunk nobody sent from */
    struct wp__send_mark m;
    m.tick = __atomic_load_n(&p->tick, __ATOMIC_ACQUIRE);
    m.site = __atomic_load_n(&p->site, __ATOMIC_RELAXED);
    m.thread = __atomic_load_n(&p->thread, __ATOMIC_RELAXED);
    m.started = __atomic_load_n(&p->started, __ATOMIC_RELAXED);
    if (m.tick && !wp__hb_before((wp__epoch){(int)tid, m.tick}))
      late[nlate++] = m;
  }
  for (int i = 0; i < nlate; i++) {
    wp__related rel[] = {{"queue created", q->site, 0},
                         {"closed", site, wp__dbg_thread()}};
    wp__who sender = {late[i].thread, late[i].started};
    wp__dbg_report_by(sender, WP__RULE_SEND_AFTER_CLOSE, late[i].site, rel, 2,
                   "this send is not ordered before the close of its queue: "
                   "on another schedule it runs after the close; make the "
                   "closer wait for every sender (a waitgroup) first");
  }
}

void wp__dbg_queue_double_close(wp_queue *q, const wp_site *site) {
  struct wp__queue_debug *d = q->debug;
  if (!d)
    return;
  wp__related rel[] = {{"queue created", q->site, 0},
                       {"first closed", d->close_site, d->close_thread}};
  wp__dbg_report(WP__RULE_DOUBLE_CLOSE, site, rel, 2,
                 "the queue is closed a second time; let one owner close it "
                 "(after the last send), or guard the close with a flag "
                 "under a mutex");
}

bool wp__dbg_queue_free(wp_queue *q, const wp_site *site) {
  struct wp__queue_debug *d = q->debug;
  if (!d)
    return false;
  if (!wp__dbg_queue_live(q, site, "wp_queue_free"))
    return true; /* a second free: already in quarantine */
  wp_queue *evict = NULL;
  pthread_mutex_lock(&objects);
  WP__STORE(&d->magic, FREED);
  d->free_site = site;
  if (d->prev)
    d->prev->next = d->next;
  else
    live_queues = d->next;
  if (d->next)
    d->next->prev = d->prev;
  evict = queue_quarantine[queue_quarantine_next];
  queue_quarantine[queue_quarantine_next] = q;
  queue_quarantine_next = (queue_quarantine_next + 1) % QUARANTINE;
  pthread_mutex_unlock(&objects);
  if (evict) {
    /* The queue first: its dispose waits out any thread still inside. */
    struct wp__queue_debug *ed = evict->debug;
    wp__queue_dispose(evict);
    wp__tid_table_free(&ed->high_sends);
    wp__vclock_clear(&ed->sends_clock);
    wp__vclock_clear(&ed->close_clock);
    free(ed);
  }
  return true;
}

/* A site list for a report: where the blocked threads wait. */
static void waiting_sites(wp__waitq *wq, wp__related *rel, int *nrel,
                          int max, const char *what, int *count) {
  for (wp__waiter *w = wq->head; w; w = w->next) {
    ++*count;
    bool dup = false;
    for (int i = 0; i < *nrel; i++)
      dup |= rel[i].site == w->site;
    if (!dup && *nrel < max)
      rel[(*nrel)++] = (wp__related){what, w->site, 0};
  }
}

int wp__dbg_check_queues_at_exit(bool leaks_too) {
  int blocked = 0;
  pthread_mutex_lock(&objects);
  for (struct wp__queue_debug *d = live_queues; d; d = d->next) {
    wp_queue *q = d->q;
    wp__related rel[8];
    int nrel = 0, receivers = 0, senders = 0;
    wp__q_lock_all(q);
    bool closed = q->closed;
    if (!closed)
      waiting_sites(&q->recvq, rel, &nrel, 8, "waiting to receive",
                    &receivers);
    waiting_sites(&q->sendq, rel, &nrel, 8, "waiting to send", &senders);
    wp__q_unlock_all(q);
    blocked += receivers + senders;
    if (receivers > 0) {
      wp__dbg_report(WP__RULE_UNCLOSED_QUEUE, q->site, rel, nrel,
                     "%d thread%s still wait%s to receive from this queue, "
                     "which was never closed; close it after the last send",
                     receivers, receivers == 1 ? "" : "s",
                     receivers == 1 ? "s" : "");
    } else if (!leaks_too) {
      continue; /* at a deadlock: that is the finding, not its leaks */
    } else if (senders > 0) {
      wp__dbg_report(WP__RULE_LEAK, q->site, rel, nrel,
                     "%d thread%s still blocked sending to this queue at exit",
                     senders, senders == 1 ? " is" : "s are");
    } else {
      wp__dbg_report(WP__RULE_LEAK, q->site, NULL, 0,
                     "queue never freed (wp_queue_free)");
    }
  }
  pthread_mutex_unlock(&objects);
  return blocked;
}

/* ---- pools ---- */

typedef struct wp__pool_debug {
  wp_pool *p; /* keeps a quarantined pool's memory reachable (valgrind) */
  const wp_site *site, *free_site;
  bool freed; /* set (release) after free_site, under `objects` */
  struct wp__pool_debug *next;
} pool_debug;

/* Every pool's record, freed ones kept: a freed pool's memory is never
 * released in debug mode (quarantine), so no record's address is reused. */
static pool_debug *pools;

pool_debug *wp__dbg_pool_new(wp_pool *p, const wp_site *site) {
  pool_debug *d = calloc(1, sizeof *d);
  if (!d)
    return NULL;
  d->p = p;
  d->site = site;
  pthread_mutex_lock(&objects);
  d->next = pools;
  pools = d;
  pthread_mutex_unlock(&objects);
  return d;
}

bool wp__dbg_pool_live(pool_debug *d, const wp_site *site, const char *op) {
  if (!d || !WP__LOAD(&d->freed))
    return true;
  wp__related rel[] = {{"pool created", d->site, 0},
                       {"freed", d->free_site, 0}};
  wp__dbg_report(WP__RULE_USE_AFTER_FREE, site, rel, 2,
                 "%s on a pool that was already freed", op);
  return false;
}

bool wp__dbg_pool_free(pool_debug *d, const wp_site *site) {
  if (!d)
    return false;
  pthread_mutex_lock(&objects);
  bool quarantine = !d->freed;
  if (quarantine) {
    d->free_site = site;
    WP__STORE(&d->freed, true);
  }
  pthread_mutex_unlock(&objects);
  return quarantine;
}

void wp__dbg_check_pools_at_exit(void) {
  pthread_mutex_lock(&objects);
  for (pool_debug *d = pools; d; d = d->next)
    if (!d->freed)
      wp__dbg_report(WP__RULE_LEAK, d->site, NULL, 0,
                     "pool never freed (wp_pool_free)");
  pthread_mutex_unlock(&objects);
}

/* ---- waitgroups ----
 * A waitgroup is the user's memory, so debug mode keeps its facts in a
 * table indexed by the id stored in the waitgroup (debug_id_), and its
 * identity in self_: the address it was first used at.  A copy carries
 * both, so its address gives it away. */

typedef struct wait_mark {
  uint32_t tick; /* the thread's tick at the event; 0: none */
  const wp_site *site;
  wp__who who;
} wait_mark;

/* With the objects lock held: remember (tid, tick, site) in marks. */
static void put_mark(wait_mark **marks, int *n, wp__epoch e,
                     const wp_site *site) {
  if (e.tid < 0)
    return;
  if (e.tid >= *n) {
    int want = e.tid + 8;
    wait_mark *grown = realloc(*marks, (size_t)want * sizeof *grown);
    if (!grown)
      return;
    memset(grown + *n, 0, (size_t)(want - *n) * sizeof *grown);
    *marks = grown;
    *n = want;
  }
  (*marks)[e.tid] = (wait_mark){e.tick, site, wp__dbg_who()};
}

/* With the objects lock held: a mark not ordered before the caller. */
static bool unordered_mark(const wait_mark *marks, int n, wait_mark *found) {
  for (int tid = 0; tid < n; tid++)
    if (marks[tid].tick && !wp__hb_before((wp__epoch){tid, marks[tid].tick})) {
      *found = marks[tid];
      return true;
    }
  return false;
}

struct wp__wg_debug {
  const void *addr;
  const wp_site *first_site, *destroy_site;
  int32_t count;
  bool destroyed, copied;
  wp__vclock done_clock;  /* released by every done, acquired by waits */
  wait_mark *waits;       /* per thread number: its latest wait */
  int nwaits;
  wait_mark *raises;      /* per thread number: its latest add from zero */
  int nraises;
  const wp_site *missing_site; /* a counted task that ended without done */
  wp__lock lock;               /* guards waits, raises, missing_site */
};
typedef struct wp__wg_debug wg_entry;

/* Per thread: adds not yet matched by a spawn, and the task's own count. */
enum { CREDITS = 8 };
static _Thread_local struct credit {
  wg_entry *e;
  int n;
} credits[CREDITS];
static _Thread_local bool no_credit = true; /* every credits[i].n is 0 */
static _Thread_local wg_entry *counted_by; /* the waitgroup counting us */
static _Thread_local bool counted_done;    /* and we did its done */

static void give_credit(wg_entry *e, int n) {
  struct credit *slot = &credits[0];
  no_credit = false;
  for (int i = 0; i < CREDITS; i++) {
    if (credits[i].e == e) {
      /* Saturating: a counter can legally be raised to INT32_MAX. */
      credits[i].n = n > INT_MAX - credits[i].n ? INT_MAX : credits[i].n + n;
      return;
    }
    if (credits[i].n < slot->n)
      slot = &credits[i];
  }
  *slot = (struct credit){e, n};
}

void *wp__dbg_take_credit(void) {
  if (no_credit) /* most spawns: a pool's jobs, wp_wg_go */
    return NULL;
  for (int i = 0; i < CREDITS; i++)
    if (credits[i].n > 0) {
      credits[i].n--;
      return credits[i].e;
    }
  no_credit = true;
  return NULL;
}

void wp__dbg_counting_begin(void *counted) {
  counted_by = counted;
  counted_done = false;
  if (!no_credit) {
    memset(credits, 0, sizeof credits);
    no_credit = true;
  }
}

void wp__dbg_counting_end(const wp_site *spawned_at) {
  wg_entry *e = counted_by;
  counted_by = NULL;
  if (!e || counted_done)
    return;
  wp__lock_acquire(&e->lock);
  if (!e->missing_site)
    e->missing_site = spawned_at;
  wp__lock_release(&e->lock);
}

/* Entries by id (1-based), in chunks that never move, so a waitgroup's
 * entry is found without a lock; entries are never freed. */
enum { CHUNK = 1024, CHUNKS = 4096 };
static wg_entry **chunks[CHUNKS];
static size_t nwgs; /* published with release after the entry is in place */

static wg_entry *entry_at(uint32_t id) {
  if (id < 1 || id > WP__LOAD(&nwgs))
    return NULL;
  return WP__LOAD(&chunks[(id - 1) / CHUNK])[(id - 1) % CHUNK];
}

/* With the objects lock held: the entry for a new waitgroup at wg. */
static uint32_t new_wg_entry(wp_wg *wg, const wp_site *site) {
  size_t i = nwgs;
  if (i / CHUNK >= CHUNKS)
    return 0; /* too many: not tracked */
  if (!chunks[i / CHUNK]) {
    wg_entry **chunk = calloc(CHUNK, sizeof *chunk);
    if (!chunk)
      return 0;
    WP__STORE(&chunks[i / CHUNK], chunk);
  }
  wg_entry *e = calloc(1, sizeof *e);
  if (!e)
    return 0;
  e->addr = wg;
  e->first_site = site;
  chunks[i / CHUNK][i % CHUNK] = e;
  WP__STORE(&nwgs, i + 1);
  return (uint32_t)(i + 1); /* at most CHUNK * CHUNKS */
}

/* Publishes wg's identity (readers check self_ first, with acquire). */
static void adopt(wp_wg *wg, const wp_site *site) {
  wg->debug_id_ = new_wg_entry(wg, site);
  __atomic_store_n(&wg->self_, (const void *)wg, __ATOMIC_RELEASE);
}

void wp__dbg_wg_init(wp_wg *wg, const wp_site *site) {
  pthread_mutex_lock(&objects);
  adopt(wg, site);
  pthread_mutex_unlock(&objects);
}

bool wp__dbg_wg_use(wp_wg *wg, const wp_site *site, const char *op,
                    wg_entry **entry) {
  /* The common case, without a lock: the original, live waitgroup. */
  if (__atomic_load_n(&wg->self_, __ATOMIC_ACQUIRE) == wg) {
    wg_entry *e = entry_at(wg->debug_id_);
    if (e && !WP__LOAD(&e->destroyed)) {
      *entry = e;
      return true;
    }
  }
  pthread_mutex_lock(&objects);
  if (wg->self_ == NULL) /* first use of a zeroed waitgroup */
    adopt(wg, site);
  wg_entry *e = entry_at(wg->debug_id_);
  bool copy = wg->self_ != wg && e;
  bool destroyed = !copy && e && e->destroyed;
  wp__related rel[2] = {{"waitgroup first used", e ? e->first_site : NULL, 0},
                        {"destroyed", e ? e->destroy_site : NULL, 0}};
  if (copy)
    WP__STORE(&e->copied, true);
  pthread_mutex_unlock(&objects);
  /* The entry, not the user's memory, is what later hooks use: once the
   * operation is done, the waitgroup may be gone (a waiter returned). */
  *entry = copy ? NULL : e;
  if (copy && e == counted_by) /* a done on a copy: by-value says it */
    counted_done = true;

  if (copy)
    wp__dbg_report(WP__RULE_WAITGROUP_BY_VALUE, site, rel, 1,
                   "%s on a copy of a waitgroup: the original never sees it; "
                   "pass a wp_wg * instead of a wp_wg", op);
  else if (destroyed)
    wp__dbg_report(WP__RULE_USE_AFTER_FREE, site, rel, 2,
                   "%s on a waitgroup after wp_wg_destroy", op);
  return !destroyed;
}

void wp__dbg_wg_negative(wg_entry *e, const wp_site *site, int count,
                         int delta) {
  if (e) /* on a copy, waitgroup-by-value says it already */
    wp__dbg_report(WP__RULE_NEGATIVE_COUNTER, site, NULL, 0,
                   "the waitgroup counter would go below zero (%d %+d); "
                   "every done needs exactly one add before it",
                   count, delta);
}

/* add-inside-thread: a task's add that raises the counter from zero must be
 * ordered before every wait on the waitgroup, or on another schedule the
 * wait returns before the add (or misses it).  Each thread's latest such
 * add and latest wait are kept, and each new one is compared with the
 * other kind, so the race is found whichever came first on this run. */
static void report_add_inside(wp__who adder, const wp_site *add,
                              const wp_site *wait, int waiter) {
  wp__related rel[] = {{"the wait it races with", wait, waiter}};
  wp__dbg_report_by(adder, WP__RULE_ADD_INSIDE_THREAD, add, rel, 1,
                 "wp_wg_add inside the thread it counts races with the "
                 "wait: the wait can return before this add; add before "
                 "starting the thread, or use wp_wg_go");
}

void wp__dbg_wg_added(wg_entry *e, const wp_site *site, int before,
                      int delta) {
  if (!e)
    return;
  WP__ADD(&e->count, delta); /* in any order: the sum is what counts */
  bool racing = false;
  wait_mark wait;
  if (delta > 0 && before == 0 && wp__dbg_task_site() != NULL) {
    wp__epoch now = wp__hb_now();
    wp__lock_acquire(&e->lock);
    put_mark(&e->raises, &e->nraises, now, site);
    racing = unordered_mark(e->waits, e->nwaits, &wait);
    wp__lock_release(&e->lock);
  }
  if (delta > 0)
    give_credit(e, delta);
  if (delta < 0 && e == counted_by)
    counted_done = true;
  if (racing)
    report_add_inside(wp__dbg_who(), site, wait.site, wait.who.thread);
}

void wp__dbg_wg_releasing(wg_entry *e) {
  if (e) /* entries never move or go */
    wp__hb_release(&e->done_clock);
}

void wp__dbg_wg_wait_begin(wg_entry *e, const wp_site *site) {
  if (!e)
    return;
  wp__epoch now = wp__hb_now();
  wait_mark add;
  wp__lock_acquire(&e->lock);
  bool racing = unordered_mark(e->raises, e->nraises, &add);
  put_mark(&e->waits, &e->nwaits, now, site);
  wp__lock_release(&e->lock);
  if (racing)
    report_add_inside(add.who, add.site, site, wp__dbg_thread());
}

void wp__dbg_wg_wait_end(wg_entry *e) {
  if (e)
    wp__hb_acquire(&e->done_clock);
}

void wp__dbg_wg_destroy(wg_entry *e, const wp_site *site) {
  if (!e)
    return;
  pthread_mutex_lock(&objects);
  e->destroy_site = site;
  WP__STORE(&e->destroyed, true);
  pthread_mutex_unlock(&objects);
}

void wp__dbg_check_missing_done_at_exit(void) {
  pthread_mutex_lock(&objects);
  for (size_t i = 0; i < nwgs; i++) {
    /* Threads may still run: read what they write as they write it. */
    wg_entry *e = entry_at(i + 1);
    int32_t count = WP__LOAD(&e->count);
    wp__lock_acquire(&e->lock);
    const wp_site *missing = e->missing_site;
    wp__lock_release(&e->lock);
    if (count <= 0 || !missing || WP__LOAD(&e->copied))
      continue;
    wp__related rel[] = {{"waitgroup first used", e->first_site, 0}};
    wp__dbg_report(WP__RULE_MISSING_DONE, missing, rel, 1,
                   "the thread started here (%s) ended without wp_wg_done, "
                   "so the waitgroup stays at %d; call done on every path "
                   "(WP_DEFER_DONE), or start it with wp_wg_go",
                   missing->expr ? missing->expr : "it", (int)count);
    WP__STORE(&e->destroyed, true); /* explained: no leak report for it */
  }
  pthread_mutex_unlock(&objects);
}

void wp__dbg_check_wgs_at_exit(void) {
  pthread_mutex_lock(&objects);
  for (size_t i = 0; i < nwgs; i++) {
    wg_entry *e = entry_at(i + 1);
    int32_t count = WP__LOAD(&e->count);
    if (count > 0 && !WP__LOAD(&e->destroyed) && !WP__LOAD(&e->copied))
      wp__dbg_report(WP__RULE_LEAK, e->first_site, NULL, 0,
                     "waitgroup counter still %d at exit: a counted thread "
                     "never called done",
                     (int)count);
  }
  pthread_mutex_unlock(&objects);
}
