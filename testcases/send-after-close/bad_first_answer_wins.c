/* "First answer wins": main asks three workers the same question, takes
 * the first answer and closes the answers queue, since it needs no more.
 * The queue has room for every answer, and main is busy for a while before
 * it looks, so on most runs every worker has sent by then and the program
 * works.  But nothing orders the other workers' sends before the close: on
 * an unlucky run a slow worker sends after it and gets WP_ECLOSED (in Go,
 * a panic).  Debug mode reports those sends on every run, also when they
 * all came first: receiving one answer orders its own send before the
 * close, not the sends of the answers left in the queue.
 * Corrected twin: good_first_answer_wins.c (main leaves the queue open
 * and frees it once every worker is done).
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
  if (wp_queue_send(q->answers, &answer) != WP_OK) // expect: send-after-close
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

  /* other work first: the workers usually answer meanwhile */
  nanosleep(&(struct timespec){.tv_nsec = 20 * 1000000L}, NULL);
  int answer;
  int rc = wp_queue_recv(answers, &answer);
  if (rc != WP_OK)
    die("wp_queue_recv", rc);
  wp_queue_close(answers); /* the other workers may not have answered yet */
  printf("the answer is %d\n", answer);

  wp_wg_wait(&wg);
  wp_wg_destroy(&wg);
  wp_queue_free(answers);
  return 0;
}
