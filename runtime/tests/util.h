/* Small helpers shared by the runtime tests: threads, short sleeps, the
 * stress scale.  Sleeps here only make a blocked state likely; no test's
 * verdict depends on how long anything took. */
#ifndef WPOOL_TESTS_UTIL_H
#define WPOOL_TESTS_UTIL_H

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "check.h"

static inline void util_sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

/* Yields the processor, and after many calls sleeps briefly so that a
 * polling loop does not starve the thread it waits for (valgrind runs one
 * thread at a time). */
static inline void util_backoff(unsigned *spins) {
  if (++*spins < 64)
    sched_yield();
  else
    util_sleep_ms(1);
}

static inline pthread_t util_thread(void *(*fn)(void *), void *arg) {
  pthread_t t;
  int rc = pthread_create(&t, NULL, fn, arg);
  if (rc != 0)
    FAIL("pthread_create: %d\n", rc);
  return t;
}

static inline void *util_join(pthread_t t) {
  void *ret = NULL;
  int rc = pthread_join(t, &ret);
  if (rc != 0)
    FAIL("pthread_join: %d\n", rc);
  return ret;
}

/* The stress tests' size factor: argv[1] if given, else the environment
 * variable WPOOL_STRESS_SCALE (CTest sets it from the cache variable of the
 * same name), else 10.  Scale 10 is the full size, 1 the sanitizer size. */
static inline long util_stress_scale(int argc, char **argv) {
  const char *s = argc > 1 ? argv[1] : getenv("WPOOL_STRESS_SCALE");
  if (s == NULL || *s == '\0')
    return 10;
  char *end;
  long v = strtol(s, &end, 10);
  if (*end != '\0' || v < 1 || v > 1000)
    FAIL("bad stress scale '%s'\n", s);
  return v;
}

#endif /* WPOOL_TESTS_UTIL_H */
