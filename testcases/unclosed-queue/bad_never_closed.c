/* Five workers range over the jobs queue, main sends ten jobs and never
 * closes the queue: the workers wait forever for jobs that never come (a
 * plain wp_wg_wait would deadlock, so main gives up after a timeout).
 *
 * From: "Error 1: Not Closing Channels", incorrectWorkerPool (Go: "PROBLEM:
 * Channel never closed! Workers are stuck in `for range jobs` forever").
 * Corrected twin: good_never_closed.c. */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_WORKERS 5

struct worker_args {
  int id;
  wp_queue *jobs;
  wp_wg *wg;
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
  WP_QUEUE_FOREACH(a->jobs, job) { /* waits forever: nobody closes jobs */
    printf("Worker %d: processing %d\n", a->id, job);
  }
}

int main(void)
{
  static wp_wg wg = WP_WG_INIT;
  static struct worker_args args[NUM_WORKERS];

  wp_queue *jobs = wp_queue_new(sizeof(int), 0); // expect: unclosed-queue
  if (jobs == NULL)
    die("wp_queue_new", WP_ENOMEM);

  for (int w = 0; w < NUM_WORKERS; w++) {
    args[w] = (struct worker_args){.id = w, .jobs = jobs, .wg = &wg};
    wp_wg_add(&wg, 1);
    int rc = wp_go(worker, &args[w]);
    if (rc != WP_OK)
      die("wp_go", rc);
  }

  for (int i = 0; i < 10; i++) {
    int rc = wp_queue_send(jobs, &i);
    if (rc != WP_OK)
      die("wp_queue_send", rc);
  }

  /* PROBLEM: jobs is never closed; wp_wg_wait(&wg) here would never return */
  if (wp_wg_wait_timeout(&wg, 50) == WP_ETIMEDOUT)
    printf("Main finished, but workers are still waiting...\n");
  return 0;
}
