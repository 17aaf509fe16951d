/* Twin of bad_struct_args.c: one closer, started once after the workers. */
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
  wp_queue_close(c->results);
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
  }
  int rc = wp_wg_go(&closers, close_results, &closer);
  if (rc != WP_OK)
    die("wp_wg_go", rc);

  for (int j = 1; j <= NUM_JOBS; j++) {
    rc = wp_queue_send(jobs, &j);
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
  return n == NUM_JOBS ? 0 : 1;
}
