/* incorrect_worker takes the waitgroup by value: its done lands on the
 * copy, the waitgroup main waits on never reaches zero, and main's wait
 * times out.
 *
 * From: "Error 4: Not Using WaitGroup Correctly", incorrectWaitGroupValue
 * (Go: func incorrectWorker(id int, wg sync.WaitGroup) "Passed by value!";
 * defer wg.Done() "This modifies a COPY"; go incorrectWorker(i, wg); the
 * wait in a goroutine raced against time.After(2 * time.Second), which is
 * wp_wg_wait_timeout here).  Corrected twin: good_by_value_param.c. */
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

static void incorrect_worker(int id, wp_wg wg) // expect-static: waitgroup-by-value
{
  WP_DEFER_DONE(&wg); // expect-runtime: waitgroup-by-value
  printf("Worker %d: running\n", id);
  sleep_ms(5);
}

/* wp_go passes one pointer: unpack the arguments and make the call */
static void run_worker(void *arg)
{
  struct call *c = arg;
  incorrect_worker(c->id, *c->wg); // expect-static: waitgroup-by-value
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

  printf("Waiting (this would hang forever)...\n");
  if (wp_wg_wait_timeout(&wg, 100) == WP_ETIMEDOUT) {
    printf("TIMEOUT: the waitgroup never reached zero (passed by value!)\n");
    return 1;
  }
  printf("Completed\n");
  wp_wg_destroy(&wg);
  return 0;
}
