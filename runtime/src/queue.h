/* The queue's insides, shared by queue.c and select.c. */
#ifndef WP_QUEUE_H
#define WP_QUEUE_H

#include <string.h>

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
} wp__waiter;

typedef struct wp__waitq {
  wp__waiter *head, *tail;
} wp__waitq;

struct wp_queue {
  wp__lock lock;
  bool closed;
  size_t elem_size;
  size_t cap;
  size_t len;  /* elements in the ring; written under lock, read relaxed */
  size_t head; /* index of the oldest element */
  wp__waitq recvq, sendq;
  const wp_site *site; /* where it was created (debug reports) */
  bool internal;       /* a pool's job queue: not the user's object */
  /* ThreadSanitizer builds: never read or written; a whole 8-byte word so
   * that TSan's shadow of it holds only the protocol's accesses (reads of
   * a neighbouring field would evict them from the shadow cells). */
  uint64_t race_;
  struct wp__queue_debug *debug; /* debug mode's record, else NULL */
  _Alignas(16) unsigned char buf[];
};

/* Debug mode's record of a user queue (debug_objects.c). */
struct wp__send_mark {
  uint32_t tick; /* the sending thread's tick at its latest send; 0: none */
  const wp_site *site;
};

struct wp__queue_debug {
  uint32_t magic; /* live or freed */
  const wp_site *close_site, *free_site;
  int close_thread;
  struct wp__queue_debug *next, *prev; /* all live queues */
  wp_queue *q;
  wp__vclock sends_clock; /* released by every send, acquired by receives */
  wp__vclock close_clock; /* released by the close */
  struct wp__send_mark *sends; /* per thread number: its latest send */
  int nsends;
  wp__lock marks_lock;         /* guards sends, nsends */
};

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

static inline unsigned char *wp__q_slot(wp_queue *q, size_t i) {
  size_t at = q->head + i;
  if (at >= q->cap)
    at -= q->cap;
  return q->buf + at * q->elem_size;
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

/* With q locked: try to send *elem.  *wake is set to a waiter to signal
 * after unlocking (a receiver that got the element directly). */
WP__INTERNAL int wp__q_send_locked(wp_queue *q, const void *elem,
                                   wp__waiter **wake);
/* With q locked: try to receive into elem (NULL discards). */
WP__INTERNAL int wp__q_recv_locked(wp_queue *q, void *elem, wp__waiter **wake);

#endif
