/* Five workers range over an unbuffered jobs queue; main sends ten jobs,
 * closes the queue, and waits: every worker leaves its loop and shuts down
 * cleanly.
 *
 * From: "Error 1: Not Closing Channels", correctWorkerPool (Go: close(jobs)
 * "SOLUTION: Close the channel"; wg.Wait()).  The mistake itself is
 * unclosed-queue/bad_never_closed.c. */
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
  WP_QUEUE_FOREACH(a->jobs, job) {
    printf("Worker %d: processing %d\n", a->id, job);
  }
  printf("Worker %d: shutting down cleanly\n", a->id);
}

int main(void)
{
  wp_queue *jobs = wp_queue_new(sizeof(int), 0);
  if (jobs == NULL)
    die("wp_queue_new", WP_ENOMEM);
  wp_wg wg = WP_WG_INIT;
  struct worker_args args[NUM_WORKERS];

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

  wp_queue_close(jobs); /* SOLUTION: close the queue */
  wp_wg_wait(&wg);      /* wait for the workers to finish */

  printf("All workers shut down cleanly\n");
  wp_queue_free(jobs);
  wp_wg_destroy(&wg);
  return 0;
}
