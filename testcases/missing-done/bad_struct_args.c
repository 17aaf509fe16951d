/* Workers share one struct of arguments (waitgroup, jobs, results).  A
 * worker only marks itself done if it handled at least one job: an if
 * without an else.  With four workers and two jobs, at least two workers
 * handle nothing and never call done.  Corrected twin: good_struct_args.c. */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_WORKERS 4
#define NUM_JOBS 2

struct args {
  wp_wg *wg;
  wp_queue *jobs;    /* of int */
  wp_queue *results; /* of int */
};

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static void worker(void *arg)
{
  struct args *a = arg;
  int job, handled = 0;
  WP_QUEUE_FOREACH(a->jobs, job) {
    int result = job * 2;
    if (wp_queue_send(a->results, &result) != WP_OK)
      break;
    handled++;
  }
  if (handled > 0) /* only a worker that did something reports */
    wp_wg_done(a->wg);
} // expect-static: missing-done

int main(void)
{
  static wp_wg wg = WP_WG_INIT;
  static struct args a = {.wg = &wg};

  a.jobs = wp_queue_new(sizeof(int), NUM_JOBS);
  a.results = wp_queue_new(sizeof(int), NUM_JOBS);
  if (a.jobs == NULL || a.results == NULL)
    die("wp_queue_new", WP_ENOMEM);

  for (int w = 0; w < NUM_WORKERS; w++) {
    wp_wg_add(&wg, 1);
    int rc = wp_go(worker, &a); // expect-runtime: missing-done
    if (rc != WP_OK)
      die("wp_go", rc);
  }

  for (int j = 1; j <= NUM_JOBS; j++) {
    int rc = wp_queue_send(a.jobs, &j);
    if (rc != WP_OK)
      die("wp_queue_send", rc);
  }
  wp_queue_close(a.jobs);

  int sum = 0;
  for (int j = 0; j < NUM_JOBS; j++) {
    int r;
    if (wp_queue_recv(a.results, &r) != WP_OK)
      die("wp_queue_recv", WP_ECLOSED);
    sum += r;
  }
  printf("sum %d\n", sum);

  int status = 0;
  if (wp_wg_wait_timeout(&wg, 100) == WP_ETIMEDOUT) {
    fprintf(stderr, "some workers never said they were done\n");
    status = 1;
  } else {
    wp_wg_destroy(&wg);
  }
  wp_queue_free(a.jobs); /* the workers have left their loops */
  wp_queue_free(a.results);
  return status;
}
