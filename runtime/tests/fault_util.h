/* Helpers for the fault-injection tests (built only with
 * WPOOL_FAULT_INJECTION, against the hooks of runtime/src/fault.h).
 *
 * The sweep: arm the n-th hooked call (malloc/calloc/realloc or
 * pthread_create) to fail, run the operation once, read how many hooked
 * calls it made, disarm.  If it made at least n calls the failure was
 * triggered and the operation must report it as documented; otherwise it
 * must have succeeded, and the sweep is over.
 *
 * Leak accounting: wp__alloc_live() counts the runtime's live blocks.  The
 * runtime keeps finished threads parked for reuse, and each thread it owns
 * holds some blocks of its own; so tests that spawn compare a footprint,
 * live blocks minus blocks_per_thread * wp_runtime_stats().threads, where
 * blocks_per_thread is measured (see fault_measure_thread_blocks). */
#ifndef WPOOL_TESTS_FAULT_UTIL_H
#define WPOOL_TESTS_FAULT_UTIL_H

#include "fault.h"
#include "util.h"

enum { FAULT_MAX_N = 2000 };

/* A gate made of pthread primitives only: blocked tasks waiting on it make
 * no hooked calls while a sweep runs. */
struct pgate {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int open;     /* tasks with index < open may leave */
  int started;  /* tasks that reached the gate */
  int finished; /* tasks that left it */
};

#define PGATE_INIT                                                             \
  { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0 }

/* Arrive at the gate as task number index and wait to be let through. */
static inline void pgate_pass(struct pgate *g, int index) {
  pthread_mutex_lock(&g->mu);
  g->started++;
  pthread_cond_broadcast(&g->cv);
  while (index >= g->open)
    pthread_cond_wait(&g->cv, &g->mu);
  g->finished++;
  pthread_cond_broadcast(&g->cv);
  pthread_mutex_unlock(&g->mu);
}

static inline void pgate_wait_started(struct pgate *g, int n) {
  pthread_mutex_lock(&g->mu);
  while (g->started < n)
    pthread_cond_wait(&g->cv, &g->mu);
  pthread_mutex_unlock(&g->mu);
}

static inline void pgate_open_upto(struct pgate *g, int n) {
  pthread_mutex_lock(&g->mu);
  g->open = n;
  pthread_cond_broadcast(&g->cv);
  pthread_mutex_unlock(&g->mu);
}

static inline void pgate_wait_finished(struct pgate *g, int n) {
  pthread_mutex_lock(&g->mu);
  while (g->finished < n)
    pthread_cond_wait(&g->cv, &g->mu);
  pthread_mutex_unlock(&g->mu);
}

struct gated {
  struct pgate *g;
  int index;
};

static inline void gated_task(void *arg) {
  struct gated *t = arg;
  pgate_pass(t->g, t->index);
}

static inline struct wp_runtime_stats fault_stats(void) {
  struct wp_runtime_stats s;
  CHECK_OK(wp_runtime_stats(&s));
  return s;
}

static long blocks_per_thread = -1;

static inline long fault_footprint(void) {
  CHECK_GE(blocks_per_thread, 0);
  struct wp_runtime_stats s = fault_stats();
  return wp__alloc_live() - blocks_per_thread * (long)s.threads;
}

/* Waits until every thread the runtime owns is free (idle). */
static inline void fault_wait_all_idle(void) {
  unsigned spins = 0;
  for (;;) {
    struct wp_runtime_stats s = fault_stats();
    if (s.idle == s.threads)
      return;
    util_backoff(&spins);
  }
}

/* Measures the blocks each runtime-owned thread holds: with every thread
 * busy, starting one more task must create a thread, and the live blocks
 * grow by the same amount each time.  Leaves the threads parked. */
static inline void fault_measure_thread_blocks(void) {
  enum { K = 4 };
  struct pgate g = PGATE_INIT;
  struct gated t[K];
  long live[K];
  size_t threads[K];
  /* Occupy every parked thread first, so that each spawn below needs a new
   * one; the occupiers are let through at the end. */
  struct wp_runtime_stats s0 = fault_stats();
  int occupy = (int)s0.threads;
  struct gated *occ = calloc((size_t)occupy + 1, sizeof *occ);
  CHECK_NOT_NULL(occ);
  struct pgate og = PGATE_INIT;
  for (int i = 0; i < occupy; i++) {
    occ[i] = (struct gated){&og, i};
    CHECK_OK(wp_go(gated_task, &occ[i]));
  }
  pgate_wait_started(&og, occupy);
  for (int i = 0; i < K; i++) {
    t[i] = (struct gated){&g, i};
    CHECK_OK(wp_go(gated_task, &t[i]));
    pgate_wait_started(&g, i + 1);
    live[i] = wp__alloc_live();
    threads[i] = fault_stats().threads;
  }
  /* The first spawn may set up lazily allocated state; the later ones
   * must each add one thread and the same number of blocks. */
  long per = live[2] - live[1];
  for (int i = 2; i < K; i++) {
    CHECK_UEQ(threads[i] - threads[i - 1], 1);
    CHECK_EQ(live[i] - live[i - 1], per);
  }
  CHECK_GE(per, 0);
  blocks_per_thread = per;
  pgate_open_upto(&g, K);
  pgate_open_upto(&og, occupy);
  pgate_wait_finished(&g, K);
  pgate_wait_finished(&og, occupy);
  free(occ);
  fault_wait_all_idle();
  fprintf(stderr, "each runtime thread holds %ld block(s)\n", per);
}

/* Arms the n-th hooked call; fault_disarm returns the calls made since. */
static inline void fault_arm(long n) { wp__fault_fail_nth(n); }
static inline long fault_disarm(void) {
  long calls = wp__fault_calls();
  wp__fault_fail_nth(0);
  return calls;
}

#endif /* WPOOL_TESTS_FAULT_UTIL_H */
