/* Workers send one result each into a buffered queue; a closer thread waits
 * for the workers and closes the queue, so main can read the results as they
 * arrive with WP_QUEUE_FOREACH (Go's `for result := range results`).
 *
 * From: "WAITGROUPS + CHANNELS" (Go: results := make(chan int, numOfJobs);
 * go func() { wg.Wait(); close(results) }(); for result := range results).
 * C needs one thing Go does not: main joins the closer thread before it frees
 * the queue the closer is using. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define NUM_WORKERS 3
#define NUM_JOBS 3

struct worker_args {
  int id;
  wp_queue *results;
  wp_wg *wg;
};

struct closer_args {
  wp_wg *workers;
  wp_queue *results;
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

  printf("Worker %d starting\n", a->id);
  sleep_ms(10); /* simulate some time spent on processing this task */
  int result = a->id * 2;
  if (wp_queue_send(a->results, &result) != WP_OK)
    fprintf(stderr, "worker %d: result lost\n", a->id);
  printf("Worker %d finished!\n", a->id);
}

static void close_when_done(void *arg)
{
  struct closer_args *c = arg;
  wp_wg_wait(c->workers); /* main keeps receiving meanwhile */
  wp_queue_close(c->results);
}

int main(void)
{
  wp_wg wg = WP_WG_INIT;
  wp_wg closer_wg = WP_WG_INIT;
  struct worker_args args[NUM_WORKERS];

  wp_queue *results = wp_queue_new(sizeof(int), NUM_JOBS);
  if (results == NULL)
    die("wp_queue_new", WP_ENOMEM);

  wp_wg_add(&wg, NUM_WORKERS);
  for (int i = 0; i < NUM_WORKERS; i++) {
    args[i] = (struct worker_args){.id = i, .results = results, .wg = &wg};
    int rc = wp_go(worker, &args[i]);
    if (rc != WP_OK)
      die("wp_go", rc);
  }

  struct closer_args closer = {.workers = &wg, .results = results};
  int rc = wp_wg_go(&closer_wg, close_when_done, &closer);
  if (rc != WP_OK)
    die("wp_wg_go", rc);

  int result;
  WP_QUEUE_FOREACH(results, result) {
    printf("Result: %d\n", result);
  }

  wp_wg_wait(&closer_wg);
  wp_queue_free(results);
  wp_wg_destroy(&closer_wg);
  wp_wg_destroy(&wg);
  return 0;
}
