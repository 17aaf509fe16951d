/* Debug mode's view of the user's queues: which exist, where they were
 * created, closed and freed, every thread's latest send on each (checked
 * against the close), and which operations touch a freed one.
 *
 * Freed queues are not released at once but kept in a quarantine (as
 * AddressSanitizer does), so a later use is recognised and reported
 * instead of touching reused memory. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "debug.h"
#include "debug_exit.h"
#include "queue.h"

enum { LIVE = WP__DBG_QUEUE_LIVE, FREED = 0x57504644u, QUARANTINE = 1024 };

static pthread_mutex_t queues_lock = PTHREAD_MUTEX_INITIALIZER;

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
  pthread_mutex_lock(&queues_lock);
  d->next = live_queues;
  if (live_queues)
    live_queues->prev = d;
  live_queues = d;
  pthread_mutex_unlock(&queues_lock);
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
  if (tid < WP__VC_INLINE) /* the common case: callgrind, 5 instructions a
                              send fewer than through wp__tid_entry */
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
  pthread_mutex_lock(&queues_lock);
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
  pthread_mutex_unlock(&queues_lock);
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
  pthread_mutex_lock(&queues_lock);
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
  pthread_mutex_unlock(&queues_lock);
  return blocked;
}
