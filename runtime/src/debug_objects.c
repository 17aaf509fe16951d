/* Debug mode's view of the user's objects: which queues, pools and
 * waitgroups exist, where they were created, closed, freed or destroyed,
 * and which operations touch a copy or a freed object.
 *
 * Freed queues and pools are not released at once but kept in a quarantine
 * (as AddressSanitizer does), so a later use is recognised and reported
 * instead of touching reused memory. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "debug.h"
#include "debug_exit.h"
#include "queue.h"

enum { LIVE = 0x57504c56u, FREED = 0x57504644u, QUARANTINE = 1024 };

static pthread_mutex_t objects = PTHREAD_MUTEX_INITIALIZER;

/* ---- queues ---- */

static struct wp__queue_debug *live_queues;
static wp_queue *queue_quarantine[QUARANTINE];
static size_t queue_quarantine_next;

void wp__dbg_queue_new(wp_queue *q) {
  if (q->internal)
    return;
  struct wp__queue_debug *d = calloc(1, sizeof *d);
  if (!d)
    return; /* not tracked: debug mode degrades, the program goes on */
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

bool wp__dbg_queue_live(wp_queue *q, const wp_site *site, const char *op) {
  struct wp__queue_debug *d = q->debug;
  if (!d || WP__LOAD(&d->magic) == LIVE)
    return true;
  wp__related rel[] = {{"queue created", q->site, 0},
                       {"freed", d->free_site, 0}};
  wp__dbg_report(WP__RULE_USE_AFTER_FREE, site, rel, 2,
                 "%s on a queue that was already freed", op);
  return false;
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
    free(evict->debug);
    wp__free(evict);
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

int wp__dbg_check_queues_at_exit(void) {
  int blocked = 0;
  pthread_mutex_lock(&objects);
  for (struct wp__queue_debug *d = live_queues; d; d = d->next) {
    wp_queue *q = d->q;
    wp__related rel[8];
    int nrel = 0, receivers = 0, senders = 0;
    wp__lock_acquire(&q->lock);
    bool closed = q->closed;
    if (!closed)
      waiting_sites(&q->recvq, rel, &nrel, 8, "waiting to receive",
                    &receivers);
    waiting_sites(&q->sendq, rel, &nrel, 8, "waiting to send", &senders);
    wp__lock_release(&q->lock);
    blocked += receivers + senders;
    if (receivers > 0) {
      wp__dbg_report(WP__RULE_UNCLOSED_QUEUE, q->site, rel, nrel,
                     "%d thread%s still wait%s to receive from this queue, "
                     "which was never closed; close it after the last send",
                     receivers, receivers == 1 ? "" : "s",
                     receivers == 1 ? "s" : "");
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

typedef struct pool_debug {
  wp_pool *p;
  const wp_site *site, *free_site;
  bool freed;
  struct pool_debug *next;
} pool_debug;

static pool_debug *pools; /* every pool, freed ones kept (quarantine) */

static pool_debug *find_pool(wp_pool *p) {
  for (pool_debug *d = pools; d; d = d->next)
    if (d->p == p)
      return d;
  return NULL;
}

void wp__dbg_pool_new(wp_pool *p, const wp_site *site) {
  pool_debug *d = calloc(1, sizeof *d);
  if (!d)
    return;
  d->p = p;
  d->site = site;
  pthread_mutex_lock(&objects);
  pool_debug *old = find_pool(p); /* an address reused after eviction */
  if (old)
    old->p = NULL;
  d->next = pools;
  pools = d;
  pthread_mutex_unlock(&objects);
}

bool wp__dbg_pool_live(wp_pool *p, const wp_site *site, const char *op) {
  pthread_mutex_lock(&objects);
  pool_debug *d = find_pool(p);
  bool freed = d && d->freed;
  wp__related rel[] = {{"pool created", d ? d->site : NULL, 0},
                       {"freed", d ? d->free_site : NULL, 0}};
  pthread_mutex_unlock(&objects);
  if (freed)
    wp__dbg_report(WP__RULE_USE_AFTER_FREE, site, rel, 2,
                   "%s on a pool that was already freed", op);
  return !freed;
}

bool wp__dbg_pool_free(wp_pool *p, const wp_site *site) {
  pthread_mutex_lock(&objects);
  pool_debug *d = find_pool(p);
  bool quarantine = d && !d->freed;
  if (quarantine) {
    d->freed = true;
    d->free_site = site;
  }
  pthread_mutex_unlock(&objects);
  return quarantine;
}

void wp__dbg_check_pools_at_exit(void) {
  pthread_mutex_lock(&objects);
  for (pool_debug *d = pools; d; d = d->next)
    if (d->p && !d->freed)
      wp__dbg_report(WP__RULE_LEAK, d->site, NULL, 0,
                     "pool never freed (wp_pool_free)");
  pthread_mutex_unlock(&objects);
}

/* ---- waitgroups ----
 * A waitgroup is the user's memory, so debug mode keeps its facts in a
 * table indexed by the id stored in the waitgroup (debug_id_), and its
 * identity in self_: the address it was first used at.  A copy carries
 * both, so its address gives it away. */

typedef struct wg_entry {
  const void *addr;
  const wp_site *first_site, *destroy_site;
  int32_t count;
  bool destroyed, copied;
} wg_entry;

static wg_entry *wgs;
static size_t nwgs, capwgs;

/* With the objects lock held: the entry for a new waitgroup at wg. */
static uint64_t new_wg_entry(wp_wg *wg, const wp_site *site) {
  if (nwgs == capwgs) {
    size_t cap = capwgs ? capwgs * 2 : 64;
    wg_entry *grown = realloc(wgs, cap * sizeof *grown);
    if (!grown)
      return 0;
    wgs = grown;
    capwgs = cap;
  }
  wgs[nwgs] = (wg_entry){.addr = wg, .first_site = site};
  return ++nwgs;
}

void wp__dbg_wg_init(wp_wg *wg, const wp_site *site) {
  pthread_mutex_lock(&objects);
  wg->debug_id_ = new_wg_entry(wg, site);
  wg->self_ = wg;
  pthread_mutex_unlock(&objects);
}

bool wp__dbg_wg_use(wp_wg *wg, const wp_site *site, const char *op) {
  pthread_mutex_lock(&objects);
  if (wg->self_ == NULL) { /* first use of a zeroed waitgroup */
    wg->debug_id_ = new_wg_entry(wg, site);
    wg->self_ = wg;
  }
  uint64_t id = wg->debug_id_;
  wg_entry *e = id >= 1 && id <= nwgs ? &wgs[id - 1] : NULL;
  bool copy = wg->self_ != wg && e;
  bool destroyed = !copy && e && e->destroyed;
  wp__related rel[2] = {{"waitgroup first used", e ? e->first_site : NULL, 0},
                        {"destroyed", e ? e->destroy_site : NULL, 0}};
  if (copy)
    e->copied = true;
  pthread_mutex_unlock(&objects);

  if (copy)
    wp__dbg_report(WP__RULE_WAITGROUP_BY_VALUE, site, rel, 1,
                   "%s on a copy of a waitgroup: the original never sees it; "
                   "pass a wp_wg * instead of a wp_wg", op);
  else if (destroyed)
    wp__dbg_report(WP__RULE_USE_AFTER_FREE, site, rel, 2,
                   "%s on a waitgroup after wp_wg_destroy", op);
  return !destroyed;
}

/* With the waitgroup known: its entry if it is the original, else NULL. */
static wg_entry *original_entry(wp_wg *wg) {
  uint64_t id = wg->debug_id_;
  if (wg->self_ != wg || id < 1 || id > nwgs)
    return NULL;
  return &wgs[id - 1];
}

void wp__dbg_wg_negative(wp_wg *wg, const wp_site *site, int count,
                         int delta) {
  pthread_mutex_lock(&objects);
  bool original = original_entry(wg) != NULL;
  pthread_mutex_unlock(&objects);
  if (original) /* on a copy, waitgroup-by-value says it already */
    wp__dbg_report(WP__RULE_NEGATIVE_COUNTER, site, NULL, 0,
                   "the waitgroup counter would go below zero (%d %+d); "
                   "every done needs exactly one add before it",
                   count, delta);
}

void wp__dbg_wg_count(wp_wg *wg, int32_t count) {
  pthread_mutex_lock(&objects);
  wg_entry *e = original_entry(wg);
  if (e)
    e->count = count;
  pthread_mutex_unlock(&objects);
}

void wp__dbg_wg_destroy(wp_wg *wg, const wp_site *site) {
  pthread_mutex_lock(&objects);
  wg_entry *e = original_entry(wg);
  if (e) {
    e->destroyed = true;
    e->destroy_site = site;
  }
  pthread_mutex_unlock(&objects);
}

void wp__dbg_check_wgs_at_exit(void) {
  pthread_mutex_lock(&objects);
  for (size_t i = 0; i < nwgs; i++) {
    wg_entry *e = &wgs[i];
    if (e->count > 0 && !e->destroyed && !e->copied)
      wp__dbg_report(WP__RULE_LEAK, e->first_site, NULL, 0,
                     "waitgroup counter still %d at exit: a counted thread "
                     "never called done",
                     (int)e->count);
  }
  pthread_mutex_unlock(&objects);
}
