/* Corrected twin of bad_first_answer_wins.c: main takes the first answer
 * and leaves the queue open.  It has room for every answer, so no worker
 * ever blocks on it, and main frees it after waiting for every worker: a
 * queue nobody receives from any more needs no close (in Go, the channel
 * is simply dropped).
 *
 * From: "Error 2: Sending on Closed Channel" ("Only the sender(s) should
 * close channels"). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define WORKERS 3

struct question {
  int id;
  wp_queue *answers;
};

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static void worker(void *arg)
{
  struct question *q = arg;
  int answer = 42; /* each works it out its own way */
  if (wp_queue_send(q->answers, &answer) != WP_OK)
    fprintf(stderr, "worker %d: its answer was refused\n", q->id);
}

int main(void)
{
  wp_queue *answers = wp_queue_new(sizeof(int), WORKERS);
  if (answers == NULL)
    die("wp_queue_new", WP_ENOMEM);
  wp_wg wg = WP_WG_INIT;
  struct question qs[WORKERS];
  for (int i = 0; i < WORKERS; i++) {
    qs[i] = (struct question){.id = i, .answers = answers};
    int rc = wp_wg_go(&wg, worker, &qs[i]);
    if (rc != WP_OK)
      die("wp_wg_go", rc);
  }

  nanosleep(&(struct timespec){.tv_nsec = 20 * 1000000L}, NULL);
  int answer;
  int rc = wp_queue_recv(answers, &answer);
  if (rc != WP_OK)
    die("wp_queue_recv", rc);
  printf("the answer is %d\n", answer);

  wp_wg_wait(&wg); /* every answer is in the queue: free it */
  wp_wg_destroy(&wg);
  wp_queue_free(answers);
  return 0;
}
