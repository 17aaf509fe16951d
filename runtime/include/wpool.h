/*
 * wpool — Go's worker-pool toolkit for C: closable bounded queues (channels),
 * select, waitgroups, cheap thread spawning, fixed worker pools, timeouts and
 * cancellation.
 *
 * Conventions
 *   - Every function that can fail returns an int status: WP_OK (0) or one of
 *     the negative WP_E* codes below.  wp_select returns a case index (>= 0) or
 *     a negative code.  Constructors return NULL on failure.
 *   - Timeouts are `long timeout_ms`: a negative value waits forever, 0 polls
 *     (never blocks), a positive value waits at most that many milliseconds.
 *   - Arguments are always checked: NULL objects, zero or overflowing sizes and
 *     unknown operations give WP_EINVAL (or NULL), never a crash.
 *   - Where this header is silent, wpool does what Go does.
 *
 * Call sites
 *   Most public names are also function-like macros that pass the caller's
 *   file, line and function to the runtime, so that debug mode (WPOOL_DEBUG=1)
 *   can name the user's line in its reports.  The plain functions exist too
 *   (taking a function's address, or `(wp_queue_send)(q, e)`, gets them).
 *   Define WPOOL_NO_SITE_MACROS before including this header to turn the
 *   macros off.
 */
#ifndef WPOOL_H
#define WPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WPOOL_VERSION_MAJOR 0
#define WPOOL_VERSION_MINOR 1
#define WPOOL_VERSION_PATCH 0
#define WPOOL_VERSION_STRING "0.1.0"

#if defined(__GNUC__) || defined(__clang__)
#define WP_API __attribute__((visibility("default")))
#else
#define WP_API
#endif

/* ------------------------------------------------------------------------ */
/* Status codes                                                             */
/* ------------------------------------------------------------------------ */

/* X(name, value, message): the one list every status code comes from. */
#define WP_ERRNO_MAP(X)                                                       \
  X(ECLOSED, -1, "queue or pool is closed")                                   \
  X(EAGAIN, -2, "operation would block")                                      \
  X(ETIMEDOUT, -3, "operation timed out")                                     \
  X(ECANCELED, -4, "operation canceled")                                      \
  X(EINVAL, -5, "invalid argument")                                           \
  X(ENOMEM, -6, "out of memory")                                              \
  X(ESYS, -7, "system call failed")

enum wp_status {
  WP_OK = 0,
#define WP__ERRNO_ENUM(name, value, msg) WP_##name = (value),
  WP_ERRNO_MAP(WP__ERRNO_ENUM)
#undef WP__ERRNO_ENUM
};

/* A short human-readable message for a status code ("unknown status" for a
 * value that is not one); never NULL. */
WP_API const char *wp_strerror(int status);

/* The code's name ("WP_OK", "WP_ECLOSED", ...), "WP_UNKNOWN" otherwise. */
WP_API const char *wp_err_name(int status);

/* ------------------------------------------------------------------------ */
/* Call sites (for debug mode)                                              */
/* ------------------------------------------------------------------------ */

typedef struct wp_site {
  const char *file; /* __FILE__ as the compiler saw it */
  int line;
  const char *func; /* the calling function */
  const char *expr; /* spawns: the spawned function as written, else NULL */
} wp_site;

#if defined(__GNUC__) || defined(__clang__)
/* One static wp_site per call site: a single pointer argument, no cost. */
#define WP_HERE WP__SITE(0)
/* A spawn's site also names the function it starts (debug reports). */
#define WP_HERE_FN(fn) WP__SITE(#fn)
#define WP__SITE(expr_)                                                       \
  (__extension__({                                                            \
    static const wp_site wp__site_ = {__FILE__, __LINE__, __func__, expr_};   \
    &wp__site_;                                                               \
  }))
#else
#define WP_HERE ((const wp_site *)0)
#define WP_HERE_FN(fn) ((const wp_site *)0)
#endif

/* ------------------------------------------------------------------------ */
/* Threads (Go's `go` statement)                                            */
/* ------------------------------------------------------------------------ */

typedef void wp_fn(void *arg);

/* Runs fn(arg) on a new thread and returns at once.  Threads that finish are
 * kept parked and reused, so spawning many short tasks does not pay
 * pthread_create each time.  Every spawned task runs concurrently with every
 * other: a task that blocks never keeps another from starting.
 * Errors: WP_EINVAL (fn is NULL), WP_ENOMEM, WP_ESYS (no thread could be
 * created and none was free). */
WP_API int wp_go(wp_fn *fn, void *arg);

/* Counters of the spawning machinery, for tests and monitoring. */
struct wp_runtime_stats {
  size_t threads;   /* threads the runtime owns now (running or parked) */
  size_t idle;      /* of those, parked or looking for work */
  size_t created;   /* pthread_create calls that succeeded, ever */
  size_t spawned;   /* tasks started with wp_go / wp_wg_go, ever */
};

/* Errors: WP_EINVAL (out is NULL). */
WP_API int wp_runtime_stats(struct wp_runtime_stats *out);

/* ------------------------------------------------------------------------ */
/* Queues (Go's channels)                                                   */
/* ------------------------------------------------------------------------ */

typedef struct wp_queue wp_queue;

/* A queue of elements of elem_size bytes each, holding at most capacity of
 * them.  Capacity 0 is unbuffered: a send completes only when a receiver
 * takes the element.  Memory: capacity * elem_size bytes plus a constant.
 * Returns NULL if elem_size is 0, if capacity * elem_size overflows or is
 * absurdly large, or if memory runs out. */
WP_API wp_queue *wp_queue_new(size_t elem_size, size_t capacity);

/* Copies *elem into the queue.  Blocks while the queue is full (unbuffered:
 * until a receiver takes it).
 * Errors: WP_ECLOSED (closed before or while waiting: the element was not
 * sent), WP_EINVAL (q or elem is NULL). */
WP_API int wp_queue_send(wp_queue *q, const void *elem);

/* As wp_queue_send, but never blocks.  Errors: WP_EAGAIN (full, or no
 * receiver waiting on an unbuffered queue), WP_ECLOSED, WP_EINVAL. */
WP_API int wp_queue_try_send(wp_queue *q, const void *elem);

/* As wp_queue_send, waiting at most timeout_ms.  Errors: WP_ETIMEDOUT (the
 * element was not sent), WP_EAGAIN (timeout_ms == 0 and it would block),
 * WP_ECLOSED, WP_EINVAL. */
WP_API int wp_queue_send_timeout(wp_queue *q, const void *elem, long timeout_ms);

/* Takes the oldest element into *elem.  Blocks while the queue is empty.
 * Errors: WP_ECLOSED once the queue is closed and drained (the elements sent
 * before the close are still received first), WP_EINVAL (q or elem NULL). */
WP_API int wp_queue_recv(wp_queue *q, void *elem);

/* As wp_queue_recv, but never blocks.  Errors: WP_EAGAIN (empty, and no
 * sender waiting), WP_ECLOSED, WP_EINVAL. */
WP_API int wp_queue_try_recv(wp_queue *q, void *elem);

/* As wp_queue_recv, waiting at most timeout_ms.  Errors: WP_ETIMEDOUT,
 * WP_EAGAIN (timeout_ms == 0 and it would block), WP_ECLOSED, WP_EINVAL. */
WP_API int wp_queue_recv_timeout(wp_queue *q, void *elem, long timeout_ms);

/* Closes the queue: later sends fail with WP_ECLOSED, receivers drain what
 * is left and then get WP_ECLOSED.  Wakes every blocked receiver and sender
 * (blocked senders get WP_ECLOSED; their elements are not delivered).
 * Errors: WP_ECLOSED (already closed), WP_EINVAL (q is NULL). */
WP_API int wp_queue_close(wp_queue *q);

/* Elements buffered now / the capacity.  0 for a NULL queue. */
WP_API size_t wp_queue_len(const wp_queue *q);
WP_API size_t wp_queue_cap(const wp_queue *q);

/* Releases the queue.  No thread may be using it.  NULL is ignored. */
WP_API void wp_queue_free(wp_queue *q);

/* Go's `for v := range ch`: runs the body once per element received into
 * `var` (an lvalue of the element type that the caller declared) until the
 * queue is closed and drained.  `break` and `continue` work.  The size of
 * `var` is checked against the queue's element size (a mismatch ends the
 * loop and is reported in debug mode). */
#define WP_QUEUE_FOREACH(q, var) WP__FOREACH_(q, var, __COUNTER__)
#define WP__FOREACH_(q, var, n) WP__FOREACH__(q, var, n)
#define WP__FOREACH__(q, var, n)                                              \
  for (wp_queue *wp__fe_##n = (q);                                            \
       wp__queue_recv_sized_at(wp__fe_##n, &(var), sizeof(var), WP_HERE) ==   \
       WP_OK;)

/* ------------------------------------------------------------------------ */
/* Select (Go's select statement)                                           */
/* ------------------------------------------------------------------------ */

enum wp_op { WP_SEND = 1, WP_RECV = 2 };

typedef struct wp_case {
  wp_queue *q;  /* NULL: the case is never ready (Go's nil channel) */
  int op;       /* WP_SEND or WP_RECV */
  void *elem;   /* send: the element; receive: where it goes (NULL drops it) */
  int status;   /* out: WP_OK or WP_ECLOSED for the chosen case */
} wp_case;

/* Waits until one case can proceed, performs it, and returns its index; that
 * case's status is WP_OK, or WP_ECLOSED for a receive from a closed, drained
 * queue or a send to a closed queue (nothing sent).  Among ready cases one is
 * chosen uniformly at random.  A receive case whose elem is NULL discards the
 * element (Go's `case <-done:`).
 * Errors: WP_ETIMEDOUT, WP_EAGAIN (timeout_ms == 0 and no case ready),
 * WP_EINVAL (cases NULL with n > 0, an unknown op, a send case with a NULL
 * elem, n too large), WP_ENOMEM.  n == 0 (or only NULL queues) with a
 * negative timeout would block forever; it returns WP_EINVAL instead. */
WP_API int wp_select(wp_case *cases, size_t n, long timeout_ms);

/* ------------------------------------------------------------------------ */
/* Waitgroups (Go's sync.WaitGroup)                                         */
/* ------------------------------------------------------------------------ */

/* A value type: put it on the stack or in a struct, pass it by pointer, never
 * copy it.  All-zero bytes (`= {0}`, static storage, memset) is a valid empty
 * waitgroup, as is WP_WG_INIT and wp_wg_init.  The fields are private. */
typedef struct wp_wg {
  uint64_t state_;        /* counter (high 32 bits) | generation | waiters */
  const void *self_;      /* debug mode: the address of first use */
  uint32_t debug_id_;     /* debug mode: the object's identity */
  uint32_t race_;         /* ThreadSanitizer builds: never read or written */
                          /* (with debug_id_ untouched, it has its 8-byte
                           * word of TSan's shadow to itself) */
} wp_wg;

#define WP_WG_INIT {0, 0, 0, 0}

/* (Re)initialises *wg as an empty waitgroup.  NULL is ignored. */
WP_API void wp_wg_init(wp_wg *wg);

/* Adds delta (may be negative) to the counter.  When it reaches zero, every
 * waiter is released.  A delta that would drive the counter below zero (or
 * overflow it) changes nothing and returns WP_EINVAL.
 * Errors: WP_EINVAL (wg NULL, negative result, overflow). */
WP_API int wp_wg_add(wp_wg *wg, int delta);

/* wp_wg_add(wg, -1). */
WP_API int wp_wg_done(wp_wg *wg);

/* Blocks until the counter is zero.  Errors: WP_EINVAL (wg NULL). */
WP_API int wp_wg_wait(wp_wg *wg);

/* As wp_wg_wait, at most timeout_ms.  Errors: WP_ETIMEDOUT, WP_EAGAIN
 * (timeout_ms == 0 and the counter is not zero), WP_EINVAL. */
WP_API int wp_wg_wait_timeout(wp_wg *wg, long timeout_ms);

/* Ends the waitgroup's life (debug mode then reports later uses).  NULL is
 * ignored. */
WP_API void wp_wg_destroy(wp_wg *wg);

/* Adds 1, runs fn(arg) on a new thread (as wp_go), and calls done when fn
 * returns (Go 1.25's WaitGroup.Go).  On error nothing was added.
 * Errors: WP_EINVAL (wg or fn NULL, counter overflow), WP_ENOMEM, WP_ESYS. */
WP_API int wp_wg_go(wp_wg *wg, wp_fn *fn, void *arg);

/* Go's `defer wg.Done()`: calls wp_wg_done(wg) when the enclosing scope
 * exits, on every path.  `wg` is a wp_wg *. */
#define WP_DEFER_DONE(wg) WP__DEFER_DONE_(wg, __COUNTER__)
#define WP__DEFER_DONE_(wg, n) WP__DEFER_DONE__(wg, n)
#define WP__DEFER_DONE__(wg, n)                                               \
  __attribute__((cleanup(wp__defer_done), unused)) wp__defer                  \
      wp__defer_##n = {(wg), WP_HERE}

typedef struct wp__defer {
  wp_wg *wg;
  const wp_site *site;
} wp__defer;
WP_API void wp__defer_done(wp__defer *d);

/* ------------------------------------------------------------------------ */
/* Pools (fixed workers running submitted jobs)                             */
/* ------------------------------------------------------------------------ */

typedef struct wp_pool wp_pool;

/* A pool of `workers` threads taking jobs from a queue of queue_capacity
 * (0: unbuffered, a submit waits for a free worker).
 * Returns NULL if workers is 0 or absurdly large, on no memory, or if not
 * every worker thread could be started (nothing is left behind). */
WP_API wp_pool *wp_pool_new(size_t workers, size_t queue_capacity);

/* Queues fn(arg).  Blocks while the job queue is full (back-pressure).
 * Errors: WP_ECLOSED (after wp_pool_close), WP_ECANCELED (after
 * wp_pool_cancel), WP_EINVAL (p or fn NULL). */
WP_API int wp_pool_submit(wp_pool *p, wp_fn *fn, void *arg);

/* As wp_pool_submit, never blocking: WP_EAGAIN when the queue is full. */
WP_API int wp_pool_try_submit(wp_pool *p, wp_fn *fn, void *arg);

/* Blocks until every job submitted so far has finished or been canceled; the
 * pool stays usable.  Errors: WP_EINVAL (p NULL, or called from one of this
 * pool's own jobs, which would wait for itself). */
WP_API int wp_pool_wait(wp_pool *p);

/* As wp_pool_wait, at most timeout_ms: WP_ETIMEDOUT, WP_EAGAIN (0). */
WP_API int wp_pool_wait_timeout(wp_pool *p, long timeout_ms);

/* No more submits; the jobs already queued still run.
 * Errors: WP_ECLOSED (already closed or canceled), WP_EINVAL. */
WP_API int wp_pool_close(wp_pool *p);

/* Drops every queued job (counted as canceled; their args are not touched),
 * refuses further submits with WP_ECANCELED, and makes wp_pool_canceled()
 * true inside the jobs still running, which should return early.
 * Errors: WP_ECANCELED (already canceled), WP_EINVAL. */
WP_API int wp_pool_cancel(wp_pool *p);

/* Inside a pool job: true once its pool was canceled.  False elsewhere. */
WP_API bool wp_pool_canceled(void);

/* Closes the pool, lets queued jobs finish, waits for the workers and
 * releases everything.  Called from one of the pool's own jobs, it closes the
 * pool and the last worker to exit releases it.  NULL is ignored. */
WP_API void wp_pool_free(wp_pool *p);

struct wp_pool_stats {
  size_t workers;   /* worker threads */
  size_t queued;    /* jobs waiting in the queue */
  size_t running;   /* jobs running now */
  size_t completed; /* jobs that ran to the end */
  size_t canceled;  /* jobs dropped by wp_pool_cancel */
};

/* A snapshot (each counter exact, the set not atomic).
 * Errors: WP_EINVAL (p or out NULL). */
WP_API int wp_pool_stats(const wp_pool *p, struct wp_pool_stats *out);

/* ------------------------------------------------------------------------ */
/* Debug mode (see README: WPOOL_DEBUG)                                     */
/* ------------------------------------------------------------------------ */

/* Turns debug mode on, as WPOOL_DEBUG=1 does; call it before any other wpool
 * call.  Returns WP_OK (also when debug mode is already on), or WP_EINVAL if
 * a queue, pool or thread was already created without it. */
WP_API int wp_debug_enable(void);

/* Annotations for synchronisation the runtime cannot see (C11 atomics):
 * a release on addr orders what the thread did before it before any later
 * acquire on the same addr, as TSan's __tsan_release/__tsan_acquire. */
WP_API void wp_debug_release(const void *addr);
WP_API void wp_debug_acquire(const void *addr);

/* ------------------------------------------------------------------------ */
/* Site-passing entry points and the macros that call them                  */
/* ------------------------------------------------------------------------ */

WP_API int wp__go_at(wp_fn *fn, void *arg, const wp_site *site);
WP_API wp_queue *wp__queue_new_at(size_t elem_size, size_t capacity,
                           const wp_site *site);
WP_API int wp__queue_send_at(wp_queue *q, const void *elem, long timeout_ms,
                      const wp_site *site);
WP_API int wp__queue_recv_at(wp_queue *q, void *elem, long timeout_ms,
                      const wp_site *site);
WP_API int wp__queue_recv_sized_at(wp_queue *q, void *elem, size_t size,
                            const wp_site *site);
WP_API int wp__queue_close_at(wp_queue *q, const wp_site *site);
WP_API void wp__queue_free_at(wp_queue *q, const wp_site *site);
WP_API int wp__select_at(wp_case *cases, size_t n, long timeout_ms,
                  const wp_site *site);
WP_API void wp__wg_init_at(wp_wg *wg, const wp_site *site);
WP_API int wp__wg_add_at(wp_wg *wg, int delta, const wp_site *site);
WP_API int wp__wg_wait_at(wp_wg *wg, long timeout_ms, const wp_site *site);
WP_API void wp__wg_destroy_at(wp_wg *wg, const wp_site *site);
WP_API int wp__wg_go_at(wp_wg *wg, wp_fn *fn, void *arg, const wp_site *site);
WP_API wp_pool *wp__pool_new_at(size_t workers, size_t queue_capacity,
                         const wp_site *site);
WP_API int wp__pool_submit_at(wp_pool *p, wp_fn *fn, void *arg, long timeout_ms,
                       const wp_site *site);
WP_API int wp__pool_wait_at(wp_pool *p, long timeout_ms, const wp_site *site);
WP_API int wp__pool_close_at(wp_pool *p, const wp_site *site);
WP_API int wp__pool_cancel_at(wp_pool *p, const wp_site *site);
WP_API void wp__pool_free_at(wp_pool *p, const wp_site *site);

/* Threads and locks debug mode must see (see "pthreads" below). */
#include <pthread.h>
#include <time.h>
WP_API int wp__pthread_create_at(pthread_t *thread, const pthread_attr_t *attr,
                                 void *(*fn)(void *), void *arg,
                                 const wp_site *site);
WP_API int wp__pthread_join_at(pthread_t thread, void **result);
WP_API int wp__mutex_lock(pthread_mutex_t *m);
WP_API int wp__mutex_trylock(pthread_mutex_t *m);
WP_API int wp__mutex_unlock(pthread_mutex_t *m);
WP_API int wp__cond_wait(pthread_cond_t *c, pthread_mutex_t *m);
WP_API int wp__cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
                              const struct timespec *abstime);
WP_API int wp__cond_signal(pthread_cond_t *c);
WP_API int wp__cond_broadcast(pthread_cond_t *c);

/* C11 threads, where the C library has <threads.h>: the same wrappers. */
#if !defined(__cplusplus) && !defined(__STDC_NO_THREADS__) &&                 \
    defined(__has_include)
#if __has_include(<threads.h>)
#include <threads.h>
#define WPOOL_HAVE_C11_THREADS 1
#endif
#endif
#ifdef WPOOL_HAVE_C11_THREADS
WP_API int wp__thrd_create_at(thrd_t *thread, thrd_start_t fn, void *arg,
                              const wp_site *site);
WP_API int wp__thrd_join_at(thrd_t thread, int *result);
WP_API int wp__mtx_lock(mtx_t *m);
WP_API int wp__mtx_trylock(mtx_t *m);
WP_API int wp__mtx_timedlock(mtx_t *m, const struct timespec *abstime);
WP_API int wp__mtx_unlock(mtx_t *m);
WP_API int wp__cnd_wait(cnd_t *c, mtx_t *m);
WP_API int wp__cnd_timedwait(cnd_t *c, mtx_t *m,
                             const struct timespec *abstime);
WP_API int wp__cnd_signal(cnd_t *c);
WP_API int wp__cnd_broadcast(cnd_t *c);
#endif

#ifndef WPOOL_NO_SITE_MACROS
#define wp_go(fn, arg) wp__go_at((fn), (arg), WP_HERE_FN(fn))
#define wp_queue_new(size, cap) wp__queue_new_at((size), (cap), WP_HERE)
#define wp_queue_send(q, e) wp__queue_send_at((q), (e), -1, WP_HERE)
#define wp_queue_try_send(q, e) wp__queue_send_at((q), (e), 0, WP_HERE)
#define wp_queue_send_timeout(q, e, ms)                                       \
  wp__queue_send_at((q), (e), (ms), WP_HERE)
#define wp_queue_recv(q, e) wp__queue_recv_at((q), (e), -1, WP_HERE)
#define wp_queue_try_recv(q, e) wp__queue_recv_at((q), (e), 0, WP_HERE)
#define wp_queue_recv_timeout(q, e, ms)                                       \
  wp__queue_recv_at((q), (e), (ms), WP_HERE)
#define wp_queue_close(q) wp__queue_close_at((q), WP_HERE)
#define wp_queue_free(q) wp__queue_free_at((q), WP_HERE)
#define wp_select(c, n, ms) wp__select_at((c), (n), (ms), WP_HERE)
#define wp_wg_init(wg) wp__wg_init_at((wg), WP_HERE)
#define wp_wg_add(wg, d) wp__wg_add_at((wg), (d), WP_HERE)
#define wp_wg_done(wg) wp__wg_add_at((wg), -1, WP_HERE)
#define wp_wg_wait(wg) wp__wg_wait_at((wg), -1, WP_HERE)
#define wp_wg_wait_timeout(wg, ms)                                            \
  wp__wg_wait_at((wg), (ms), WP_HERE)
#define wp_wg_destroy(wg) wp__wg_destroy_at((wg), WP_HERE)
#define wp_wg_go(wg, fn, arg) wp__wg_go_at((wg), (fn), (arg), WP_HERE_FN(fn))
#define wp_pool_new(w, cap) wp__pool_new_at((w), (cap), WP_HERE)
#define wp_pool_submit(p, fn, arg)                                            \
  wp__pool_submit_at((p), (fn), (arg), -1, WP_HERE_FN(fn))
#define wp_pool_try_submit(p, fn, arg)                                        \
  wp__pool_submit_at((p), (fn), (arg), 0, WP_HERE_FN(fn))
#define wp_pool_wait(p) wp__pool_wait_at((p), -1, WP_HERE)
#define wp_pool_wait_timeout(p, ms)                                           \
  wp__pool_wait_at((p), (ms), WP_HERE)
#define wp_pool_close(p) wp__pool_close_at((p), WP_HERE)
#define wp_pool_cancel(p) wp__pool_cancel_at((p), WP_HERE)
#define wp_pool_free(p) wp__pool_free_at((p), WP_HERE)
#endif

/* pthreads and C11 threads: in the files that include wpool.h, thread
 * creation and join, mutexes and condition variables go through thin
 * wrappers, so that debug mode sees the order they impose (no false
 * reports on correct programs) and names a thread's creation site.
 * Without debug mode each wrapper is one branch and the real call.  Define
 * WPOOL_NO_PTHREAD_WRAPPERS to keep the plain calls (debug mode then cannot
 * see that synchronisation). */
#if !defined(WPOOL_NO_SITE_MACROS) && !defined(WPOOL_NO_PTHREAD_WRAPPERS)
#define pthread_create(t, attr, fn, arg)                                      \
  wp__pthread_create_at((t), (attr), (fn), (arg), WP_HERE_FN(fn))
#define pthread_join(t, result) wp__pthread_join_at((t), (result))
#define pthread_mutex_lock(m) wp__mutex_lock(m)
#define pthread_mutex_trylock(m) wp__mutex_trylock(m)
#define pthread_mutex_unlock(m) wp__mutex_unlock(m)
#define pthread_cond_wait(c, m) wp__cond_wait((c), (m))
#define pthread_cond_timedwait(c, m, t) wp__cond_timedwait((c), (m), (t))
#define pthread_cond_signal(c) wp__cond_signal(c)
#define pthread_cond_broadcast(c) wp__cond_broadcast(c)
#ifdef WPOOL_HAVE_C11_THREADS
#define thrd_create(t, fn, arg)                                               \
  wp__thrd_create_at((t), (fn), (arg), WP_HERE_FN(fn))
#define thrd_join(t, result) wp__thrd_join_at((t), (result))
#define mtx_lock(m) wp__mtx_lock(m)
#define mtx_trylock(m) wp__mtx_trylock(m)
#define mtx_timedlock(m, t) wp__mtx_timedlock((m), (t))
#define mtx_unlock(m) wp__mtx_unlock(m)
#define cnd_wait(c, m) wp__cnd_wait((c), (m))
#define cnd_timedwait(c, m, t) wp__cnd_timedwait((c), (m), (t))
#define cnd_signal(c) wp__cnd_signal(c)
#define cnd_broadcast(c) wp__cnd_broadcast(c)
#endif
#endif

#ifdef __cplusplus
}
#endif

#endif /* WPOOL_H */
