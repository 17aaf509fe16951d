/* Fault injection: wp_pool_new with several workers, wp_pool_submit /
 * wp_pool_try_submit, and wp_pool_free called from a pool's own job, each
 * with the n-th hooked call failing, n = 1, 2, ... until a run triggers no
 * failure.  A failed wp_pool_new returns NULL and leaves nothing behind
 * (workers already started are stopped; their threads may stay parked in
 * the runtime, which the footprint accounts for); a pool built in the end
 * has all its workers; a failed submit reports an error and runs nothing;
 * a pool freed from its own job is released even if something fails. */
#include "fault_util.h"

struct meet {
  wp_wg arrived;
  struct pgate g;
};

static void meet_job(void *arg) {
  struct meet *m = arg;
  CHECK_OK(wp_wg_done(&m->arrived));
  pgate_pass(&m->g, 0);
}

/* All `workers` workers exist: that many jobs run at once. */
static void check_pool_works(wp_pool *p, size_t workers) {
  struct wp_pool_stats st;
  CHECK_OK(wp_pool_stats(p, &st));
  CHECK_UEQ(st.workers, workers);
  struct meet m = {WP_WG_INIT, PGATE_INIT};
  CHECK_OK(wp_wg_add(&m.arrived, (int)workers));
  for (size_t i = 0; i < workers; i++)
    CHECK_OK(wp_pool_submit(p, meet_job, &m));
  int rc = wp_wg_wait_timeout(&m.arrived, 60000);
  if (rc != WP_OK)
    FAIL("only some of the %zu workers run jobs (%s)\n", workers,
         wp_err_name(rc));
  pgate_open_upto(&m.g, 1);
  CHECK_OK(wp_pool_wait(p));
}

static void sweep_pool_new(size_t workers, size_t cap) {
  int failures = 0;
  for (long n = 1;; n++) {
    CHECK_LE(n, FAULT_MAX_N);
    long fp0 = fault_footprint();
    fault_arm(n);
    wp_pool *p = wp_pool_new(workers, cap);
    long calls = fault_disarm();
    if (calls >= n) {
      if (p != NULL)
        FAIL("wp_pool_new(%zu, %zu): hooked call %ld of %ld failed, but it "
             "returned a pool\n",
             workers, cap, n, calls);
      failures++;
      CHECK_EQ(fault_footprint(), fp0);
      continue;
    }
    CHECK_NOT_NULL(p);
    check_pool_works(p, workers);
    wp_pool_free(p);
    CHECK_EQ(fault_footprint(), fp0);
    fprintf(stderr, "wp_pool_new(%zu, %zu): %d failing run(s), then ok\n",
            workers, cap, failures);
    break;
  }
  CHECK_GE(failures, 1); /* a pool needs memory */
}

static void count_job(void *arg) { atomic_fetch_add((_Atomic int *)arg, 1); }

static void sweep_submit(size_t cap, bool try_submit) {
  wp_pool *p = wp_pool_new(2, cap);
  CHECK_NOT_NULL(p);
  _Atomic int ran = 0;
  int accepted = 0;
  for (long n = 1;; n++) {
    CHECK_LE(n, FAULT_MAX_N);
    CHECK_OK(wp_pool_wait(p)); /* idle workers: nothing else runs */
    long fp0 = fault_footprint();
    fault_arm(n);
    int rc;
    if (try_submit) {
      unsigned spins = 0;
      while ((rc = wp_pool_try_submit(p, count_job, (void *)&ran)) == WP_EAGAIN)
        util_backoff(&spins); /* unbuffered: until a worker waits */
    } else {
      rc = wp_pool_submit(p, count_job, (void *)&ran);
    }
    long calls = fault_disarm();
    CHECK_OK(wp_pool_wait(p));
    CHECK_EQ(fault_footprint(), fp0);
    if (calls >= n) {
      if (rc == WP_OK)
        FAIL("wp_pool_%ssubmit: hooked call %ld of %ld failed, yet it "
             "returned WP_OK\n",
             try_submit ? "try_" : "", n, calls);
      if (rc != WP_ENOMEM && rc != WP_ESYS)
        FAIL("wp_pool_%ssubmit: hooked call %ld failed: returned %s\n",
             try_submit ? "try_" : "", n, wp_err_name(rc));
      CHECK_EQ(atomic_load(&ran), accepted); /* the job did not run */
      continue;
    }
    CHECK_OK(rc);
    accepted++;
    CHECK_EQ(atomic_load(&ran), accepted);
    fprintf(stderr, "wp_pool_%ssubmit (capacity %zu): %ld hooked call(s)\n",
            try_submit ? "try_" : "", cap, calls);
    break;
  }
  struct wp_pool_stats st;
  CHECK_OK(wp_pool_stats(p, &st));
  CHECK_UEQ(st.completed, (size_t)accepted);
  wp_pool_free(p);
}

/* wp_pool_free from the pool's own job, with the n-th hooked call after it
 * failing.  With every runtime thread busy, handing the release to another
 * thread would need a new one; whatever fails, the pool must be released
 * once its workers are gone (the footprint comes back). */
struct self_free {
  wp_pool *p;
  long n;
  long calls;
  struct pgate done; /* pthread-only: the main thread waits on it */
};

static void self_free_job(void *arg) {
  struct self_free *f = arg;
  fault_arm(f->n);
  wp_pool_free(f->p);
  f->calls = fault_disarm();
  pgate_pass(&f->done, 0); /* open already: just counts */
}

static void sweep_free_from_job(void) {
  for (long n = 1;; n++) {
    CHECK_LE(n, FAULT_MAX_N);
    fault_wait_all_idle();
    /* Occupy every free thread so that nothing is free in the runtime
     * except what the pool creates. */
    struct wp_runtime_stats s = fault_stats();
    struct pgate occupied = PGATE_INIT;
    struct gated *occ = calloc(s.threads + 1, sizeof *occ);
    CHECK_NOT_NULL(occ);
    for (size_t i = 0; i < s.threads; i++) {
      occ[i] = (struct gated){&occupied, (int)i};
      CHECK_OK(wp_go(gated_task, &occ[i]));
    }
    pgate_wait_started(&occupied, (int)s.threads);

    long fp0 = fault_footprint();
    wp_pool *p = wp_pool_new(1, 1);
    CHECK_NOT_NULL(p);
    struct self_free f = {p, n, -1, PGATE_INIT};
    f.done.open = 1;
    CHECK_OK(wp_pool_submit(p, self_free_job, &f));
    pgate_wait_finished(&f.done, 1);
    /* The pool is released by some thread soon; wait for the footprint to
     * come back, failing after a generous while rather than hanging. */
    unsigned spins = 0;
    int waited = 0;
    while (fault_footprint() != fp0) {
      if (++waited > 10000)
        FAIL("wp_pool_free from a job, hooked call %ld of %ld failing: the "
             "pool was never released (footprint %ld, expected %ld)\n",
             n, f.calls, fault_footprint(), fp0);
      util_backoff(&spins);
    }
    pgate_open_upto(&occupied, (int)s.threads);
    pgate_wait_finished(&occupied, (int)s.threads);
    free(occ);
    if (f.calls < n) {
      fprintf(stderr, "wp_pool_free from a job: %ld hooked call(s)\n", f.calls);
      break;
    }
  }
}

int main(void) {
  wp__fault_reset();
  fault_measure_thread_blocks();
  sweep_pool_new(4, 8);
  sweep_pool_new(3, 0);
  sweep_pool_new(8, 1);
  sweep_submit(4, false);
  sweep_submit(0, false);
  sweep_submit(4, true);
  sweep_submit(0, true);
  sweep_free_from_job();
  /* Refused arguments allocate nothing. */
  long base = wp__alloc_live();
  fault_arm(1);
  CHECK_NULL(wp_pool_new(0, 4));
  CHECK_NULL(wp_pool_new(SIZE_MAX, 4));
  CHECK_EQ(fault_disarm(), 0);
  CHECK_EQ(wp__alloc_live(), base);
  return 0;
}
