/* Fault injection: wp_go and wp_wg_go with the n-th hooked call (an
 * allocation or a pthread_create) failing, n = 1, 2, ... until a spawn
 * triggers no failure, repeated for many consecutive spawns while every
 * earlier task stays blocked (so each spawn needs a new thread, and the
 * runtime's structures grow on the way).
 *
 * A failing spawn returns WP_ENOMEM or WP_ESYS, starts nothing, adds
 * nothing to the waitgroup, changes no thread count and leaks no block.  A
 * spawn may still succeed despite a failed hooked call only if a free
 * (parked) thread was there to take the task -- checked from the stats
 * before the call.  Finally, with a parked thread free, spawning succeeds
 * whatever fails (never WP_ESYS). */
#include "fault_util.h"

enum { SPAWNS = 24 };

static struct pgate gate = PGATE_INIT;
static struct gated tasks[2 * SPAWNS + 8];
static int ntasks;
static wp_wg wgs[SPAWNS];

/* One spawn under the sweep; use_wg picks wp_wg_go (with wgs[k]). */
static void sweep_spawn(int k, bool use_wg) {
  int failures = 0;
  for (long n = 1;; n++) {
    CHECK_LE(n, FAULT_MAX_N);
    struct gated *t = &tasks[ntasks];
    *t = (struct gated){&gate, ntasks};
    struct wp_runtime_stats s0 = fault_stats();
    long fp0 = fault_footprint();
    fault_arm(n);
    int rc = use_wg ? wp_wg_go(&wgs[k], gated_task, t) : wp_go(gated_task, t);
    long calls = fault_disarm();
    struct wp_runtime_stats s1 = fault_stats();
    bool hit = calls >= n;
    if (getenv("WPOOL_FAULT_VERBOSE"))
      fprintf(stderr, "  #%d n=%ld: %ld hooked call(s), %s\n", k, n, calls,
              wp_err_name(rc));
    if (rc == WP_OK) {
      if (hit && s0.idle == 0)
        FAIL("%s #%d: hooked call %ld of %ld failed with no free thread, "
             "yet it returned WP_OK\n",
             use_wg ? "wp_wg_go" : "wp_go", k, n, calls);
      ntasks++;
      pgate_wait_started(&gate, ntasks); /* it really runs */
      CHECK_UEQ(s1.spawned, s0.spawned + 1);
      if (use_wg)
        CHECK_ST(wp_wg_wait_timeout(&wgs[k], 0), WP_EAGAIN);
      CHECK_EQ(fault_footprint(), fp0);
      if (!hit && s0.idle == 0)
        CHECK_GE(failures, 1); /* a new thread needs pthread_create */
      fprintf(stderr,
              "%s #%d (%zu threads before): %d failing run(s), "
              "then ok\n",
              use_wg ? "wp_wg_go" : "wp_go", k, s0.threads, failures);
      break;
    }
    if (!hit)
      FAIL("%s #%d: no hooked call failed, yet it returned %s\n",
           use_wg ? "wp_wg_go" : "wp_go", k, wp_err_name(rc));
    if (rc != WP_ENOMEM && rc != WP_ESYS)
      FAIL("%s #%d: hooked call %ld failed: returned %s, not WP_ENOMEM or "
           "WP_ESYS\n",
           use_wg ? "wp_wg_go" : "wp_go", k, n, wp_err_name(rc));
    failures++;
    /* Nothing started, nothing counted, nothing added, nothing leaked. */
    CHECK_UEQ(s1.spawned, s0.spawned);
    CHECK_UEQ(s1.threads, s0.threads);
    CHECK_UEQ(s1.created, s0.created);
    if (use_wg)
      CHECK_OK(wp_wg_wait_timeout(&wgs[k], 0));
    CHECK_EQ(fault_footprint(), fp0);
  }
}

static void quick(void *arg) { atomic_fetch_add((_Atomic int *)arg, 1); }

int main(void) {
  wp__fault_reset();
  fault_measure_thread_blocks();
  /* Every parked thread is occupied first, so that the sweeps below start
   * with none free. */
  struct wp_runtime_stats s = fault_stats();
  struct pgate occupied = PGATE_INIT;
  struct gated *occ = calloc(s.threads + 1, sizeof *occ);
  CHECK_NOT_NULL(occ);
  for (size_t i = 0; i < s.threads; i++) {
    occ[i] = (struct gated){&occupied, (int)i};
    CHECK_OK(wp_go(gated_task, &occ[i]));
  }
  pgate_wait_started(&occupied, (int)s.threads);
  CHECK_UEQ(fault_stats().idle, 0);

  for (int k = 0; k < SPAWNS; k++) {
    wp_wg_init(&wgs[k]);
    sweep_spawn(k, k % 2 == 1);
  }
  CHECK_UEQ(fault_stats().idle, 0);

  /* With a free thread, a spawn does not need pthread_create: whatever
   * hooked call fails, it is never WP_ESYS. */
  pgate_open_upto(&gate, 1); /* task 0 finishes; its thread parks */
  pgate_wait_finished(&gate, 1);
  unsigned spins = 0;
  while (fault_stats().idle == 0)
    util_backoff(&spins);
  _Atomic int ran = 0;
  for (long n = 1;; n++) {
    CHECK_LE(n, FAULT_MAX_N);
    long fp0 = fault_footprint();
    fault_arm(n);
    int rc = wp_go(quick, (void *)&ran);
    long calls = fault_disarm();
    CHECK(rc != WP_ESYS);
    if (rc == WP_OK) {
      while (atomic_load(&ran) == 0)
        util_backoff(&spins);
      CHECK_EQ(fault_footprint(), fp0);
      if (calls < n)
        break;
      continue;
    }
    CHECK_ST(rc, WP_ENOMEM);
    CHECK(calls >= n);
    CHECK_EQ(fault_footprint(), fp0);
  }

  /* Let everything finish; the waitgroups see their tasks done. */
  pgate_open_upto(&gate, ntasks);
  pgate_open_upto(&occupied, (int)s.threads);
  for (int k = 0; k < SPAWNS; k++) {
    CHECK_OK(wp_wg_wait(&wgs[k]));
    wp_wg_destroy(&wgs[k]);
  }
  pgate_wait_finished(&gate, ntasks);
  pgate_wait_finished(&occupied, (int)s.threads);
  free(occ);
  fault_wait_all_idle();
  fprintf(stderr, "%d spawns swept, %d tasks ran\n", SPAWNS, ntasks);
  return 0;
}
