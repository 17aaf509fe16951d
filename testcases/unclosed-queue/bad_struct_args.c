/* A three-stage pipeline whose threads share one struct of arguments:
 * squarers read numbers from `jobs` and send squares to `results`, a
 * collector adds the squares up until `results` is closed.  Main closes
 * `jobs` and waits for the squarers, but never closes `results`: the
 * collector waits forever.  Corrected twin: good_struct_args.c. */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_SQUARERS 3
#define NUM_JOBS 20

struct result {
  int n;
  long square;
};

struct pipeline {
  wp_wg *squarers;
  wp_queue *jobs;    /* of int */
  wp_queue *results; /* of struct result */
  long total;        /* written by the collector only */
};

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static void squarer(void *arg)
{
  struct pipeline *p = arg;
  WP_DEFER_DONE(p->squarers);
  int n;
  WP_QUEUE_FOREACH(p->jobs, n) {
    struct result r = {.n = n, .square = (long)n * n};
    if (wp_queue_send(p->results, &r) != WP_OK)
      break;
  }
}

static void collector(void *arg)
{
  struct pipeline *p = arg;
  struct result r;
  WP_QUEUE_FOREACH(p->results, r) {
    p->total += r.square;
  }
}

int main(void)
{
  static wp_wg squarers = WP_WG_INIT;
  static wp_wg collector_wg = WP_WG_INIT;
  static struct pipeline p = {.squarers = &squarers};

  p.jobs = wp_queue_new(sizeof(int), 8);
  p.results = wp_queue_new(sizeof(struct result), 8); // expect: unclosed-queue
  if (p.jobs == NULL || p.results == NULL)
    die("wp_queue_new", WP_ENOMEM);

  for (int i = 0; i < NUM_SQUARERS; i++) {
    wp_wg_add(&squarers, 1);
    int rc = wp_go(squarer, &p);
    if (rc != WP_OK)
      die("wp_go", rc);
  }
  int rc = wp_wg_go(&collector_wg, collector, &p);
  if (rc != WP_OK)
    die("wp_wg_go", rc);

  for (int n = 1; n <= NUM_JOBS; n++) {
    rc = wp_queue_send(p.jobs, &n);
    if (rc != WP_OK)
      die("wp_queue_send", rc);
  }
  wp_queue_close(p.jobs);
  wp_wg_wait(&squarers);
  wp_queue_free(p.jobs);
  wp_wg_destroy(&squarers);
  /* every square has been sent... but the collector is not told */

  if (wp_wg_wait_timeout(&collector_wg, 50) != WP_OK) {
    fprintf(stderr, "collector did not finish\n");
    return 1;
  }
  printf("sum of squares 1..%d = %ld\n", NUM_JOBS, p.total);
  wp_queue_free(p.results);
  wp_wg_destroy(&collector_wg);
  return 0;
}
