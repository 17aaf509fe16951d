/* The results queue is never closed, and that is fine: main receives
 * exactly one result per job, a known count, instead of reading until the
 * queue is closed.  The jobs queue, which the workers do read until closed,
 * is closed.  (Go Lectures' worker pool collects its results this way.) */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_WORKERS 3
#define NUM_JOBS 12

struct shared {
  wp_queue *jobs;    /* of int, read until closed */
  wp_queue *results; /* of int, read NUM_JOBS times */
  wp_wg workers;
};

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static void worker(void *arg)
{
  struct shared *s = arg;
  WP_DEFER_DONE(&s->workers);
  int job;
  WP_QUEUE_FOREACH(s->jobs, job) {
    int result = job * job;
    if (wp_queue_send(s->results, &result) != WP_OK)
      break;
  }
}

int main(void)
{
  static struct shared s = {.workers = WP_WG_INIT};
  s.jobs = wp_queue_new(sizeof(int), NUM_JOBS);
  s.results = wp_queue_new(sizeof(int), 0);
  if (s.jobs == NULL || s.results == NULL)
    die("wp_queue_new", WP_ENOMEM);

  for (int w = 0; w < NUM_WORKERS; w++) {
    wp_wg_add(&s.workers, 1);
    int rc = wp_go(worker, &s);
    if (rc != WP_OK)
      die("wp_go", rc);
  }

  for (int j = 1; j <= NUM_JOBS; j++) {
    int rc = wp_queue_send(s.jobs, &j);
    if (rc != WP_OK)
      die("wp_queue_send", rc);
  }
  wp_queue_close(s.jobs);

  long sum = 0;
  for (int i = 0; i < NUM_JOBS; i++) {
    int result;
    int rc = wp_queue_recv(s.results, &result);
    if (rc != WP_OK)
      die("wp_queue_recv", rc);
    sum += result;
  }
  printf("sum of squares: %ld\n", sum);

  wp_wg_wait(&s.workers);
  wp_queue_free(s.jobs);
  wp_queue_free(s.results);
  wp_wg_destroy(&s.workers);
  return 0;
}
