/* The closer thread (wait for the workers, then close results) was started
 * inside the loop that starts the workers, so there is one closer per
 * worker, and each of them closes the results queue.  The workers are all
 * counted before the loop, so every closer waits for all of them: the
 * closes come after the last send, but there is more than one.
 * Corrected twin: good_struct_args.c. */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_WORKERS 3
#define NUM_JOBS 9

struct worker_args {
  int id;
  wp_wg *wg;
  wp_queue *jobs;    /* of int */
  wp_queue *results; /* of int */
};

struct closer_args {
  wp_wg *workers;
  wp_queue *results;
};

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
    int result = job + 1000 * a->id;
    if (wp_queue_send(a->results, &result) != WP_OK)
      break;
  }
}

static void close_results(void *arg)
{
  struct closer_args *c = arg;
  wp_wg_wait(c->workers);
  wp_queue_close(c->results); // expect: double-close
}

int main(void)
{
  wp_wg workers = WP_WG_INIT;
  wp_wg closers = WP_WG_INIT;
  struct worker_args args[NUM_WORKERS];

  wp_queue *jobs = wp_queue_new(sizeof(int), NUM_JOBS);
  wp_queue *results = wp_queue_new(sizeof(int), NUM_JOBS);
  if (jobs == NULL || results == NULL)
    die("wp_queue_new", WP_ENOMEM);
  struct closer_args closer = {.workers = &workers, .results = results};

  wp_wg_add(&workers, NUM_WORKERS);
  for (int i = 0; i < NUM_WORKERS; i++) {
    args[i] = (struct worker_args){.id = i, .wg = &workers, .jobs = jobs, .results = results};
    int rc = wp_go(worker, &args[i]);
    if (rc != WP_OK)
      die("wp_go", rc);
    rc = wp_wg_go(&closers, close_results, &closer);
    if (rc != WP_OK)
      die("wp_wg_go", rc);
  }

  for (int j = 1; j <= NUM_JOBS; j++) {
    int rc = wp_queue_send(jobs, &j);
    if (rc != WP_OK)
      die("wp_queue_send", rc);
  }
  wp_queue_close(jobs);

  int n = 0, result;
  WP_QUEUE_FOREACH(results, result) {
    n++;
  }
  printf("%d results\n", n);

  wp_wg_wait(&closers);
  wp_queue_free(jobs);
  wp_queue_free(results);
  wp_wg_destroy(&closers);
  wp_wg_destroy(&workers);
  return 0;
}
