/* Forty senders, all running at once, each sending three jobs; the closer
 * waits for the first thirty-nine only (the last one was added to the
 * program later and not to the waitgroup), so the last sender's sends are
 * not ordered before the close.  Debug mode reports them on every run,
 * whether they land before the close or fail after it, though that sender
 * is far past the sixteen threads it tracks inline.
 * Corrected twin: good_many_senders.c.
 *
 * From: "Error 2: Sending on Closed Channel" ("With multiple senders, wait
 * for ALL before closing"). */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_SENDERS 40
#define JOBS_EACH 3

struct shared {
  wp_queue *start; /* closed when every sender runs: none exits early */
  wp_queue *jobs;
  wp_wg senders;
};

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static void sender(void *arg)
{
  struct shared *s = arg;
  int ignored;
  wp_queue_recv(s->start, &ignored); /* WP_ECLOSED: everyone is up */
  for (int j = 0; j < JOBS_EACH; j++) {
    int rc = wp_queue_send(s->jobs, &j);
    if (rc != WP_OK)
      die("wp_queue_send", rc);
  }
}

/* The one the closer does not wait for. */
static void late_sender(void *arg)
{
  struct shared *s = arg;
  int ignored;
  wp_queue_recv(s->start, &ignored);
  for (int j = 0; j < JOBS_EACH; j++)
    if (wp_queue_send(s->jobs, &j) != WP_OK) // expect: send-after-close
      break; /* the queue is closed already */
}

static void closer(void *arg)
{
  struct shared *s = arg;
  wp_wg_wait(&s->senders);
  wp_queue_close(s->jobs);
}

int main(void)
{
  static struct shared s = {.senders = WP_WG_INIT};
  wp_wg helpers = WP_WG_INIT;

  s.start = wp_queue_new(sizeof(int), 0);
  s.jobs = wp_queue_new(sizeof(int), 8);
  if (s.start == NULL || s.jobs == NULL)
    die("wp_queue_new", WP_ENOMEM);
  for (int i = 0; i < NUM_SENDERS - 1; i++) {
    int rc = wp_wg_go(&s.senders, sender, &s);
    if (rc != WP_OK)
      die("wp_wg_go", rc);
  }
  int rc = wp_wg_go(&helpers, late_sender, &s);
  if (rc != WP_OK)
    die("wp_wg_go", rc);
  rc = wp_wg_go(&helpers, closer, &s);
  if (rc != WP_OK)
    die("wp_wg_go", rc);
  wp_queue_close(s.start);

  int job, received = 0;
  WP_QUEUE_FOREACH(s.jobs, job)
    received++;
  wp_wg_wait(&helpers);
  printf("%d of %d jobs received\n", received, NUM_SENDERS * JOBS_EACH);
  wp_queue_free(s.start);
  wp_queue_free(s.jobs);
  return 0;
}
