/* Debug mode: synchronisation the runtime does not perform itself but
 * must know about, so that correct programs are not reported.
 *
 * - Threads from pthread_create (through the wpool.h macro): a thread is
 *   ordered after its creation, pthread_join after the thread's end, and
 *   the thread is a task of its own, counted by the creator's pending add
 *   (missing-done) and named by its creation site.
 * - pthread mutexes and condition variables (through the wpool.h macros):
 *   an unlock is ordered before the next lock of the same mutex, a signal
 *   before the wait it ends.
 * - wp_debug_release / wp_debug_acquire: the same for any address, for C11
 *   atomics (as TSan's __tsan_release / __tsan_acquire). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "debug.h"
#include "debug_hb.h"

/* ---- clocks by address ---- */

enum { BUCKETS = 1024 };

typedef struct addr_clock {
  const void *addr;
  wp__vclock vc;
  struct addr_clock *next;
} addr_clock;

static addr_clock *buckets[BUCKETS];
static pthread_mutex_t table = PTHREAD_MUTEX_INITIALIZER;

/* The clock of addr (created on first use; NULL on no memory).  Clocks
 * are never freed, so the pointer stays valid without the table lock. */
static wp__vclock *clock_of(const void *addr) {
  size_t h = ((uintptr_t)addr >> 4) % BUCKETS;
  pthread_mutex_lock(&table);
  addr_clock *c = buckets[h];
  while (c && c->addr != addr)
    c = c->next;
  if (!c && (c = calloc(1, sizeof *c)) != NULL) {
    c->addr = addr;
    c->next = buckets[h];
    buckets[h] = c;
  }
  pthread_mutex_unlock(&table);
  return c ? &c->vc : NULL;
}

void wp_debug_release(const void *addr) {
  wp__vclock *vc;
  if (addr && WP__DEBUG() && (vc = clock_of(addr)) != NULL)
    wp__hb_release(vc);
}

void wp_debug_acquire(const void *addr) {
  wp__vclock *vc;
  if (addr && WP__DEBUG() && (vc = clock_of(addr)) != NULL)
    wp__hb_acquire(vc);
}

/* ---- threads ---- */

typedef struct start {
  void *(*fn)(void *);
  void *arg;
  const wp_site *site;
  struct wp__task_debug *dbg;
} start;

/* A finished thread's clock, for the pthread_join that collects it. */
typedef struct ended {
  pthread_t thread;
  wp__hb_past *vc;
  struct ended *next;
} ended;

static ended *ended_threads;

/* At the end of a thread started through a wrapper: its clock, for the
 * join that collects it; then the task ends. */
static void thread_ends(void) {
  ended *e = malloc(sizeof *e);
  if (e) {
    e->thread = pthread_self();
    e->vc = wp__hb_fork();
    pthread_mutex_lock(&table);
    e->next = ended_threads;
    ended_threads = e;
    pthread_mutex_unlock(&table);
  }
  wp__dbg_task_end();
}

/* After a successful join of `thread`: the joiner is ordered after it. */
static void collect_end(pthread_t thread) {
  pthread_mutex_lock(&table);
  ended **link = &ended_threads, *e = NULL;
  while (*link && !pthread_equal((*link)->thread, thread))
    link = &(*link)->next;
  if (*link) {
    e = *link;
    *link = e->next;
  }
  pthread_mutex_unlock(&table);
  if (e) {
    wp__hb_acquire_past(e->vc);
    free(e->vc);
    free(e);
  }
}

static void *trampoline(void *p) {
  start s = *(start *)p;
  free(p);
  wp__dbg_task_begin(s.site, s.dbg);
  void *result = s.fn(s.arg);
  thread_ends();
  return result;
}

int wp__pthread_create_at(pthread_t *thread, const pthread_attr_t *attr,
                          void *(*fn)(void *), void *arg,
                          const wp_site *site) {
  if (!WP__DEBUG() || !fn)
    return pthread_create(thread, attr, fn, arg);
  start *s = malloc(sizeof *s);
  if (!s)
    return pthread_create(thread, attr, fn, arg);
  *s = (start){fn, arg, site, wp__dbg_task_spawning(false)};
  int rc = pthread_create(thread, attr, trampoline, s);
  if (rc != 0) {
    wp__dbg_task_discard(s->dbg);
    free(s);
  }
  return rc;
}

int wp__pthread_join_at(pthread_t thread, void **result) {
  int rc = pthread_join(thread, result);
  if (rc == 0 && WP__DEBUG())
    collect_end(thread);
  return rc;
}

/* ---- mutexes and condition variables ---- */

/* A lock call returned rc (`ok` on success): an owner is ordered after
 * the previous unlock. */
static int locked(int rc, int ok, const void *m) {
  if (rc == ok)
    wp_debug_acquire(m);
  return rc;
}

/* A condition wait returned (woken, timed out or not): ordered after the
 * signal that woke it and the unlock before it got m back. */
static int woke(int rc, const void *c, const void *m) {
  wp_debug_acquire(c);
  wp_debug_acquire(m);
  return rc;
}

int wp__mutex_lock(pthread_mutex_t *m) {
  return locked(pthread_mutex_lock(m), 0, m);
}

int wp__mutex_trylock(pthread_mutex_t *m) {
  return locked(pthread_mutex_trylock(m), 0, m);
}

int wp__mutex_unlock(pthread_mutex_t *m) {
  wp_debug_release(m);
  return pthread_mutex_unlock(m);
}

int wp__cond_wait(pthread_cond_t *c, pthread_mutex_t *m) {
  wp_debug_release(m);
  return woke(pthread_cond_wait(c, m), c, m);
}

int wp__cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
                       const struct timespec *abstime) {
  wp_debug_release(m);
  return woke(pthread_cond_timedwait(c, m, abstime), c, m);
}

int wp__cond_signal(pthread_cond_t *c) {
  wp_debug_release(c);
  return pthread_cond_signal(c);
}

int wp__cond_broadcast(pthread_cond_t *c) {
  wp_debug_release(c);
  return pthread_cond_broadcast(c);
}

/* ---- C11 threads ---- */

#ifdef WPOOL_HAVE_C11_THREADS
/* glibc's thrd_t is its pthread_t, and thrd_current() is pthread_self(). */
_Static_assert(sizeof(thrd_t) == sizeof(pthread_t),
               "thrd_t must be the C library's pthread_t");

typedef struct c11_start {
  thrd_start_t fn;
  void *arg;
  const wp_site *site;
  struct wp__task_debug *dbg;
} c11_start;

static int c11_trampoline(void *p) {
  c11_start s = *(c11_start *)p;
  free(p);
  wp__dbg_task_begin(s.site, s.dbg);
  int result = s.fn(s.arg);
  thread_ends();
  return result;
}

int wp__thrd_create_at(thrd_t *thread, thrd_start_t fn, void *arg,
                       const wp_site *site) {
  if (!WP__DEBUG() || !fn)
    return thrd_create(thread, fn, arg);
  c11_start *s = malloc(sizeof *s);
  if (!s)
    return thrd_create(thread, fn, arg);
  *s = (c11_start){fn, arg, site, wp__dbg_task_spawning(false)};
  int rc = thrd_create(thread, c11_trampoline, s);
  if (rc != thrd_success) {
    wp__dbg_task_discard(s->dbg);
    free(s);
  }
  return rc;
}

int wp__thrd_join_at(thrd_t thread, int *result) {
  int rc = thrd_join(thread, result);
  if (rc == thrd_success && WP__DEBUG()) {
    pthread_t t;
    memcpy(&t, &thread, sizeof t);
    collect_end(t);
  }
  return rc;
}

int wp__mtx_lock(mtx_t *m) {
  return locked(mtx_lock(m), thrd_success, m);
}

int wp__mtx_trylock(mtx_t *m) {
  return locked(mtx_trylock(m), thrd_success, m);
}

int wp__mtx_timedlock(mtx_t *m, const struct timespec *abstime) {
  return locked(mtx_timedlock(m, abstime), thrd_success, m);
}

int wp__mtx_unlock(mtx_t *m) {
  wp_debug_release(m);
  return mtx_unlock(m);
}

int wp__cnd_wait(cnd_t *c, mtx_t *m) {
  wp_debug_release(m);
  return woke(cnd_wait(c, m), c, m);
}

int wp__cnd_timedwait(cnd_t *c, mtx_t *m, const struct timespec *abstime) {
  wp_debug_release(m);
  return woke(cnd_timedwait(c, m, abstime), c, m);
}

int wp__cnd_signal(cnd_t *c) {
  wp_debug_release(c);
  return cnd_signal(c);
}

int wp__cnd_broadcast(cnd_t *c) {
  wp_debug_release(c);
  return cnd_broadcast(c);
}
#endif
