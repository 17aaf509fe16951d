/* Twin of bad_by_value_param.c: the worker takes a wp_wg *, so its done
 * reaches main's waitgroup.
 *
 * From: "Error 4: Not Using WaitGroup Correctly", correctWaitGroupPointer
 * (Go: func correctWorker(id int, wg *sync.WaitGroup); go correctWorker(i,
 * &wg)). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define NUM_WORKERS 3

struct call {
  int id;
  wp_wg *wg;
};

static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static void correct_worker(int id, wp_wg *wg)
{
  WP_DEFER_DONE(wg);
  printf("Worker %d: running\n", id);
  sleep_ms(5);
}

/* wp_go passes one pointer: unpack the arguments and make the call */
static void run_worker(void *arg)
{
  struct call *c = arg;
  correct_worker(c->id, c->wg);
}

int main(void)
{
  static wp_wg wg = WP_WG_INIT;
  static struct call calls[NUM_WORKERS];

  for (int i = 0; i < NUM_WORKERS; i++) {
    wp_wg_add(&wg, 1);
    calls[i] = (struct call){.id = i, .wg = &wg};
    int rc = wp_go(run_worker, &calls[i]);
    if (rc != WP_OK) {
      fprintf(stderr, "worker %d not started: %s\n", i, wp_strerror(rc));
      wp_wg_done(&wg);
    }
  }

  if (wp_wg_wait_timeout(&wg, 5000) == WP_ETIMEDOUT) {
    printf("TIMEOUT: the waitgroup never reached zero\n");
    return 1;
  }
  printf("Completed\n");
  wp_wg_destroy(&wg);
  return 0;
}
