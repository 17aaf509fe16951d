/* Deadlines, futexes, the lock's slow path and the parker's wait.
 *
 * Waking a thread that sleeps on another core costs tens of microseconds,
 * far more than handing over an element.  So a waiter first spins for a short
 * while (only while fewer threads spin than there are CPUs, so oversubscribed
 * programs do not burn the cores their peers need), then yields the core a
 * few times, and only then sleeps on the futex.  A completer wakes it with a
 * syscall only if it actually went to sleep. */
#include "park.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

uint64_t wp__now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t wp__deadline(long timeout_ms) {
  if (timeout_ms < 0)
    return WP__FOREVER;
  uint64_t now = wp__now_ns();
  uint64_t add = (uint64_t)timeout_ms * 1000000u;
  if ((uint64_t)timeout_ms > UINT64_MAX / 1000000u || now + add < now)
    return WP__FOREVER;
  return now + add;
}

/* ---- who could use a core ----
 * Spinning only pays when the thread it waits for is running on another
 * core.  With more runnable threads than cores, a spinner takes the core a
 * runnable peer needs (8 workers on 2 cores), so the runtime keeps a rough
 * count: the threads it knows (its own, and every other thread once it
 * blocks in a wpool call) minus those asleep on a futex. */

/* Read by every wait that may spin; written when threads start, exit,
 * sleep or wake.  `spinners` changes on every spin: a line of its own. */
static _Alignas(64) int known_threads;
static int sleeping_threads;
static _Alignas(64) int spinners; /* threads spinning in wp__parker_wait */
static _Thread_local bool thread_counted;
static pthread_key_t forget_key;
static pthread_once_t forget_once = PTHREAD_ONCE_INIT;

static void forget_thread(void *unused) {
  (void)unused;
  WP__SUB(&known_threads, 1);
}

static void make_forget_key(void) {
  if (pthread_key_create(&forget_key, forget_thread) != 0)
    forget_key = (pthread_key_t)-1;
}

void wp__thread_counted(bool runtime_thread) {
  if (thread_counted)
    return;
  thread_counted = true;
  WP__ADD(&known_threads, 1);
  if (runtime_thread)
    return; /* it says wp__thread_gone itself */
  pthread_once(&forget_once, make_forget_key);
  if (forget_key != (pthread_key_t)-1)
    pthread_setspecific(forget_key, (void *)1);
}

void wp__thread_gone(void) {
  if (thread_counted)
    WP__SUB(&known_threads, 1);
  thread_counted = false;
}

void wp__park_reset_in_child(void) {
  known_threads = thread_counted ? 1 : 0;
  sleeping_threads = 0;
  spinners = 0;
}

bool wp__may_spin(void) {
  if (wp__ncpu() < 2)
    return false;
  wp__thread_counted(false);
  int runnable = WP__LOAD_RELAXED(&known_threads) -
                 WP__LOAD_RELAXED(&sleeping_threads);
  return runnable <= wp__ncpu();
}

bool wp__futex_wait(uint32_t *addr, uint32_t expected, uint64_t deadline) {
  struct timespec ts, *tsp = NULL;
  if (deadline != WP__FOREVER) {
    if (wp__now_ns() >= deadline)
      return false;
    ts.tv_sec = (time_t)(deadline / 1000000000u);
    ts.tv_nsec = (long)(deadline % 1000000000u);
    tsp = &ts;
  }
  /* FUTEX_WAIT_BITSET takes an absolute CLOCK_MONOTONIC deadline. */
  WP__ADD(&sleeping_threads, 1);
  long r = syscall(SYS_futex, addr, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG,
                   expected, tsp, NULL, FUTEX_BITSET_MATCH_ANY);
  int err = errno;
  WP__SUB(&sleeping_threads, 1);
  errno = err;
  if (r == -1 && errno == ETIMEDOUT)
    return false;
  return true;
}

void wp__futex_wake(uint32_t *addr, int n) {
  syscall(SYS_futex, addr, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, n, NULL, NULL, 0);
}

int wp__ncpu(void) {
  static int cached;
  int n = WP__LOAD_RELAXED(&cached);
  if (n == 0) {
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    n = c < 1 ? 1 : (c > 1024 ? 1024 : (int)c);
    WP__STORE_RELAXED(&cached, n);
  }
  return n;
}

/* ---- spinning budget ---- */

/* Spinning only pays while a core is free for it: at most half the CPUs
 * (at least one) spin at a time; the other waiters yield their core for a
 * while, so a peer that is runnable gets it, and then sleep.  A waiter that
 * is still awake when its peer completes it costs the peer a store, not a
 * wake-up syscall. */
enum {
  SPIN_NS = 10000,  /* spin at most this long */
  YIELD_NS = 50000, /* then yield the core for at most this long */
  SPIN_CHECK = 32,  /* pauses between clock reads */
  QUICK_SPINS = 32, /* first pauses, before any bookkeeping (~1 us) */
};

static int max_spinners(void) {
  int n = wp__ncpu();
  return n < 1 ? 1 : n;
}

/* Checks p up to n times, a pause apart: true once it is done. */
static bool spin_checks(wp__parker *p, int n) {
  for (int i = 0; i < n; i++) {
    if (WP__LOAD(&p->state) == WP__PARK_DONE)
      return true;
    wp__cpu_relax();
  }
  return false;
}

/* Spins until p is done or the spin budget runs out. */
static bool spin_until_done(wp__parker *p) {
  if (!wp__may_spin())
    return false;
  /* A peer that answers within a microsecond (a ping-pong) is seen at
   * once, without the shared counter and the clock that a longer spin
   * needs. */
  if (spin_checks(p, QUICK_SPINS))
    return true;
  if (WP__ADD(&spinners, 1) > max_spinners()) {
    WP__SUB(&spinners, 1);
    return false;
  }
  bool done;
  uint64_t until = wp__now_ns() + SPIN_NS;
  while (!(done = spin_checks(p, SPIN_CHECK)) && wp__now_ns() < until) {
  }
  WP__SUB(&spinners, 1);
  return done;
}

bool wp__parker_wait(wp__parker *p, uint64_t deadline) {
  if (WP__LOAD(&p->state) == WP__PARK_DONE)
    return true;
  if (spin_until_done(p))
    return true;
  uint64_t yield_until = wp__now_ns() + YIELD_NS;
  if (yield_until > deadline)
    yield_until = deadline;
  do {
    sched_yield();
    if (WP__LOAD(&p->state) == WP__PARK_DONE)
      return true;
  } while (wp__now_ns() < yield_until);
  for (;;) {
    uint32_t s = WP__PARK_WAITING;
    if (!__atomic_compare_exchange_n(&p->state, &s, WP__PARK_SLEEPING, false,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) &&
        s == WP__PARK_DONE)
      return true;
    bool in_time = wp__futex_wait(&p->state, WP__PARK_SLEEPING, deadline);
    if (WP__LOAD(&p->state) == WP__PARK_DONE)
      return true;
    if (!in_time)
      return false;
  }
}

/* ---- the lock's slow path ---- */

enum { LOCK_SPINS = 64, LOCK_YIELDS = 8 };

static bool lock_try(wp__lock *l) {
  uint32_t v = __atomic_load_n(&l->v, __ATOMIC_RELAXED);
  return v == 0 && __atomic_compare_exchange_n(&l->v, &v, 1, false,
                                               __ATOMIC_ACQUIRE,
                                               __ATOMIC_RELAXED);
}

void wp__lock_slow(wp__lock *l) {
  /* Locks are held for a few dozen nanoseconds: spin, and if the holder
   * seems preempted, give it the core before going to sleep. */
  if (wp__ncpu() > 1) {
    for (int i = 0; i < LOCK_SPINS; i++) {
      wp__cpu_relax();
      if (lock_try(l))
        return;
    }
  }
  for (int i = 0; i < LOCK_YIELDS; i++) {
    sched_yield();
    if (lock_try(l))
      return;
  }
  /* Mark the lock contended and sleep until it is free. */
  while (__atomic_exchange_n(&l->v, 2, __ATOMIC_ACQUIRE) != 0)
    wp__futex_wait(&l->v, 2, WP__FOREVER);
}
