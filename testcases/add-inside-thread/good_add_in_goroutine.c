/* Twin of bad_add_in_goroutine.c: main adds before starting each worker, so
 * its wait really waits for all of them; the reports are all in the queue
 * by the time it returns.
 *
 * From: "Error 4: Not Using WaitGroup Correctly", correctWaitGroupTiming. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define NUM_WORKERS 5

struct worker_args {
  int id;
  wp_wg *wg;
  wp_queue *reports; /* of int */
};

static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static void worker(void *arg)
{
  struct worker_args *a = arg;
  WP_DEFER_DONE(a->wg);
  printf("Worker %d: running\n", a->id);
  sleep_ms(5);
  (void)wp_queue_send(a->reports, &a->id);
}

int main(void)
{
  wp_wg wg = WP_WG_INIT;
  struct worker_args args[NUM_WORKERS];
  wp_queue *reports = wp_queue_new(sizeof(int), NUM_WORKERS);
  if (reports == NULL)
    die("wp_queue_new", WP_ENOMEM);

  for (int i = 0; i < NUM_WORKERS; i++) {
    args[i] = (struct worker_args){.id = i, .wg = &wg, .reports = reports};
    wp_wg_add(&wg, 1); /* add BEFORE starting the thread */
    int rc = wp_go(worker, &args[i]);
    if (rc != WP_OK)
      die("wp_go", rc);
  }

  wp_wg_wait(&wg);
  printf("All workers completed\n");

  for (int i = 0; i < NUM_WORKERS; i++) {
    int id;
    if (wp_queue_try_recv(reports, &id) != WP_OK)
      die("wp_queue_try_recv", WP_EAGAIN);
    printf("report from worker %d\n", id);
  }

  wp_queue_free(reports);
  wp_wg_destroy(&wg);
  return 0;
}
