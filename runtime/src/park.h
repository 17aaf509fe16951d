/* Blocking primitives: deadlines, futexes, a small lock, and the parker a
 * blocked thread sleeps on (spin briefly, then yield, then futex). */
#ifndef WP_PARK_H
#define WP_PARK_H

#include <stdint.h>

#include "internal.h"

/* ---- deadlines: absolute CLOCK_MONOTONIC nanoseconds ---- */

#define WP__FOREVER UINT64_MAX

WP__INTERNAL uint64_t wp__now_ns(void);
/* timeout_ms < 0: forever; otherwise now + timeout_ms. */
WP__INTERNAL uint64_t wp__deadline(long timeout_ms);

/* ---- futex ---- */

/* Sleeps while *addr == expected, until woken or the deadline passes.
 * Returns false once the deadline has passed, true otherwise (woken,
 * spurious wake or value changed: the caller re-checks). */
WP__INTERNAL bool wp__futex_wait(uint32_t *addr, uint32_t expected,
                                 uint64_t deadline);
WP__INTERNAL void wp__futex_wake(uint32_t *addr, int n);

/* ---- pause / spin policy ---- */

static inline void wp__cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

/* ---- lock: a futex mutex that spins briefly before sleeping ---- */

typedef struct wp__lock {
  uint32_t v; /* 0 free, 1 held, 2 held with sleepers */
} wp__lock;

WP__INTERNAL void wp__lock_slow(wp__lock *l);

static inline void wp__lock_acquire(wp__lock *l) {
  uint32_t free_ = 0;
  if (WP__LIKELY(__atomic_compare_exchange_n(&l->v, &free_, 1, false,
                                             __ATOMIC_ACQUIRE,
                                             __ATOMIC_RELAXED)))
    return;
  wp__lock_slow(l);
}

static inline void wp__lock_release(wp__lock *l) {
  if (WP__UNLIKELY(__atomic_exchange_n(&l->v, 0, __ATOMIC_RELEASE) == 2))
    wp__futex_wake(&l->v, 1);
}

/* ---- parker: one blocked operation (a send, a receive, a select) ---- */

enum { WP__PARK_WAITING = 0, WP__PARK_SLEEPING = 1, WP__PARK_DONE = 2 };

typedef struct wp__parker {
  uint32_t claim; /* 0 open; 1 once a completer (or the timeout) owns it */
  uint32_t state; /* WP__PARK_*: the futex word */
  int fired;      /* select: the index of the case that completed */
} wp__parker;

static inline void wp__parker_init(wp__parker *p) {
  p->claim = 0;
  p->state = WP__PARK_WAITING;
  p->fired = -1;
}

/* Takes ownership of the parked operation; false if someone else did. */
static inline bool wp__parker_claim(wp__parker *p) {
  uint32_t open = 0;
  return __atomic_compare_exchange_n(&p->claim, &open, 1, false,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/* Called by the completer after it claimed p and wrote the results: wakes
 * the owner (only if it sleeps).  p may be gone once this returns. */
static inline void wp__parker_signal(wp__parker *p) {
  if (__atomic_exchange_n(&p->state, WP__PARK_DONE, __ATOMIC_RELEASE) ==
      WP__PARK_SLEEPING)
    wp__futex_wake(&p->state, 1);
}

/* Waits until p is signalled (true) or the deadline passes (false). */
WP__INTERNAL bool wp__parker_wait(wp__parker *p, uint64_t deadline);

/* Counts the calling thread among those that may want a core (runtime
 * threads call it when they start and wp__thread_gone when they exit; other
 * threads are counted when they first block and forgotten at their exit). */
WP__INTERNAL void wp__thread_counted(bool runtime_thread);
WP__INTERNAL void wp__thread_gone(void);
/* True if spinning is likely to pay: more than one CPU and no more threads
 * wanting a core than there are cores. */
WP__INTERNAL bool wp__may_spin(void);

/* In a child after fork(): only the calling thread exists. */
WP__INTERNAL void wp__park_reset_in_child(void);

/* Number of online CPUs (cached). */
WP__INTERNAL int wp__ncpu(void);

#endif
