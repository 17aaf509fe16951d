/* With C11 threads: sender 0 closes the queue when its own jobs are sent,
 * and a short pause, taking for granted that the others are done by then.
 * Nothing orders their sends before that close: on most runs they have
 * all finished, on an unlucky one a send lands after the close and fails.  Debug mode reports the
 * unordered sends on every run: it sees threads made by thrd_create
 * through wpool.h's wrapper, as it sees pthreads.
 * Corrected twin: good_c11_last_sender.c (the last sender out closes,
 * counted under an mtx_t).
 *
 * From: "Error 2: Sending on Closed Channel" ("Only the sender(s) should
 * close channels"; "With multiple senders, wait for ALL before closing"). */
#include <stdio.h>
#include <stdlib.h>
#include <threads.h>
#include <time.h>
#include <wpool.h>

#define NUM_SENDERS 3
#define JOBS_EACH 5

struct shared {
  wp_queue *jobs;
};

struct sender_args {
  int id;
  struct shared *s;
};

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static int sender(void *arg)
{
  struct sender_args *a = arg;
  for (int j = 0; j < JOBS_EACH; j++) {
    int job = a->id * 100 + j;
    if (wp_queue_send(a->s->jobs, &job) != WP_OK) // expect-runtime: send-after-close
      return 1; /* sender 0 closed the queue under us */
  }
  if (a->id == 0) {
    /* usually long enough for the others: not a guarantee */
    thrd_sleep(&(struct timespec){.tv_nsec = 20 * 1000000L}, NULL);
    wp_queue_close(a->s->jobs); /* the others may still be sending */
  }
  return 0;
}

int main(void)
{
  struct shared s = {0};
  struct sender_args args[NUM_SENDERS];
  thrd_t tids[NUM_SENDERS];

  s.jobs = wp_queue_new(sizeof(int), 4);
  if (s.jobs == NULL)
    die("wp_queue_new", WP_ENOMEM);
  for (int i = 0; i < NUM_SENDERS; i++) {
    args[i] = (struct sender_args){.id = i, .s = &s};
    if (thrd_create(&tids[i], sender, &args[i]) != thrd_success)
      die("thrd_create", WP_ESYS);
  }

  int job, received = 0;
  WP_QUEUE_FOREACH(s.jobs, job)
    received++;

  for (int i = 0; i < NUM_SENDERS; i++)
    thrd_join(tids[i], NULL);
  printf("%d of %d jobs received\n", received, NUM_SENDERS * JOBS_EACH);
  wp_queue_free(s.jobs);
  return 0;
}
