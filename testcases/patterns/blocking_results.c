/* An unbuffered results queue that main only starts reading after a while:
 * the workers sit blocked in their sends until then.  The document lists it
 * under its errors ("This worked but workers were blocked!"): it is slow,
 * not wrong.  Main reads exactly as many results as there were jobs, then
 * waits, so nothing is left blocked: clean for wpcheck and for debug mode.
 *
 * From: "Error 3: Deadlock from Unbuffered Channels",
 * incorrectBlockingResults (Go: results := make(chan int) "Unbuffered -
 * dangerous!"; time.Sleep(2 * time.Second); for i := 0; i < 5; i++ {
 * <-results }; wg.Wait()).  2 s become 20 ms. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define NUM_WORKERS 2
#define NUM_JOBS 5

struct worker_args {
  int id;
  wp_queue *jobs;
  wp_queue *results;
  wp_wg *wg;
};

static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static void worker(void *arg)
{
  struct worker_args *a = arg;
  WP_DEFER_DONE(a->wg);
  int job;
  WP_QUEUE_FOREACH(a->jobs, job) {
    printf("Worker %d: processing %d\n", a->id, job);
    int result = job * 2;
    if (wp_queue_send(a->results, &result) != WP_OK) /* blocks: nobody reads yet */
      break;
  }
}

int main(void)
{
  wp_queue *jobs = wp_queue_new(sizeof(int), NUM_JOBS);
  wp_queue *results = wp_queue_new(sizeof(int), 0); /* unbuffered */
  if (jobs == NULL || results == NULL)
    die("wp_queue_new", WP_ENOMEM);
  wp_wg wg = WP_WG_INIT;
  struct worker_args args[NUM_WORKERS];

  for (int w = 0; w < NUM_WORKERS; w++) {
    args[w] = (struct worker_args){.id = w, .jobs = jobs, .results = results, .wg = &wg};
    wp_wg_add(&wg, 1);
    int rc = wp_go(worker, &args[w]);
    if (rc != WP_OK)
      die("wp_go", rc);
  }

  /* send jobs quickly */
  for (int i = 0; i < NUM_JOBS; i++) {
    int rc = wp_queue_send(jobs, &i);
    if (rc != WP_OK)
      die("wp_queue_send", rc);
  }
  wp_queue_close(jobs);

  printf("Sleeping while workers try to send results...\n");
  sleep_ms(20);

  printf("Now reading results...\n");
  for (int i = 0; i < NUM_JOBS; i++) {
    int result;
    int rc = wp_queue_recv(results, &result);
    if (rc != WP_OK)
      die("wp_queue_recv", rc);
    printf("Got result: %d\n", result);
  }

  wp_wg_wait(&wg);
  printf("This worked but workers were blocked!\n");
  wp_queue_free(jobs);
  wp_queue_free(results);
  wp_wg_destroy(&wg);
  return 0;
}
