/* Three senders share one jobs queue; a closer thread waits for all of them
 * (their own waitgroup) and only then closes the queue, so no send can come
 * after the close.
 *
 * From: "Error 2: Sending on Closed Channel", correctMultipleSenders (Go:
 * senderWg and workerWg; go func() { senderWg.Wait(); close(jobs) }();
 * workerWg.Wait()). */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_SENDERS 3

struct shared {
  wp_queue *jobs;
  wp_wg senders;
  wp_wg workers;
};

struct sender_args {
  int sender_id;
  struct shared *s;
};

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static void worker(void *arg)
{
  struct shared *s = arg;
  WP_DEFER_DONE(&s->workers);
  int job;
  WP_QUEUE_FOREACH(s->jobs, job) {
    printf("Processing: %d\n", job);
  }
}

static void sender(void *arg)
{
  struct sender_args *a = arg;
  WP_DEFER_DONE(&a->s->senders);
  for (int i = 0; i < 5; i++) {
    int job = a->sender_id * 100 + i;
    if (wp_queue_send(a->s->jobs, &job) != WP_OK)
      break;
  }
}

/* SOLUTION: close the queue after ALL senders finish */
static void closer(void *arg)
{
  struct shared *s = arg;
  wp_wg_wait(&s->senders);
  wp_queue_close(s->jobs);
}

int main(void)
{
  static struct shared s = {.senders = WP_WG_INIT, .workers = WP_WG_INIT};
  struct sender_args args[NUM_SENDERS];
  wp_wg closer_wg = WP_WG_INIT;

  s.jobs = wp_queue_new(sizeof(int), 10);
  if (s.jobs == NULL)
    die("wp_queue_new", WP_ENOMEM);

  /* start the worker */
  wp_wg_add(&s.workers, 1);
  int rc = wp_go(worker, &s);
  if (rc != WP_OK)
    die("wp_go", rc);

  /* multiple senders */
  for (int i = 0; i < NUM_SENDERS; i++) {
    args[i] = (struct sender_args){.sender_id = i, .s = &s};
    wp_wg_add(&s.senders, 1);
    rc = wp_go(sender, &args[i]);
    if (rc != WP_OK)
      die("wp_go", rc);
  }

  rc = wp_wg_go(&closer_wg, closer, &s);
  if (rc != WP_OK)
    die("wp_wg_go", rc);

  wp_wg_wait(&s.workers);
  wp_wg_wait(&closer_wg);
  printf("All senders completed successfully\n");

  wp_queue_free(s.jobs);
  wp_wg_destroy(&closer_wg);
  wp_wg_destroy(&s.senders);
  wp_wg_destroy(&s.workers);
  return 0;
}
