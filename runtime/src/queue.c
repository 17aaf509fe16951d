/* Queues: Go's channels.  A ring buffer under one lock, plus two lists of
 * blocked senders and receivers.  An element goes straight to a blocked
 * peer when there is one (no trip through the ring, and the peer is woken
 * only if it went to sleep); an unbuffered queue has no ring at all, so a
 * send completes exactly when a receiver takes the element. */
#include "queue.h"

#include "alloc.h"
#include "debug.h"

static wp_queue *queue_new(size_t elem_size, size_t capacity,
                           const wp_site *site, bool internal) {
  if (elem_size == 0 || elem_size > WP__MAX_ALLOC)
    return NULL;
  if (capacity > WP__MAX_ALLOC / elem_size)
    return NULL;
  size_t bytes = capacity * elem_size;
  if (bytes > WP__MAX_ALLOC - sizeof(wp_queue))
    return NULL;
  wp_queue *q = wp__malloc(sizeof(wp_queue) + bytes);
  if (!q)
    return NULL;
  memset(q, 0, sizeof *q);
  wp__note_runtime_used();
  q->elem_size = elem_size;
  q->cap = capacity;
  q->site = site;
  q->internal = internal;
  if (WP__DEBUG())
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

int wp__q_send_locked(wp_queue *q, const void *elem, wp__waiter **wake) {
  if (q->closed)
    return WP__Q_CLOSED;
  wp__waiter *w = wp__waitq_pop_claimed(&q->recvq);
  if (w) {
    if (w->elem)
      wp__q_copy(w->elem, elem, q->elem_size);
    wp__waiter_finish(w, WP_OK);
    *wake = w;
    return WP__Q_DONE;
  }
  if (q->len < q->cap) {
    wp__q_copy(wp__q_slot(q, q->len), elem, q->elem_size);
    WP__STORE_RELAXED(&q->len, q->len + 1);
    return WP__Q_DONE;
  }
  return WP__Q_BLOCK;
}

int wp__q_recv_locked(wp_queue *q, void *elem, wp__waiter **wake) {
  if (q->len > 0) {
    if (elem)
      wp__q_copy(elem, wp__q_slot(q, 0), q->elem_size);
    q->head = q->head + 1 == q->cap ? 0 : q->head + 1;
    WP__STORE_RELAXED(&q->len, q->len - 1);
    /* The ring was full if senders wait: move the oldest one's element in. */
    wp__waiter *w = wp__waitq_pop_claimed(&q->sendq);
    if (w) {
      wp__q_copy(wp__q_slot(q, q->len), w->elem, q->elem_size);
      WP__STORE_RELAXED(&q->len, q->len + 1);
      wp__waiter_finish(w, WP_OK);
      *wake = w;
    }
    return WP__Q_DONE;
  }
  wp__waiter *w = wp__waitq_pop_claimed(&q->sendq);
  if (w) {
    if (elem)
      wp__q_copy(elem, w->elem, q->elem_size);
    wp__waiter_finish(w, WP_OK);
    *wake = w;
    return WP__Q_DONE;
  }
  return q->closed ? WP__Q_CLOSED : WP__Q_BLOCK;
}

/* Blocks the calling thread on one list of q (q locked on entry, unlocked
 * on return) until a peer completes it or the deadline passes. */
static int park_on(wp_queue *q, wp__waitq *wq, void *elem, uint64_t deadline,
                   const wp_site *site) {
  wp__parker parker;
  wp__parker_init(&parker);
  wp__waiter w = {.parker = &parker, .elem = elem, .status = WP_OK,
                  .site = site};
  wp__waitq_push(wq, &w);
  wp__lock_release(&q->lock);

  bool watched = WP__DEBUG() && deadline == WP__FOREVER;
  if (watched)
    wp__dbg_blocking(site, wq == &q->sendq ? "waits to send" : "waits to receive");
  bool done = wp__parker_wait(&parker, deadline);
  if (watched)
    wp__dbg_unblocked();
  if (!done) {
    if (wp__parker_claim(&parker)) { /* timed out: withdraw */
      wp__lock_acquire(&q->lock);
      wp__waitq_unlink(wq, &w);
      wp__lock_release(&q->lock);
      return WP_ETIMEDOUT;
    }
    wp__parker_wait(&parker, WP__FOREVER); /* a peer is completing it */
  }
  return w.status;
}

static int finish(wp_queue *q, int r, wp__waiter *wake) {
  wp__lock_release(&q->lock);
  if (wake)
    wp__parker_signal(wake->parker);
  return r == WP__Q_DONE ? WP_OK : WP_ECLOSED;
}

static const char *send_name(long timeout_ms) {
  return timeout_ms < 0    ? "wp_queue_send"
         : timeout_ms == 0 ? "wp_queue_try_send"
                           : "wp_queue_send_timeout";
}

/* A send (elem is read) or a receive (elem is written): done at once, or
 * WP_EAGAIN for a poll, or blocked on the matching list until a peer
 * completes it.  A blocked sender's element is read by the receiver
 * straight from the caller's memory, valid while the caller waits. */
static int transfer(wp_queue *q, bool send, void *elem, long timeout_ms,
                    const wp_site *site) {
  wp__waiter *wake = NULL;
  wp__lock_acquire(&q->lock);
  int r = send ? wp__q_send_locked(q, elem, &wake)
               : wp__q_recv_locked(q, elem, &wake);
  if (r != WP__Q_BLOCK)
    return finish(q, r, wake);
  if (timeout_ms == 0) {
    wp__lock_release(&q->lock);
    return WP_EAGAIN;
  }
  return park_on(q, send ? &q->sendq : &q->recvq, elem,
                 wp__deadline(timeout_ms), site);
}

int wp__queue_send_at(wp_queue *q, const void *elem, long timeout_ms,
                      const wp_site *site) {
  if (WP__UNLIKELY(!q || !elem))
    return WP_EINVAL;
  wp__q_tsan_send(q);
  if (WP__DEBUG()) {
    if (!wp__dbg_queue_live(q, site, send_name(timeout_ms)))
      return WP_EINVAL;
    wp__dbg_queue_sending(q, site, true);
  }
  int status = transfer(q, true, (void *)elem, timeout_ms, site);
  if (WP__DEBUG() && status == WP_ECLOSED)
    wp__dbg_queue_send_closed(q, site, send_name(timeout_ms));
  return status;
}

int wp__queue_recv_at(wp_queue *q, void *elem, long timeout_ms,
                      const wp_site *site) {
  if (WP__UNLIKELY(!q || !elem))
    return WP_EINVAL;
  if (WP__DEBUG() && !wp__dbg_queue_live(q, site, "wp_queue_recv"))
    return WP_EINVAL;
  int status = transfer(q, false, elem, timeout_ms, site);
  if (WP__DEBUG() && (status == WP_OK || status == WP_ECLOSED))
    wp__dbg_queue_received(q, status);
  return status;
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
  wp__lock_acquire(&q->lock);
  if (q->closed) {
    wp__lock_release(&q->lock);
    if (WP__DEBUG())
      wp__dbg_queue_double_close(q, site);
    return WP_ECLOSED;
  }
  if (WP__DEBUG())
    wp__dbg_queue_closing(q, site);
  q->closed = true;
  /* Claim every blocked peer under the lock, wake them after it. */
  wp__waiter *woken = NULL, *w;
  while ((w = wp__waitq_pop_claimed(&q->recvq)) != NULL) {
    wp__waiter_finish(w, WP_ECLOSED);
    w->next = woken;
    woken = w;
  }
  while ((w = wp__waitq_pop_claimed(&q->sendq)) != NULL) {
    wp__waiter_finish(w, WP_ECLOSED);
    w->next = woken;
    woken = w;
  }
  wp__lock_release(&q->lock);
  while (woken) {
    w = woken;
    woken = w->next; /* read before the owner may return */
    wp__parker_signal(w->parker);
  }
  if (WP__DEBUG())
    wp__dbg_queue_closed(q, site);
  return WP_OK;
}

size_t wp_queue_len(const wp_queue *q) {
  return q ? WP__LOAD_RELAXED(&q->len) : 0;
}

size_t wp_queue_cap(const wp_queue *q) { return q ? q->cap : 0; }

void wp__queue_free_at(wp_queue *q, const wp_site *site) {
  if (q && WP__DEBUG() && wp__dbg_queue_free(q, site))
    return; /* kept in quarantine */
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
