/* Twin of bad_racing_sender.c: the sender thread no longer closes the
 * queue.  Main, the last sender, waits for the sender thread, sends its own
 * job, and then closes: the close comes after every send.
 *
 * From: "Error 2: Sending on Closed Channel" ("Only the sender(s) should
 * close channels"; "With multiple senders, wait for ALL before closing"). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

struct shared {
  wp_queue *jobs;
  wp_wg worker;
  wp_wg sender;
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
  struct shared *s = arg;
  WP_DEFER_DONE(&s->worker);
  int job;
  WP_QUEUE_FOREACH(s->jobs, job) {
    printf("Processing: %d\n", job);
    sleep_ms(1);
  }
}

static void sender(void *arg)
{
  struct shared *s = arg;
  for (int i = 0; i < 5; i++) {
    if (wp_queue_send(s->jobs, &i) != WP_OK)
      break;
  }
}

int main(void)
{
  static struct shared s = {.worker = WP_WG_INIT, .sender = WP_WG_INIT};
  s.jobs = wp_queue_new(sizeof(int), 0);
  if (s.jobs == NULL)
    die("wp_queue_new", WP_ENOMEM);

  wp_wg_add(&s.worker, 1);
  int rc = wp_go(worker, &s);
  if (rc != WP_OK)
    die("wp_go", rc);
  rc = wp_wg_go(&s.sender, sender, &s);
  if (rc != WP_OK)
    die("wp_wg_go", rc);

  sleep_ms(20);
  int late = 999;
  rc = wp_queue_send(s.jobs, &late);
  if (rc != WP_OK)
    die("wp_queue_send", rc);

  wp_wg_wait(&s.sender);   /* every other sender is done... */
  wp_queue_close(s.jobs);  /* ...so the last one closes */

  wp_wg_wait(&s.worker);
  wp_queue_free(s.jobs);
  wp_wg_destroy(&s.sender);
  wp_wg_destroy(&s.worker);
  return 0;
}
