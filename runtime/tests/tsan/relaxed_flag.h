/* A flag one thread raises and another polls with relaxed atomics: it makes
 * one thread go after the other in real time without telling
 * ThreadSanitizer that the two are ordered (relaxed operations are not
 * synchronisation), which is exactly the situation of a protocol race. */
#ifndef WPOOL_TESTS_TSAN_RELAXED_FLAG_H
#define WPOOL_TESTS_TSAN_RELAXED_FLAG_H

#include "../util.h"

static inline void flag_raise(atomic_int *f) {
  atomic_store_explicit(f, 1, memory_order_relaxed);
}

static inline void flag_await(atomic_int *f) {
  unsigned spins = 0;
  while (!atomic_load_explicit(f, memory_order_relaxed))
    util_backoff(&spins);
}

#endif
