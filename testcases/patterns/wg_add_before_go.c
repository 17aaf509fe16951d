/* wp_wg_add runs in main before each thread is started, so the wait cannot
 * miss a worker.
 *
 * From: "Error 4: Not Using WaitGroup Correctly", correctWaitGroupTiming
 * (Go: wg.Add(1) "Add BEFORE starting goroutine"; go func(id int) { defer
 * wg.Done(); ... }(i); wg.Wait()).  The mistake itself is
 * add-inside-thread/bad_add_in_goroutine.c. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define NUM_WORKERS 5

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
  printf("Worker %d: running\n", a->id);
  sleep_ms(5);
}

int main(void)
{
  wp_wg wg = WP_WG_INIT;
  struct worker_args args[NUM_WORKERS];

  for (int i = 0; i < NUM_WORKERS; i++) {
    args[i] = (struct worker_args){.id = i, .wg = &wg};
    wp_wg_add(&wg, 1); /* add BEFORE starting the thread */
    int rc = wp_go(worker, &args[i]);
    if (rc != WP_OK) {
      fprintf(stderr, "worker %d not started: %s\n", i, wp_strerror(rc));
      wp_wg_done(&wg);
    }
  }

  wp_wg_wait(&wg);
  printf("All workers completed\n");
  wp_wg_destroy(&wg);
  return 0;
}
