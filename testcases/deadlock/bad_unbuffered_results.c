// testcase: hangs-in-release
/* Unbuffered jobs and results, and main both sends the jobs and (later)
 * reads the results.  Each of the two workers takes a job and blocks
 * sending its result, since nobody reads results yet; main then blocks
 * sending the third job, since no worker takes it.  Everyone waits: a
 * deadlock.
 *
 * From: "Error 3: Deadlock from Unbuffered Channels", incorrectUnbuffered
 * (Go: jobs := make(chan int) "Unbuffered!"; results := make(chan int);
 * "DEADLOCK RISK: If workers block on results, jobs won't be consumed").
 * Corrected twins: good_unbuffered_results.c, and patterns/buffered_channels.c
 * and patterns/separate_goroutines.c. */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_WORKERS 2

struct shared {
  wp_queue *jobs;    /* unbuffered */
  wp_queue *results; /* unbuffered */
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
    if (wp_queue_send(s->results, &result) != WP_OK) /* blocks: nobody reads yet */
      break;
  }
}

int main(void)
{
  static struct shared s = {.wg = WP_WG_INIT};
  s.jobs = wp_queue_new(sizeof(int), 0);
  s.results = wp_queue_new(sizeof(int), 0);
  if (s.jobs == NULL || s.results == NULL)
    die("wp_queue_new", WP_ENOMEM);

  for (int w = 0; w < NUM_WORKERS; w++) {
    wp_wg_add(&s.wg, 1);
    int rc = wp_go(worker, &s);
    if (rc != WP_OK)
      die("wp_go", rc);
  }

  /* send the jobs and collect the results in the same thread */
  for (int i = 0; i < 10; i++) {
    int rc = wp_queue_send(s.jobs, &i); // expect-runtime: deadlock
    if (rc != WP_OK)
      die("wp_queue_send", rc);
  }
  wp_queue_close(s.jobs);

  for (int i = 0; i < 10; i++) {
    int result;
    if (wp_queue_recv(s.results, &result) != WP_OK)
      die("wp_queue_recv", WP_ECLOSED);
    printf("Result: %d\n", result);
  }

  wp_wg_wait(&s.wg);
  wp_queue_free(s.jobs);
  wp_queue_free(s.results);
  wp_wg_destroy(&s.wg);
  return 0;
}
