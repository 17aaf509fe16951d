/* Twin of bad_forgot_done.c: WP_DEFER_DONE at the top of the worker marks
 * it done on every path, the early return included.
 *
 * From: "Error 4: Not Using WaitGroup Correctly", correctAlwaysDefer (Go:
 * defer wg.Done() "ALWAYS use defer"; "Early return is safe with defer"). */
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
  WP_DEFER_DONE(a->wg); /* ALWAYS defer the done */
  printf("Worker %d: running\n", a->id);
  sleep_ms(5);

  if (a->id == 1)
    return; /* early return is safe with WP_DEFER_DONE */

  printf("Worker %d: finishing normally\n", a->id);
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
      fprintf(stderr, "worker %d not started: %s\n", i, wp_strerror(rc));
      wp_wg_done(&wg);
    }
  }

  if (wp_wg_wait_timeout(&wg, 5000) == WP_ETIMEDOUT) {
    printf("TIMEOUT: a worker did not call done\n");
    return 1;
  }
  printf("All workers completed (even with early returns)\n");
  wp_wg_destroy(&wg);
  return 0;
}
