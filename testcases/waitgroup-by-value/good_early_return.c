/* Twin of bad_early_return.c: wait_batch() takes a wp_wg *, so both of its
 * paths wait on main's waitgroup. */
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
static bool wait_batch(wp_wg *wg, long timeout_ms)
{
  if (timeout_ms == 0)
    return wp_wg_wait_timeout(wg, 0) == WP_OK;
  return wp_wg_wait_timeout(wg, timeout_ms) == WP_OK;
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

  if (!wait_batch(&wg, 5000))
    fprintf(stderr, "batch did not finish in time\n");

  wp_wg_wait(&wg); /* the stragglers, before cleaning up */
  wp_wg_destroy(&wg);
  return 0;
}
