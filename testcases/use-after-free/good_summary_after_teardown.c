/* Twin of bad_summary_after_teardown.c: the summary is printed before the
 * teardown releases the waitgroup. */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_WORKERS 2

struct app {
  wp_queue *jobs; /* of int */
  wp_wg workers;
  atomic_int handled;
};

static void worker(void *arg)
{
  struct app *app = arg;
  WP_DEFER_DONE(&app->workers);
  int job;
  WP_QUEUE_FOREACH(app->jobs, job) {
    atomic_fetch_add(&app->handled, 1);
  }
}

static void stop_workers(struct app *app)
{
  wp_queue_close(app->jobs);
  wp_wg_wait(&app->workers);
}

static void release(struct app *app)
{
  wp_queue_free(app->jobs);
  wp_wg_destroy(&app->workers);
}

static void print_summary(struct app *app)
{
  bool idle = wp_wg_wait_timeout(&app->workers, 0) == WP_OK;
  printf("%d jobs handled, workers %s\n", atomic_load(&app->handled), idle ? "idle" : "busy");
}

int main(void)
{
  static struct app app = {.workers = WP_WG_INIT};
  app.jobs = wp_queue_new(sizeof(int), 8);
  if (app.jobs == NULL) {
    fprintf(stderr, "out of memory\n");
    return 1;
  }

  for (int w = 0; w < NUM_WORKERS; w++) {
    wp_wg_add(&app.workers, 1);
    int rc = wp_go(worker, &app);
    if (rc != WP_OK) {
      fprintf(stderr, "wp_go: %s\n", wp_strerror(rc));
      exit(1);
    }
  }
  for (int i = 0; i < 6; i++) {
    if (wp_queue_send(app.jobs, &i) != WP_OK)
      break;
  }

  stop_workers(&app);
  print_summary(&app);
  release(&app);
  return 0;
}
