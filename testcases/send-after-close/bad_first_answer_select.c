/* "First answer wins", with select: main asks three workers the same
 * question, takes the first answer, closes the answers queue since it
 * needs no more, and closes `done` to tell the others to stop.  Each worker
 * offers its answer in a select that also watches `done`.
 * The queue has room for every answer, and main is busy for a while before
 * it looks, so on most runs every worker has sent by then and the program
 * works.  But nothing orders the other workers' sends before the close: on
 * an unlucky run a slow worker sends after it and gets WP_ECLOSED (in Go,
 * a panic).  Debug mode reports those sends on every run, also when they
 * all came first: receiving one answer orders its own send before the
 * close, not the sends of the answers left in the queue.
 * A select's send case is a send like any other.
 * Corrected twin: good_first_answer_select.c (main closes `done` alone:
 * a worker that has not answered yet stops there).
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
  int i = wp_select(cases, 2, -1); // expect: send-after-close
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
  wp_queue_close(answers); /* the other workers may not have answered yet */
  wp_queue_close(done);
  printf("the answer is %d\n", answer);

  wp_wg_wait(&wg);
  wp_wg_destroy(&wg);
  wp_queue_free(answers);
  wp_queue_free(done);
  return 0;
}
