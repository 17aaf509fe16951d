/* Buffered queues big enough for every job and result: main can send all the
 * jobs before anyone reads a result; a closer thread closes the results once
 * the two workers are done.
 *
 * From: "Error 3: Deadlock from Unbuffered Channels", correctBuffered (Go:
 * jobs := make(chan int, 10); results := make(chan int, 10); go func() {
 * wg.Wait(); close(results) }()).  The deadlock itself is
 * deadlock/bad_unbuffered_results.c. */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_WORKERS 2
#define NUM_JOBS 10

struct shared {
  wp_queue *jobs;
  wp_queue *results;
  wp_wg wg;
};

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static void worker(void *arg)
{
  struct shared *s = arg;
  WP_DEFER_DONE(&s->wg);
  int job;
  WP_QUEUE_FOREACH(s->jobs, job) {
    int result = job * 2;
    if (wp_queue_send(s->results, &result) != WP_OK)
      break;
  }
}

/* close the results after the workers finish */
static void close_results(void *arg)
{
  struct shared *s = arg;
  wp_wg_wait(&s->wg);
  wp_queue_close(s->results);
}

int main(void)
{
  static struct shared s = {.wg = WP_WG_INIT};
  s.jobs = wp_queue_new(sizeof(int), NUM_JOBS);       /* buffered */
  s.results = wp_queue_new(sizeof(int), NUM_JOBS);    /* buffered */
  if (s.jobs == NULL || s.results == NULL)
    die("wp_queue_new", WP_ENOMEM);

  for (int w = 0; w < NUM_WORKERS; w++) {
    wp_wg_add(&s.wg, 1);
    int rc = wp_go(worker, &s);
    if (rc != WP_OK)
      die("wp_go", rc);
  }

  /* send all jobs */
  for (int i = 0; i < NUM_JOBS; i++) {
    int rc = wp_queue_send(s.jobs, &i);
    if (rc != WP_OK)
      die("wp_queue_send", rc);
  }
  wp_queue_close(s.jobs);

  wp_wg closer_wg = WP_WG_INIT;
  int rc = wp_wg_go(&closer_wg, close_results, &s);
  if (rc != WP_OK)
    die("wp_wg_go", rc);

  /* collect results */
  int result;
  WP_QUEUE_FOREACH(s.results, result) {
    printf("Result: %d\n", result);
  }
  printf("Completed without deadlock\n");

  wp_wg_wait(&closer_wg);
  wp_queue_free(s.jobs);
  wp_queue_free(s.results);
  wp_wg_destroy(&closer_wg);
  wp_wg_destroy(&s.wg);
  return 0;
}
