/* The queue's insides, shared by queue.c and select.c. */
#ifndef WP_QUEUE_H
#define WP_QUEUE_H

#include <string.h>

#include "debug.h"
#include "debug_hb.h"
#include "park.h"
#include "tsan.h"

/* One blocked operation on one queue: a plain send or receive, or one case
 * of a select.  Lives on the blocked thread's stack (or its select array). */
typedef struct wp__waiter {
  struct wp__waiter *next, *prev;
  wp__parker *parker; /* shared by all the waiters of one select */
  void *elem;         /* send: the element; receive: where it goes, or NULL */
  int index;          /* select: the case's index */
  int status;         /* written by the completer: WP_OK or WP_ECLOSED */
  bool linked;        /* still in its queue's list */
  const wp_site *site; /* where the blocked call was made (debug reports) */
  wp__stamp stamp;     /* debug mode: the element's (see debug_hb.h) */
} wp__waiter;

typedef struct wp__waitq {
  wp__waiter *head, *tail;
  /* Buffered queues: where the list's length is kept, for the other side
   * to read without the list's lock (wp__q_other_waits); else NULL. */
  size_t *count;
} wp__waitq;

#define WP__CACHE_LINE 64

/* A buffered queue is a ring with two sides, each under its own lock:
 * senders (`lock`) own `tail`, receivers (`rlock`) own `head`, and each side
 * reads the other's index only when its cached copy says the ring is full
 * or empty, so a sender and a receiver on two cores share no cache line but
 * the elements'.  Blocked senders wait on `sendq` (under `lock`), blocked
 * receivers on `recvq` (under `rlock`); a side that moved an element checks
 * the other side's list after a full fence (wp__q_other_waits), and a
 * thread that joins a list re-checks the ring after one: one of the two
 * always sees the other.  An unbuffered queue uses `lock` alone. */
struct wp_queue {
  /* Read on every operation; written at creation, close, or when a thread
   * blocks or wakes. */
  size_t elem_size;
  /* A ring slot's bytes: the element, then in a debug-mode queue its
   * stamp (at wp__q_stamp_offset), so that the cache line that carries an
   * element to its receiver carries its stamp too. */
  size_t slot_size;
  size_t cap;
  bool closed;   /* written with every lock of the queue held */
  bool internal; /* a pool's job queue: not the user's object */
  int busy;      /* threads serving the other side after an operation: a
                    free waits for them (see wp__q_release) */
  size_t nsend, nrecv; /* buffered: the lengths of sendq and recvq */
  const wp_site *site; /* where it was created (debug reports) */
  struct wp__queue_debug *debug; /* debug mode's record, else NULL */
  /* ThreadSanitizer builds: never read or written; a whole 8-byte word so
   * that TSan's shadow of it holds only the protocol's accesses (reads of
   * a neighbouring field would evict them from the shadow cells). */
  uint64_t race_;

  /* The sending side; an unbuffered queue's lock and lists share a line. */
  _Alignas(WP__CACHE_LINE) wp__lock lock;
  wp__waitq sendq, recvq;
  size_t tail;      /* elements ever put in the ring (release-stored) */
  size_t tail_at;   /* the ring slot they go to next */
  size_t head_seen; /* the last value of head this side read */

  /* The receiving side. */
  _Alignas(WP__CACHE_LINE) wp__lock rlock;
  size_t head;      /* elements ever taken from the ring (release-stored) */
  size_t head_at;   /* the ring slot they come from next */
  size_t tail_seen; /* the last value of tail this side read */

  _Alignas(WP__CACHE_LINE) unsigned char buf[];
};

/* Debug mode's record of a user queue (debug_queues.c).  Laid out by who
 * writes what: every send writes the sends clock and its own thread's send
 * mark (a cache line each, so senders on two cores do not share one), and
 * every operation reads the first line. */
struct wp__send_mark {
  _Alignas(WP__CACHE_LINE) uint32_t tick; /* the sending thread's tick at its
                                             latest send; 0: none */
  const wp_site *site;
  int thread;            /* the sender, as reports name it */
  const wp_site *started;
};

struct wp__queue_debug {
  uint32_t magic; /* live or freed */
  const wp_site *close_site, *free_site;
  int close_thread;
  struct wp__queue_debug *next, *prev; /* all live queues */
  wp_queue *q;
  void *high_sends;   /* see low_sends */
  uint32_t sends_end; /* one past the highest thread number that sent */
  wp__vclock close_clock; /* released by the close */
  _Alignas(WP__CACHE_LINE) wp__vclock sends_clock; /* released by every
                                        send, acquired by receives */
  /* Per thread number, its latest send (see wp__tid_entry): written by
   * that thread alone, read by the close. */
  struct wp__send_mark low_sends[WP__VC_INLINE];
};

/* False (after reporting use-after-free) if q was freed. */
static inline bool wp__dbg_queue_live(wp_queue *q, const wp_site *site,
                                      const char *op) {
  struct wp__queue_debug *d = q->debug;
  if (WP__LIKELY(!d || WP__LOAD(&d->magic) == WP__DBG_QUEUE_LIVE))
    return true;
  wp__dbg_queue_freed_use(q, site, op);
  return false;
}

/* Where a debug-mode slot's stamp starts: after the element, aligned. */
static inline size_t wp__q_stamp_offset(size_t elem_size) {
  size_t a = _Alignof(wp__stamp);
  return (elem_size + a - 1) / a * a;
}

/* Releases q's memory once no thread is still inside a call that made its
 * last element or its close visible (wp_queue_free, and debug mode when a
 * queue leaves its quarantine). */
WP__INTERNAL void wp__queue_dispose(wp_queue *q);

/* A queue that is part of another runtime object (a pool's jobs). */
WP__INTERNAL wp_queue *wp__queue_new_internal(size_t elem_size,
                                              size_t capacity);

/* What a locked operation did. */
enum { WP__Q_BLOCK = 0, WP__Q_DONE = 1, WP__Q_CLOSED = 2 };

static inline void wp__waitq_push(wp__waitq *wq, wp__waiter *w) {
  w->next = NULL;
  w->prev = wq->tail;
  if (wq->tail)
    wq->tail->next = w;
  else
    wq->head = w;
  wq->tail = w;
  w->linked = true;
  if (wq->count)
    WP__STORE_RELAXED(wq->count, *wq->count + 1);
}

static inline void wp__waitq_unlink(wp__waitq *wq, wp__waiter *w) {
  if (!w->linked)
    return;
  if (w->prev)
    w->prev->next = w->next;
  else
    wq->head = w->next;
  if (w->next)
    w->next->prev = w->prev;
  else
    wq->tail = w->prev;
  w->next = w->prev = NULL;
  w->linked = false;
  if (wq->count)
    WP__STORE_RELAXED(wq->count, *wq->count - 1);
}

/* Removes waiters from the front until one can be claimed (its operation is
 * still open) and returns it, or NULL.  Waiters whose select already fired
 * elsewhere or timed out are dropped on the way. */
static inline wp__waiter *wp__waitq_pop_claimed(wp__waitq *wq) {
  wp__waiter *w;
  while ((w = wq->head) != NULL) {
    wp__waitq_unlink(wq, w);
    if (wp__parker_claim(w->parker))
      return w;
  }
  return NULL;
}

/* Marks a claimed waiter complete; signal its parker after unlocking. */
static inline void wp__waiter_finish(wp__waiter *w, int status) {
  w->status = status;
  w->parker->fired = w->index;
}

static inline void wp__q_copy(void *dst, const void *src, size_t n) {
  /* Fixed-size copies of the common element sizes compile to moves. */
  switch (n) {
  case 4:
    memcpy(dst, src, 4);
    break;
  case 8:
    memcpy(dst, src, 8);
    break;
  case 16:
    memcpy(dst, src, 16);
    break;
  default:
    memcpy(dst, src, n);
  }
}

/* For TSan (tsan.h): a send reads, a close writes, the queue's race_ word,
 * at the start of the operation, before any lock orders the two.  A pool's
 * own job queue is not the user's: it is left out. */
static inline void wp__q_tsan_send(wp_queue *q) {
  if (q && !q->internal)
    wp__tsan_read(&q->race_);
}
static inline void wp__q_tsan_close(wp_queue *q) {
  if (q && !q->internal)
    wp__tsan_write(&q->race_);
}

/* The lock that guards op (WP_SEND or WP_RECV) on q, and its list of
 * blocked threads. */
static inline wp__lock *wp__q_lock_of(wp_queue *q, int op) {
  return op == WP_SEND || q->cap == 0 ? &q->lock : &q->rlock;
}
static inline wp__waitq *wp__q_waitq(wp_queue *q, int op) {
  return op == WP_SEND ? &q->sendq : &q->recvq;
}

/* Every lock of q, in address order (close, debug reports). */
static inline void wp__q_lock_all(wp_queue *q) {
  wp__lock_acquire(&q->lock);
  if (q->cap > 0)
    wp__lock_acquire(&q->rlock);
}
static inline void wp__q_unlock_all(wp_queue *q) {
  if (q->cap > 0)
    wp__lock_release(&q->rlock);
  wp__lock_release(&q->lock);
}

/* With q's send lock held: try to send *elem, stamped *stamp.  *wake is
 * set to a waiter to signal after unlocking (an unbuffered queue's
 * receiver that got it). */
WP__INTERNAL int wp__q_send_locked(wp_queue *q, const void *elem,
                                   const wp__stamp *stamp, wp__waiter **wake);
/* With q's receive lock held: try to receive into elem (NULL discards),
 * and the element's stamp into *stamp. */
WP__INTERNAL int wp__q_recv_locked(wp_queue *q, void *elem, wp__stamp *stamp,
                                   wp__waiter **wake);

/* With op's lock of a buffered q held, after the caller joined op's list:
 * moves what can move now, oldest waiter first (ring -> blocked receivers,
 * or blocked senders -> ring).  The waiters it completed are chained on
 * *woken through `next`, to be signalled after unlocking (wp__q_wake_all).
 * Returns how many elements moved. */
WP__INTERNAL size_t wp__q_serve_locked(wp_queue *q, int op,
                                       wp__waiter **woken);
WP__INTERNAL void wp__q_wake_all(wp__waiter *woken);

/* With op's lock of q held, after that operation put an element in the
 * ring (pushed) or took one out: true if threads wait on the other side.
 * False for an unbuffered queue, whose peers meet under one lock. */
static inline bool wp__q_other_waits(wp_queue *q, bool pushed) {
  if (q->cap == 0)
    return false;
  /* Pairs with the fence after a waiter joins its list (see struct
   * wp_queue): our ring update, then their count; or theirs, then our
   * ring. */
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  return WP__LOAD_RELAXED(pushed ? &q->nrecv : &q->nsend) != 0;
}

/* Releases l (a lock of q, held), wakes the chain `woken` and, if serve is
 * set, serves the threads waiting on the other side (after an operation
 * that pushed if `pushed`, else took out).  Once a woken thread returns it
 * may free q, so q is marked busy first (wp__queue_free waits for it). */
WP__INTERNAL void wp__q_release(wp_queue *q, wp__lock *l, wp__waiter *woken,
                                bool serve, bool pushed);
/* Serves the other side (no lock held, q marked busy). */
WP__INTERNAL void wp__q_settle(wp_queue *q, bool pushed);

#endif
