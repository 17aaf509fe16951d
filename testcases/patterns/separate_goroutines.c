/* Unbuffered queues are fine when sending and receiving happen on different
 * threads: a sender thread feeds the jobs and closes them, a closer thread
 * closes the results after the workers, main only receives.
 *
 * From: "Error 3: Deadlock from Unbuffered Channels",
 * correctSeparateGoroutines (Go: jobs := make(chan int); results :=
 * make(chan int); a sender goroutine, a closer goroutine, the receiver in
 * main). */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_WORKERS 2

struct shared {
  wp_queue *jobs;    /* unbuffered */
  wp_queue *results; /* unbuffered */
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
    int result = job * 2;
    if (wp_queue_send(s->results, &result) != WP_OK)
      break;
  }
}

static void send_jobs(void *arg)
{
  struct shared *s = arg;
  for (int i = 0; i < 10; i++) {
    if (wp_queue_send(s->jobs, &i) != WP_OK)
      break;
  }
  wp_queue_close(s->jobs);
}

static void close_results(void *arg)
{
  struct shared *s = arg;
  wp_wg_wait(&s->workers);
  wp_queue_close(s->results);
}

int main(void)
{
  static struct shared s = {.workers = WP_WG_INIT};
  wp_wg helpers = WP_WG_INIT;

  s.jobs = wp_queue_new(sizeof(int), 0);
  s.results = wp_queue_new(sizeof(int), 0);
  if (s.jobs == NULL || s.results == NULL)
    die("wp_queue_new", WP_ENOMEM);

  for (int w = 0; w < NUM_WORKERS; w++) {
    wp_wg_add(&s.workers, 1);
    int rc = wp_go(worker, &s);
    if (rc != WP_OK)
      die("wp_go", rc);
  }

  int rc = wp_wg_go(&helpers, send_jobs, &s); /* sender thread */
  if (rc != WP_OK)
    die("wp_wg_go", rc);
  rc = wp_wg_go(&helpers, close_results, &s); /* closes results when workers are done */
  if (rc != WP_OK)
    die("wp_wg_go", rc);

  /* receiver in main */
  int count = 0;
  int result;
  WP_QUEUE_FOREACH(s.results, result) {
    count++;
    printf("Result: %d\n", result);
  }
  printf("Processed %d results\n", count);

  wp_wg_wait(&helpers);
  wp_queue_free(s.jobs);
  wp_queue_free(s.results);
  wp_wg_destroy(&helpers);
  wp_wg_destroy(&s.workers);
  return count == 10 ? 0 : 1;
}
