/* Queues: Go's channels.
 *
 * Unbuffered: one lock and two lists of blocked senders and receivers; an
 * element goes straight from a sender to a receiver, so a send completes
 * exactly when a receiver takes it.
 *
 * Buffered: a ring with a lock per side (see struct wp_queue).  A sender
 * and a receiver never take the same lock; a side that moved an element
 * serves the threads blocked on the other side (wp__q_release), oldest first,
 * and blocked senders keep their turn: a new sender queues behind them. */
#include "queue.h"

#include <sched.h>

#include "alloc.h"
#include "debug.h"

static wp_queue *queue_new(size_t elem_size, size_t capacity,
                           const wp_site *site, bool internal) {
  if (elem_size == 0 || elem_size > WP__MAX_ALLOC)
    return NULL;
  /* Debug mode tracks the user's queues, and their slots hold their
   * elements' stamps too. */
  bool debug = !internal && WP__DEBUG();
  size_t slot = debug && capacity > 0
                    ? wp__q_stamp_offset(elem_size) + sizeof(wp__stamp)
                    : elem_size;
  if (capacity > WP__MAX_ALLOC / slot)
    return NULL;
  size_t bytes = capacity * slot;
  if (bytes > WP__MAX_ALLOC - sizeof(wp_queue))
    return NULL;
  wp_queue *q = wp__malloc_aligned(WP__CACHE_LINE, sizeof(wp_queue) + bytes);
  if (!q)
    return NULL;
  memset(q, 0, sizeof *q);
  wp__note_runtime_used();
  q->elem_size = elem_size;
  q->slot_size = slot;
  q->cap = capacity;
  q->site = site;
  q->internal = internal;
  if (capacity > 0) {
    q->sendq.count = &q->nsend;
    q->recvq.count = &q->nrecv;
  }
  if (debug)
    wp__dbg_queue_new(q);
  return q;
}

wp_queue *wp__queue_new_at(size_t elem_size, size_t capacity,
                           const wp_site *site) {
  return queue_new(elem_size, capacity, site, false);
}

wp_queue *wp__queue_new_internal(size_t elem_size, size_t capacity) {
  return queue_new(elem_size, capacity, NULL, true);
}

wp_queue *wp_queue_new(size_t elem_size, size_t capacity) {
  return wp__queue_new_at(elem_size, capacity, NULL);
}

/* ---- the ring: each function under its side's lock ---- */

static bool ring_full(wp_queue *q) {
  if (q->tail - q->head_seen < q->cap)
    return false;
  q->head_seen = WP__LOAD(&q->head);
  return q->tail - q->head_seen >= q->cap;
}

static bool ring_empty(wp_queue *q) {
  if (q->head != q->tail_seen)
    return false;
  q->tail_seen = WP__LOAD(&q->tail);
  return q->head == q->tail_seen;
}

/* ---- stamps (debug mode; see debug_hb.h) ----
 * An element's stamp goes wherever the element goes.  A NULL stamp is
 * none for a send (the caller released all it knows into the queue's
 * clock) and not wanted for a receive.  A waiter's stamp starts as none,
 * so release mode, which stamps nothing, writes none (stamp_give). */

static const wp__stamp no_stamp;

static inline void stamp_give(wp__waiter *w, const wp__stamp *stamp) {
  if (stamp)
    w->stamp = *stamp;
}

static inline void stamp_get(wp__stamp *stamp, const wp__stamp *from) {
  if (stamp)
    *stamp = *from;
}

/* A debug-mode queue's slot gets, or gives, its element's stamp (behind
 * an unlikely test of q->debug: release mode runs the same instructions
 * as with these out of line, debug mode saves a call per element).
 * Every queue with a debug record has room for it (queue_new). */
static inline void slot_stamp_put(wp_queue *q, unsigned char *slot,
                                  const wp__stamp *stamp) {
  /* Always written: the slot may hold an earlier element's. */
  memcpy(slot + wp__q_stamp_offset(q->elem_size), stamp ? stamp : &no_stamp,
         sizeof *stamp);
}

static inline void slot_stamp_get(wp_queue *q, const unsigned char *slot,
                                  wp__stamp *stamp) {
  if (stamp)
    memcpy(stamp, slot + wp__q_stamp_offset(q->elem_size), sizeof *stamp);
}

/* Only when !ring_full(q): the release store of tail publishes the slot. */
static WP__HOT_INLINE void ring_put(wp_queue *q, const void *elem,
                                    const wp__stamp *stamp) {
  unsigned char *slot = q->buf + q->tail_at * q->slot_size;
  wp__q_copy(slot, elem, q->elem_size);
  if (WP__UNLIKELY(q->debug != NULL))
    slot_stamp_put(q, slot, stamp);
  q->tail_at = q->tail_at + 1 == q->cap ? 0 : q->tail_at + 1;
  WP__STORE(&q->tail, q->tail + 1);
}

/* Only when !ring_empty(q): the release store of head frees the slot. */
static WP__HOT_INLINE void ring_take(wp_queue *q, void *elem,
                                     wp__stamp *stamp) {
  const unsigned char *slot = q->buf + q->head_at * q->slot_size;
  if (elem)
    wp__q_copy(elem, slot, q->elem_size);
  if (WP__UNLIKELY(q->debug != NULL))
    slot_stamp_get(q, slot, stamp);
  q->head_at = q->head_at + 1 == q->cap ? 0 : q->head_at + 1;
  WP__STORE(&q->head, q->head + 1);
}

/* ---- blocked threads ---- */

static void chain(wp__waiter **woken, wp__waiter *w, int status) {
  wp__waiter_finish(w, status);
  w->next = *woken;
  *woken = w;
}

size_t wp__q_serve_locked(wp_queue *q, int op, wp__waiter **woken) {
  size_t moved = 0;
  wp__waiter *w;
  if (q->cap == 0)
    return 0;
  if (op == WP_RECV) {
    while (q->recvq.head && !ring_empty(q) &&
           (w = wp__waitq_pop_claimed(&q->recvq)) != NULL) {
      ring_take(q, w->elem, &w->stamp);
      chain(woken, w, WP_OK);
      moved++;
    }
  } else {
    while (q->sendq.head && !ring_full(q) &&
           (w = wp__waitq_pop_claimed(&q->sendq)) != NULL) {
      ring_put(q, w->elem, &w->stamp);
      chain(woken, w, WP_OK);
      moved++;
    }
  }
  return moved;
}

void wp__q_wake_all(wp__waiter *woken) {
  while (woken) {
    wp__waiter *w = woken;
    woken = w->next; /* read before the owner may return */
    wp__parker_signal(w->parker);
  }
}

void wp__q_settle(wp_queue *q, bool pushed) {
  for (;;) {
    /* pushed: receivers may wait for it; else senders for the room. */
    int op = pushed ? WP_RECV : WP_SEND;
    wp__lock *l = wp__q_lock_of(q, op);
    wp__waiter *woken = NULL;
    wp__lock_acquire(l);
    size_t moved = wp__q_serve_locked(q, op, &woken);
    wp__lock_release(l);
    wp__q_wake_all(woken);
    if (moved == 0)
      return;
    /* Serving moved elements the other way: its own after-check. */
    pushed = !pushed;
    if (!wp__q_other_waits(q, pushed))
      return;
  }
}

void wp__q_release(wp_queue *q, wp__lock *l, wp__waiter *woken, bool serve,
                   bool pushed) {
  if (!serve) {
    wp__lock_release(l);
    wp__q_wake_all(woken);
    return;
  }
  WP__ADD(&q->busy, 1);
  wp__lock_release(l);
  wp__q_wake_all(woken);
  wp__q_settle(q, pushed);
  WP__SUB(&q->busy, 1); /* the last access to q */
}

/* ---- one operation, with its side's lock held ---- */

int wp__q_send_locked(wp_queue *q, const void *elem, const wp__stamp *stamp,
                      wp__waiter **wake) {
  if (q->closed)
    return WP__Q_CLOSED;
  if (q->cap > 0) {
    /* Blocked senders go first: their room is being made for them. */
    if (q->sendq.head || ring_full(q))
      return WP__Q_BLOCK;
    ring_put(q, elem, stamp);
    return WP__Q_DONE;
  }
  wp__waiter *w = wp__waitq_pop_claimed(&q->recvq);
  if (!w)
    return WP__Q_BLOCK;
  if (w->elem)
    wp__q_copy(w->elem, elem, q->elem_size);
  stamp_give(w, stamp);
  wp__waiter_finish(w, WP_OK);
  *wake = w;
  return WP__Q_DONE;
}

int wp__q_recv_locked(wp_queue *q, void *elem, wp__stamp *stamp,
                      wp__waiter **wake) {
  if (q->cap > 0) {
    if (!ring_empty(q)) {
      ring_take(q, elem, stamp);
      return WP__Q_DONE;
    }
    return q->closed ? WP__Q_CLOSED : WP__Q_BLOCK;
  }
  wp__waiter *w = wp__waitq_pop_claimed(&q->sendq);
  if (w) {
    if (elem)
      wp__q_copy(elem, w->elem, q->elem_size);
    stamp_get(stamp, &w->stamp);
    wp__waiter_finish(w, WP_OK);
    *wake = w;
    return WP__Q_DONE;
  }
  return q->closed ? WP__Q_CLOSED : WP__Q_BLOCK;
}

/* Blocks the calling thread on op's list of q (op's lock held on entry,
 * released on return) until a peer completes it or the deadline passes.
 * The element's stamp goes with it: from *stamp for a send, into it for a
 * receive. */
static int park_on(wp_queue *q, int op, void *elem, wp__stamp *stamp,
                   uint64_t deadline, const wp_site *site) {
  wp__parker parker;
  wp__parker_init(&parker);
  wp__waiter w = {.parker = &parker, .elem = elem, .status = WP_OK,
                  .site = site};
  if (op == WP_SEND)
    stamp_give(&w, stamp);
  wp__waitq_push(wp__q_waitq(q, op), &w);
  /* Buffered: the other side works under another lock, so the ring may
   * have changed since we looked; now that we are listed, look again. */
  wp__waiter *woken = NULL;
  size_t moved = 0;
  if (q->cap > 0) {
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    moved = wp__q_serve_locked(q, op, &woken);
  }
  wp__lock *l = wp__q_lock_of(q, op);
  /* woken may hold ourselves. */
  wp__q_release(q, l, woken, moved && wp__q_other_waits(q, op == WP_SEND),
                op == WP_SEND);

  bool watched = WP__DEBUG() && deadline == WP__FOREVER;
  if (watched)
    wp__dbg_blocking(site, op == WP_SEND ? "waits to send" : "waits to receive");
  bool done = wp__parker_wait(&parker, deadline);
  if (watched)
    wp__dbg_unblocked();
  if (!done) {
    if (wp__parker_claim(&parker)) { /* timed out: withdraw */
      wp__lock_acquire(l);
      wp__waitq_unlink(wp__q_waitq(q, op), &w);
      wp__lock_release(l);
      return WP_ETIMEDOUT;
    }
    wp__parker_wait(&parker, WP__FOREVER); /* a peer is completing it */
  }
  if (op == WP_RECV)
    stamp_get(stamp, &w.stamp);
  return w.status;
}

/* A buffered queue's send with its lock held: if the ring is empty and a
 * receiver waits, give it the element directly, as an unbuffered queue
 * does (no trip through the ring, no serving after).  Takes the receive
 * lock inside the send lock, the address order; select does not do this,
 * as it may hold the receive lock already. */
static WP__HOT_INLINE bool hand_over(wp_queue *q, void *elem,
                                     const wp__stamp *stamp,
                                     wp__waiter **wake) {
  if (q->cap == 0 || q->closed || q->sendq.head ||
      WP__LOAD_RELAXED(&q->nrecv) == 0)
    return false;
  wp__waiter *w = NULL;
  wp__lock_acquire(&q->rlock);
  if (ring_empty(q) && (w = wp__waitq_pop_claimed(&q->recvq)) != NULL) {
    if (w->elem)
      wp__q_copy(w->elem, elem, q->elem_size);
    stamp_give(w, stamp);
    wp__waiter_finish(w, WP_OK);
    *wake = w;
  }
  wp__lock_release(&q->rlock);
  return w != NULL;
}

static const char *send_name(long timeout_ms) {
  return timeout_ms < 0    ? "wp_queue_send"
         : timeout_ms == 0 ? "wp_queue_try_send"
                           : "wp_queue_send_timeout";
}

/* A send (elem is read) or a receive (elem is written): done at once, or
 * WP_EAGAIN for a poll, or blocked on the matching list until a peer
 * completes it.  A blocked sender's element is read by the receiver
 * straight from the caller's memory, valid while the caller waits.
 * Inline in each caller, with hand_over: release mode's copies then know
 * they carry no stamp (callgrind, solo: 377 -> 346 instructions per
 * iteration; 336.5 once the mode shared the NULL test, as with the
 * debug hooks compiled out). */
static WP__HOT_INLINE int transfer(wp_queue *q, bool send, void *elem,
                                   wp__stamp *stamp, long timeout_ms,
                                   const wp_site *site) {
  int op = send ? WP_SEND : WP_RECV;
  wp__lock *l = wp__q_lock_of(q, op);
  wp__waiter *wake = NULL;
  wp__lock_acquire(l);
  bool handed = send && hand_over(q, elem, stamp, &wake);
  int r = handed ? WP__Q_DONE
          : send ? wp__q_send_locked(q, elem, stamp, &wake)
                 : wp__q_recv_locked(q, elem, stamp, &wake);
  if (r == WP__Q_BLOCK && timeout_ms != 0)
    return park_on(q, op, elem, stamp, wp__deadline(timeout_ms), site);
  bool serve = r == WP__Q_DONE && !handed && wp__q_other_waits(q, send);
  wp__q_release(q, l, wake, serve, send);
  return r == WP__Q_DONE     ? WP_OK
         : r == WP__Q_CLOSED ? WP_ECLOSED
                             : WP_EAGAIN;
}

/* A send with q NULL, or in debug mode (see WP__NULL_OR_DEBUG). */
static WP__COLD int send_debug(wp_queue *q, const void *elem,
                                long timeout_ms, const wp_site *site) {
  if (!q || !elem)
    return WP_EINVAL;
  wp__q_tsan_send(q);
  if (!wp__dbg_queue_live(q, site, send_name(timeout_ms)))
    return WP_EINVAL;
  wp__stamp stamp;
  wp__dbg_queue_sending(q, site, &stamp);
  int status = transfer(q, true, (void *)elem, &stamp, timeout_ms, site);
  if (status == WP_ECLOSED)
    wp__dbg_queue_send_closed(q, site, send_name(timeout_ms));
  return status;
}

int wp__queue_send_at(wp_queue *q, const void *elem, long timeout_ms,
                      const wp_site *site) {
  if (WP__NULL_OR_DEBUG(q))
    return send_debug(q, elem, timeout_ms, site);
  if (WP__UNLIKELY(!elem))
    return WP_EINVAL;
  wp__q_tsan_send(q);
  return transfer(q, true, (void *)elem, NULL, timeout_ms, site);
}

/* A receive with q NULL, or in debug mode (see WP__NULL_OR_DEBUG). */
static WP__COLD int recv_debug(wp_queue *q, void *elem, long timeout_ms,
                               const wp_site *site) {
  if (!q || !elem)
    return WP_EINVAL;
  if (!wp__dbg_queue_live(q, site, "wp_queue_recv"))
    return WP_EINVAL;
  wp__stamp stamp = no_stamp;
  int status = transfer(q, false, elem, &stamp, timeout_ms, site);
  if (status == WP_OK || status == WP_ECLOSED)
    wp__dbg_queue_received(q, status, &stamp);
  return status;
}

int wp__queue_recv_at(wp_queue *q, void *elem, long timeout_ms,
                      const wp_site *site) {
  if (WP__NULL_OR_DEBUG(q))
    return recv_debug(q, elem, timeout_ms, site);
  if (WP__UNLIKELY(!elem))
    return WP_EINVAL;
  return transfer(q, false, elem, NULL, timeout_ms, site);
}

int wp__queue_recv_sized_at(wp_queue *q, void *elem, size_t size,
                            const wp_site *site) {
  if (q && size != q->elem_size)
    return WP_EINVAL;
  return wp__queue_recv_at(q, elem, -1, site);
}

int wp__queue_close_at(wp_queue *q, const wp_site *site) {
  if (!q)
    return WP_EINVAL;
  wp__q_tsan_close(q);
  if (WP__DEBUG() && !wp__dbg_queue_live(q, site, "wp_queue_close"))
    return WP_EINVAL;
  wp__q_lock_all(q);
  if (q->closed) {
    wp__q_unlock_all(q);
    if (WP__DEBUG())
      wp__dbg_queue_double_close(q, site);
    return WP_ECLOSED;
  }
  if (WP__DEBUG())
    wp__dbg_queue_closing(q, site);
  q->closed = true;
  /* Claim every blocked peer under the locks, wake them after.  Receivers
   * listed while the ring holds elements were about to be served: serve
   * them; the others, and every blocked sender, see the close. */
  wp__waiter *woken = NULL, *w;
  wp__q_serve_locked(q, WP_RECV, &woken);
  while ((w = wp__waitq_pop_claimed(&q->recvq)) != NULL)
    chain(&woken, w, WP_ECLOSED);
  while ((w = wp__waitq_pop_claimed(&q->sendq)) != NULL)
    chain(&woken, w, WP_ECLOSED);
  wp__q_unlock_all(q);
  wp__q_wake_all(woken);
  if (WP__DEBUG())
    wp__dbg_queue_closed(q, site);
  return WP_OK;
}

size_t wp_queue_len(const wp_queue *q) {
  if (!q || q->cap == 0)
    return 0;
  /* head first: tail can only be newer, so the difference is >= 0. */
  size_t head = WP__LOAD(&q->head);
  size_t len = WP__LOAD(&q->tail) - head;
  return len < q->cap ? len : q->cap;
}

size_t wp_queue_cap(const wp_queue *q) { return q ? q->cap : 0; }

void wp__queue_free_at(wp_queue *q, const wp_site *site) {
  if (!q)
    return;
  if (WP__DEBUG() && wp__dbg_queue_free(q, site))
    return; /* kept in quarantine */
  wp__queue_dispose(q);
}

void wp__queue_dispose(wp_queue *q) {
  /* A thread that saw this queue's last element or its close may still be
   * inside the call that made it visible: a close releasing its second
   * lock, a send serving a blocked receiver.  Wait them out. */
  wp__q_lock_all(q);
  wp__q_unlock_all(q);
  while (WP__LOAD(&q->busy) != 0)
    sched_yield();
  wp__free(q);
}

/* The plain functions, for callers that bypass the site macros. */
int wp_queue_send(wp_queue *q, const void *elem) {
  return wp__queue_send_at(q, elem, -1, NULL);
}
int wp_queue_try_send(wp_queue *q, const void *elem) {
  return wp__queue_send_at(q, elem, 0, NULL);
}
int wp_queue_send_timeout(wp_queue *q, const void *elem, long timeout_ms) {
  return wp__queue_send_at(q, elem, timeout_ms, NULL);
}
int wp_queue_recv(wp_queue *q, void *elem) {
  return wp__queue_recv_at(q, elem, -1, NULL);
}
int wp_queue_try_recv(wp_queue *q, void *elem) {
  return wp__queue_recv_at(q, elem, 0, NULL);
}
int wp_queue_recv_timeout(wp_queue *q, void *elem, long timeout_ms) {
  return wp__queue_recv_at(q, elem, timeout_ms, NULL);
}
int wp_queue_close(wp_queue *q) { return wp__queue_close_at(q, NULL); }
void wp_queue_free(wp_queue *q) { wp__queue_free_at(q, NULL); }
