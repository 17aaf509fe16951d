/* The worker has no WP_DEFER_DONE: it calls wp_wg_done at its end, and the
 * early return for worker 1 skips it.  Main's wait never sees zero and
 * times out.
 *
 * From: "Error 4: Not Using WaitGroup Correctly", incorrectForgotDone (Go:
 * "FORGOT: defer wg.Done()"; if id == 1 { return } "Early return without
 * Done()!"; wg.Done() "Only called conditionally"; the wait raced against
 * time.After(2 * time.Second), which is wp_wg_wait_timeout here).
 * Corrected twin: good_forgot_done.c. */
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
  /* FORGOT: WP_DEFER_DONE(a->wg); */
  printf("Worker %d: running\n", a->id);
  sleep_ms(5);

  if (a->id == 1)
    return; // expect-static: missing-done

  wp_wg_done(a->wg); /* only reached on the normal path */
}

int main(void)
{
  static wp_wg wg = WP_WG_INIT;
  static struct worker_args args[NUM_WORKERS];

  for (int i = 0; i < NUM_WORKERS; i++) {
    args[i] = (struct worker_args){.id = i, .wg = &wg};
    wp_wg_add(&wg, 1);
    int rc = wp_go(worker, &args[i]); // expect-runtime: missing-done
    if (rc != WP_OK) {
      fprintf(stderr, "worker %d not started: %s\n", i, wp_strerror(rc));
      wp_wg_done(&wg);
    }
  }

  printf("Waiting (this would hang)...\n");
  if (wp_wg_wait_timeout(&wg, 100) == WP_ETIMEDOUT) {
    printf("TIMEOUT: one worker forgot to call done!\n");
    return 1;
  }
  printf("Completed\n");
  wp_wg_destroy(&wg);
  return 0;
}
