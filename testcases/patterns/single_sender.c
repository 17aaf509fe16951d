/* One sender owns the jobs queue: it sends everything and then closes it,
 * on its only exit path; the worker ranges over the queue.
 *
 * From: "Error 2: Sending on Closed Channel", correctChannelUsage (Go:
 * func() { defer close(jobs); for i := 0; i < 5; i++ { jobs <- i } }()).
 * The mistake itself is send-after-close/bad_racing_sender.c. */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

struct worker_args {
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
    printf("Processing: %d\n", job);
  }
}

/* the single owner of the sending side: sends, then closes (Go's defer close) */
static void send_all(wp_queue *jobs)
{
  for (int i = 0; i < 5; i++) {
    if (wp_queue_send(jobs, &i) != WP_OK)
      break;
  }
  wp_queue_close(jobs);
}

int main(void)
{
  wp_queue *jobs = wp_queue_new(sizeof(int), 0);
  if (jobs == NULL)
    die("wp_queue_new", WP_ENOMEM);
  wp_wg wg = WP_WG_INIT;
  struct worker_args args = {.jobs = jobs, .wg = &wg};

  wp_wg_add(&wg, 1);
  int rc = wp_go(worker, &args);
  if (rc != WP_OK)
    die("wp_go", rc);

  send_all(jobs);

  wp_wg_wait(&wg);
  printf("Completed successfully\n");
  wp_queue_free(jobs);
  wp_wg_destroy(&wg);
  return 0;
}
