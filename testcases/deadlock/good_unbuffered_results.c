/* Twin of bad_unbuffered_results.c: the queues stay unbuffered, but the
 * jobs are sent from their own thread, so main is free to read the results
 * while the workers produce them (it reads a known count).
 *
 * From: "Error 3: Deadlock from Unbuffered Channels" ("Separate sending and
 * receiving into different goroutines"). */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_WORKERS 2

struct shared {
  wp_queue *jobs;    /* unbuffered */
  wp_queue *results; /* unbuffered */
  wp_wg wg;
};

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static void worker(void *arg)
{
  struct shared *s = arg;
  WP_DEFER_DONE(&s->wg);
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

int main(void)
{
  static struct shared s = {.wg = WP_WG_INIT};
  wp_wg sender = WP_WG_INIT;
  s.jobs = wp_queue_new(sizeof(int), 0);
  s.results = wp_queue_new(sizeof(int), 0);
  if (s.jobs == NULL || s.results == NULL)
    die("wp_queue_new", WP_ENOMEM);

  for (int w = 0; w < NUM_WORKERS; w++) {
    wp_wg_add(&s.wg, 1);
    int rc = wp_go(worker, &s);
    if (rc != WP_OK)
      die("wp_go", rc);
  }
  int rc = wp_wg_go(&sender, send_jobs, &s);
  if (rc != WP_OK)
    die("wp_wg_go", rc);

  for (int i = 0; i < 10; i++) {
    int result;
    if (wp_queue_recv(s.results, &result) != WP_OK)
      die("wp_queue_recv", WP_ECLOSED);
    printf("Result: %d\n", result);
  }

  wp_wg_wait(&sender);
  wp_wg_wait(&s.wg);
  wp_queue_free(s.jobs);
  wp_queue_free(s.results);
  wp_wg_destroy(&sender);
  wp_wg_destroy(&s.wg);
  return 0;
}
