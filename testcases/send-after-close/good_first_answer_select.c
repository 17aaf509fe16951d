/* Corrected twin of bad_first_answer_select.c: main takes the first
 * answer and closes `done` alone.  A worker still in its select stops
 * there; one that answered first left its answer in the queue, which has
 * room for every answer, so no send blocks and none can follow a close:
 * only the senders' side could close `answers`, and nobody needs to.
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
  wp_queue *answers, *done;
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
  wp_case cases[] = {
      {.q = q->answers, .op = WP_SEND, .elem = &answer},
      {.q = q->done, .op = WP_RECV, .elem = NULL},
  };
  int i = wp_select(cases, 2, -1);
  if (i == 0 && cases[0].status != WP_OK)
    fprintf(stderr, "worker %d: its answer was refused\n", q->id);
}

int main(void)
{
  wp_queue *answers = wp_queue_new(sizeof(int), WORKERS);
  wp_queue *done = wp_queue_new(1, 0);
  if (answers == NULL || done == NULL)
    die("wp_queue_new", WP_ENOMEM);
  wp_wg wg = WP_WG_INIT;
  struct question qs[WORKERS];
  for (int i = 0; i < WORKERS; i++) {
    qs[i] = (struct question){.id = i, .answers = answers, .done = done};
    int rc = wp_wg_go(&wg, worker, &qs[i]);
    if (rc != WP_OK)
      die("wp_wg_go", rc);
  }

  /* other work first: the workers usually answer meanwhile */
  nanosleep(&(struct timespec){.tv_nsec = 20 * 1000000L}, NULL);
  int answer;
  int rc = wp_queue_recv(answers, &answer);
  if (rc != WP_OK)
    die("wp_queue_recv", rc);
  wp_queue_close(done); /* stop whoever has not answered yet */
  printf("the answer is %d\n", answer);

  wp_wg_wait(&wg);
  wp_wg_destroy(&wg);
  wp_queue_free(answers);
  wp_queue_free(done);
  return 0;
}
