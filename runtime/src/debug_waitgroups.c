/* Debug mode's view of the user's waitgroups, and of the tasks they
 * count (missing-done).  A waitgroup is the user's memory, so debug mode
 * keeps its facts in a table indexed by the id stored in the waitgroup
 * (debug_id_), and its identity in self_: the address it was first used
 * at.  A copy carries both, so its address gives it away. */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "debug.h"
#include "debug_exit.h"

static pthread_mutex_t wgs_lock = PTHREAD_MUTEX_INITIALIZER;

typedef struct wait_mark {
  uint32_t tick; /* the thread's tick at the event; 0: none */
  const wp_site *site;
  wp__who who;
} wait_mark;

/* With wgs_lock held: remember (tid, tick, site) in marks. */
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

/* With wgs_lock held: a mark not ordered before the caller. */
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

/* With wgs_lock held: the entry for a new waitgroup at wg. */
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
  pthread_mutex_lock(&wgs_lock);
  adopt(wg, site);
  pthread_mutex_unlock(&wgs_lock);
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
  pthread_mutex_lock(&wgs_lock);
  if (wg->self_ == NULL) /* first use of a zeroed waitgroup */
    adopt(wg, site);
  wg_entry *e = entry_at(wg->debug_id_);
  bool copy = wg->self_ != wg && e;
  bool destroyed = !copy && e && e->destroyed;
  wp__related rel[2] = {{"waitgroup first used", e ? e->first_site : NULL, 0},
                        {"destroyed", e ? e->destroy_site : NULL, 0}};
  if (copy)
    WP__STORE(&e->copied, true);
  pthread_mutex_unlock(&wgs_lock);
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
  pthread_mutex_lock(&wgs_lock);
  e->destroy_site = site;
  WP__STORE(&e->destroyed, true);
  pthread_mutex_unlock(&wgs_lock);
}

void wp__dbg_check_missing_done_at_exit(void) {
  pthread_mutex_lock(&wgs_lock);
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
  pthread_mutex_unlock(&wgs_lock);
}

void wp__dbg_check_wgs_at_exit(void) {
  pthread_mutex_lock(&wgs_lock);
  for (size_t i = 0; i < nwgs; i++) {
    wg_entry *e = entry_at(i + 1);
    int32_t count = WP__LOAD(&e->count);
    if (count > 0 && !WP__LOAD(&e->destroyed) && !WP__LOAD(&e->copied))
      wp__dbg_report(WP__RULE_LEAK, e->first_site, NULL, 0,
                     "waitgroup counter still %d at exit: a counted thread "
                     "never called done",
                     (int)count);
  }
  pthread_mutex_unlock(&wgs_lock);
}
