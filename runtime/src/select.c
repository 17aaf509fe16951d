/* Select: Go's select statement over wpool queues.
 *
 * Take the lock of every case (a queue's send or receive side, in address
 * order, so two selects never deadlock each other), poll the cases in a
 * random order and perform the first that can proceed.  If none can,
 * enqueue one waiter per case, all sharing one parker: the first peer to
 * claim the parker completes that case, and the others find it claimed and
 * drop their waiter. */
#include "queue.h"

#include <stdlib.h>

#include "alloc.h"
#include "debug.h"

enum {
  MAX_CASES = 65536, /* as Go */
  STACK_CASES = 16,  /* selects up to this size allocate nothing */
};

/* A per-thread xorshift generator: choosing among ready cases needs to be
 * uniform, not cryptographic. */
static uint32_t fast_rand(void) {
  static _Thread_local uint64_t s;
  if (WP__UNLIKELY(s == 0))
    s = (wp__now_ns() ^ (uint64_t)(uintptr_t)&s) | 1;
  s ^= s << 13;
  s ^= s >> 7;
  s ^= s << 17;
  return (uint32_t)(s >> 32);
}

/* The distinct locks of the cases' queues, sorted by address. */
static size_t lock_order(wp_case *cases, size_t n, wp__lock **out) {
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (!cases[i].q)
      continue;
    wp__lock *l = wp__q_lock_of(cases[i].q, cases[i].op);
    size_t j = m;
    while (j > 0 && (uintptr_t)out[j - 1] > (uintptr_t)l) {
      out[j] = out[j - 1];
      j--;
    }
    if (j > 0 && out[j - 1] == l) { /* duplicate: undo the shift */
      for (; j < m; j++)
        out[j] = out[j + 1];
      continue;
    }
    out[j] = l;
    m++;
  }
  return m;
}

static void lock_all(wp__lock **ls, size_t m) {
  for (size_t i = 0; i < m; i++)
    wp__lock_acquire(ls[i]);
}

static void unlock_all(wp__lock **ls, size_t m) {
  for (size_t i = m; i-- > 0;)
    wp__lock_release(ls[i]);
}

/* Releases the cases' locks and wakes `woken`; then, as wp__q_release
 * does for one operation, serves the other side of the buffered queues of
 * cases [from, to), marked busy before the locks go. */
static void release(wp_case *cases, size_t from, size_t to, wp__lock **ls,
                    size_t m, wp__waiter *woken) {
  for (size_t i = from; i < to; i++)
    if (cases[i].q && cases[i].q->cap > 0)
      WP__ADD(&cases[i].q->busy, 1);
  unlock_all(ls, m);
  wp__q_wake_all(woken);
  for (size_t i = from; i < to; i++) {
    if (cases[i].q && cases[i].q->cap > 0) {
      wp__q_settle(cases[i].q, cases[i].op == WP_SEND);
      WP__SUB(&cases[i].q->busy, 1); /* the last access to that queue */
    }
  }
}

static int check_cases(const wp_case *cases, size_t n) {
  if ((n > 0 && !cases) || n > MAX_CASES)
    return WP_EINVAL;
  for (size_t i = 0; i < n; i++) {
    if (cases[i].op != WP_SEND && cases[i].op != WP_RECV)
      return WP_EINVAL;
    if (cases[i].op == WP_SEND && cases[i].q && !cases[i].elem)
      return WP_EINVAL;
  }
  return WP_OK;
}

/* With every queue locked: performs the first ready case in a uniformly
 * random order (a lazy Fisher-Yates shuffle into `order`).  Returns its
 * index, or -1 if none is ready.  Debug mode: send case i stamps its
 * element with stamps[i], and a receive's element stamp goes to *got. */
static int poll_cases(wp_case *cases, size_t n, uint32_t *order,
                      const wp__stamp *stamps, wp__stamp *got,
                      wp__waiter **wake) {
  for (size_t i = 0; i < n; i++)
    order[i] = (uint32_t)i;
  for (size_t k = 0; k < n; k++) {
    size_t j = k + fast_rand() % (n - k);
    uint32_t i = order[j];
    order[j] = order[k];
    order[k] = i;
    wp_case *c = &cases[i];
    if (!c->q)
      continue;
    int r = c->op == WP_SEND
                ? wp__q_send_locked(c->q, c->elem, stamps ? &stamps[i] : NULL,
                                    wake)
                : wp__q_recv_locked(c->q, c->elem, got, wake);
    if (r != WP__Q_BLOCK) {
      c->status = r == WP__Q_DONE ? WP_OK : WP_ECLOSED;
      return (int)i;
    }
  }
  return -1;
}

/* Blocks until a case fires or the deadline passes (the cases' locks held
 * on entry, released on return). */
static int park_select(wp_case *cases, size_t n, wp__lock **ls, size_t m,
                       wp__waiter *ws, const wp__stamp *stamps, wp__stamp *got,
                       uint64_t deadline, const wp_site *site) {
  wp__parker parker;
  wp__parker_init(&parker);
  for (size_t i = 0; i < n; i++) {
    ws[i] = (wp__waiter){.parker = &parker, .elem = cases[i].elem,
                         .index = (int)i, .site = site};
    if (stamps && cases[i].op == WP_SEND)
      ws[i].stamp = stamps[i];
    if (cases[i].q)
      wp__waitq_push(wp__q_waitq(cases[i].q, cases[i].op), &ws[i]);
  }
  /* Buffered queues: their other side may have moved since the poll (it
   * takes another lock); now that we are listed, look again, as park_on. */
  wp__waiter *woken = NULL;
  size_t moved = 0;
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  for (size_t i = 0; i < n; i++)
    if (cases[i].q)
      moved += wp__q_serve_locked(cases[i].q, cases[i].op, &woken);
  /* Rare: if anything moved, settle every buffered queue of the select
   * (settling one where nothing moved costs a look).  woken may hold us. */
  release(cases, moved ? 0 : n, n, ls, m, woken);

  bool timed_out = false;
  bool watched = WP__DEBUG() && deadline == WP__FOREVER;
  if (watched)
    wp__dbg_blocking(site, "waits in wp_select");
  bool done = wp__parker_wait(&parker, deadline);
  if (watched)
    wp__dbg_unblocked();
  if (!done) {
    if (wp__parker_claim(&parker))
      timed_out = true;
    else
      wp__parker_wait(&parker, WP__FOREVER);
  }

  lock_all(ls, m);
  for (size_t i = 0; i < n; i++)
    if (cases[i].q)
      wp__waitq_unlink(wp__q_waitq(cases[i].q, cases[i].op), &ws[i]);
  unlock_all(ls, m);

  if (timed_out)
    return WP_ETIMEDOUT;
  int i = parker.fired;
  cases[i].status = ws[i].status;
  *got = ws[i].stamp;
  return i;
}

/* Debug mode: the chosen case's send (stamped `sent`) or receive (of an
 * element stamped `got`), as the plain calls. */
static void debug_chosen(wp_case *c, const wp__stamp *sent,
                         const wp__stamp *got, const wp_site *site) {
  if (c->op == WP_RECV)
    wp__dbg_queue_received(c->q, c->status, got);
  else if (c->status == WP_OK)
    wp__dbg_queue_sent(c->q, sent, site);
  else
    wp__dbg_queue_send_closed(c->q, site, "a wp_select send case");
}

/* Debug mode: every queue of the select must be live; whichever send case
 * fires, its receiver is ordered after what the caller did so far (its
 * element carries stamps[i]). */
static bool cases_live(wp_case *cases, size_t n, wp__stamp *stamps,
                       const wp_site *site) {
  for (size_t i = 0; i < n; i++)
    if (cases[i].q && !wp__dbg_queue_live(cases[i].q, site, "wp_select"))
      return false;
  for (size_t i = 0; i < n; i++)
    if (cases[i].q && cases[i].op == WP_SEND)
      wp__dbg_select_sending(cases[i].q, &stamps[i]);
  return true;
}

int wp__select_at(wp_case *cases, size_t n, long timeout_ms,
                  const wp_site *site) {
  int err = check_cases(cases, n);
  if (err)
    return err;
  /* For TSan, every send case reads its queue before any lock is taken: a
   * close that nothing orders with a select that may send races with it,
   * whichever case this run happens to choose. */
  for (size_t i = 0; i < n; i++)
    if (cases[i].op == WP_SEND)
      wp__q_tsan_send(cases[i].q);

  /* Scratch space: the lock order, the poll order, the waiters and, in
   * debug mode, the send cases' stamps. */
  wp__lock *ls_small[STACK_CASES];
  uint32_t order_small[STACK_CASES];
  wp__waiter ws_small[STACK_CASES];
  wp__stamp stamps_small[STACK_CASES];
  wp__lock **ls = ls_small;
  uint32_t *order = order_small;
  wp__waiter *ws = ws_small;
  wp__stamp *stamps = WP__DEBUG() ? stamps_small : NULL;
  void *heap = NULL;
  if (n > STACK_CASES) {
    heap = wp__malloc(n * (sizeof *ws + sizeof *stamps + sizeof *ls +
                           sizeof *order));
    if (!heap)
      return WP_ENOMEM;
    ws = heap;
    stamps = stamps ? (wp__stamp *)(ws + n) : NULL;
    ls = (wp__lock **)((wp__stamp *)(ws + n) + n);
    order = (uint32_t *)(ls + n);
  }
  if (stamps && !cases_live(cases, n, stamps, site)) {
    wp__free(heap);
    return WP_EINVAL;
  }

  size_t m = lock_order(cases, n, ls);
  int r;
  if (m == 0) {
    /* Only nil cases: Go blocks forever; here a wait with nothing to wake
     * it is a bug unless bounded by a timeout. */
    if (timeout_ms < 0) {
      r = WP_EINVAL;
    } else if (timeout_ms == 0) {
      r = WP_EAGAIN;
    } else {
      wp__parker parker;
      wp__parker_init(&parker);
      wp__parker_wait(&parker, wp__deadline(timeout_ms));
      r = WP_ETIMEDOUT;
    }
    goto out;
  }

  wp__waiter *wake = NULL;
  wp__stamp got = {{0}};
  lock_all(ls, m);
  r = poll_cases(cases, n, order, stamps, &got, &wake);
  if (r >= 0) {
    wp_case *c = &cases[r];
    bool serve =
        c->status == WP_OK && wp__q_other_waits(c->q, c->op == WP_SEND);
    size_t to = serve ? (size_t)r + 1 : (size_t)r;
    release(cases, (size_t)r, to, ls, m, wake);
  } else if (timeout_ms == 0) {
    unlock_all(ls, m);
    r = WP_EAGAIN;
  } else {
    r = park_select(cases, n, ls, m, ws, stamps, &got,
                    wp__deadline(timeout_ms), site);
  }
  if (stamps && r >= 0)
    debug_chosen(&cases[r], &stamps[r], &got, site);
out:
  wp__free(heap);
  return r;
}

int wp_select(wp_case *cases, size_t n, long timeout_ms) {
  return wp__select_at(cases, n, timeout_ms, NULL);
}
