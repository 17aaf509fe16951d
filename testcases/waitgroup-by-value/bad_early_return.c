/* wait_batch() is meant to wait for a batch of workers, with a timeout, and
 * has an early return for a zero timeout (just poll).  It takes the
 * waitgroup by value, so it waits on a snapshot that no done will ever
 * reach: it always times out.  Main then waits for the stragglers directly
 * before cleaning up.  Corrected twin: good_early_return.c. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define NUM_WORKERS 3

struct worker_args {
  int id;
  wp_wg *wg;
};

static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static void worker(void *arg)
{
  struct worker_args *a = arg;
  WP_DEFER_DONE(a->wg);
  sleep_ms(2 + a->id);
}

/* true if the batch finished within timeout_ms (0: just check) */
static bool wait_batch(wp_wg wg, long timeout_ms) // expect-static: waitgroup-by-value
{
  if (timeout_ms == 0)
    return wp_wg_wait_timeout(&wg, 0) == WP_OK;
  return wp_wg_wait_timeout(&wg, timeout_ms) == WP_OK; // expect-runtime: waitgroup-by-value
}

int main(void)
{
  static wp_wg wg = WP_WG_INIT;
  static struct worker_args args[NUM_WORKERS];

  for (int i = 0; i < NUM_WORKERS; i++) {
    args[i] = (struct worker_args){.id = i, .wg = &wg};
    wp_wg_add(&wg, 1);
    int rc = wp_go(worker, &args[i]);
    if (rc != WP_OK) {
      fprintf(stderr, "worker %d: %s\n", i, wp_strerror(rc));
      wp_wg_done(&wg);
    }
  }

  if (!wait_batch(wg, 50)) // expect-static: waitgroup-by-value
    fprintf(stderr, "batch did not finish in time\n");

  wp_wg_wait(&wg); /* the stragglers, before cleaning up */
  wp_wg_destroy(&wg);
  return 0;
}
