/* The last sender closes, with C11 threads: each sender counts itself out
 * under an mtx_t, and the one that brings the count to zero closes the
 * queue; every other sender's sends are ordered before that close by the
 * mutex.  Debug mode sees that order through wpool.h's wrappers of
 * thrd_create, thrd_join, mtx_lock and mtx_unlock, as it does for pthreads
 * (without them it would report each unordered-looking send).
 *
 * From: "Error 2: Sending on Closed Channel" ("Only the sender(s) should
 * close channels"; "With multiple senders, wait for ALL before closing"). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <threads.h>
#include <wpool.h>

#define NUM_SENDERS 3
#define JOBS_EACH 5

struct shared {
  wp_queue *jobs;
  mtx_t lock;
  int senders_left; /* guarded by lock */
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
    int rc = wp_queue_send(a->s->jobs, &job);
    if (rc != WP_OK)
      die("wp_queue_send", rc);
  }
  mtx_lock(&a->s->lock);
  bool last = --a->s->senders_left == 0;
  mtx_unlock(&a->s->lock);
  if (last)
    wp_queue_close(a->s->jobs); /* every other sender has counted itself out */
  return 0;
}

int main(void)
{
  struct shared s = {.senders_left = NUM_SENDERS};
  struct sender_args args[NUM_SENDERS];
  thrd_t tids[NUM_SENDERS];

  if (mtx_init(&s.lock, mtx_plain) != thrd_success)
    die("mtx_init", WP_ESYS);
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
  mtx_destroy(&s.lock);
  return received == NUM_SENDERS * JOBS_EACH ? 0 : 1;
}
