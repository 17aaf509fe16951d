/* The document's pool has two ways to stop: Close (no more tasks: close
 * tasks, wait, close results) and Cancel (cancel the context, wait, close
 * results).  Both end in the same code that closes the results queue, and
 * nothing stops both from running: here the submitter closes the pool, and
 * main cancels it during its cleanup "to be sure" -- results is closed twice.
 *
 * From: "Advanced Worker Pool with Context" and "Best Practices Summary"
 * (Go: Close() { close(wp.tasks); wp.wg.Wait(); close(wp.results) } and
 * Cancel() { wp.cancel(); wp.wg.Wait(); close(wp.results) }; the best-practice
 * version puts Close behind a sync.Once but not Cancel).
 * Corrected twin: good_close_and_cancel.c. */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_WORKERS 3
#define NUM_TASKS 8

struct pool;

struct worker_args {
  int id;
  struct pool *p;
};

struct pool {
  wp_queue *tasks;   /* of int */
  wp_queue *results; /* of int */
  wp_queue *done;    /* the context: closed to cancel */
  wp_wg wg;
  struct worker_args args[NUM_WORKERS];
};

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static void worker(void *arg)
{
  struct worker_args *a = arg;
  struct pool *p = a->p;
  WP_DEFER_DONE(&p->wg);
  for (;;) {
    int task;
    wp_case in[2] = {
        {.q = p->done, .op = WP_RECV, .elem = NULL},
        {.q = p->tasks, .op = WP_RECV, .elem = &task},
    };
    if (wp_select(in, 2, -1) != 1 || in[1].status == WP_ECLOSED)
      return; /* canceled, or no more tasks */
    int result = task * task;
    wp_case out[2] = {
        {.q = p->results, .op = WP_SEND, .elem = &result},
        {.q = p->done, .op = WP_RECV, .elem = NULL},
    };
    if (wp_select(out, 2, -1) != 0)
      return;
  }
}

static void pool_start(struct pool *p)
{
  for (int i = 0; i < NUM_WORKERS; i++) {
    p->args[i] = (struct worker_args){.id = i, .p = p};
    wp_wg_add(&p->wg, 1);
    int rc = wp_go(worker, &p->args[i]);
    if (rc != WP_OK)
      die("wp_go", rc);
  }
}

/* the common end of Close and Cancel */
static void pool_finish(struct pool *p)
{
  wp_wg_wait(&p->wg);
  wp_queue_close(p->results); // expect: double-close
}

static void pool_close(struct pool *p)
{
  wp_queue_close(p->tasks);
  pool_finish(p);
}

static void pool_cancel(struct pool *p)
{
  wp_queue_close(p->done);
  pool_finish(p);
}

static void submit_all(void *arg)
{
  struct pool *p = arg;
  for (int i = 1; i <= NUM_TASKS; i++) {
    if (wp_queue_send(p->tasks, &i) != WP_OK)
      break;
  }
  pool_close(p);
}

int main(void)
{
  static struct pool p = {.wg = WP_WG_INIT};
  wp_wg submitter = WP_WG_INIT;

  p.tasks = wp_queue_new(sizeof(int), 4);
  p.results = wp_queue_new(sizeof(int), 4);
  p.done = wp_queue_new(sizeof(char), 0);
  if (p.tasks == NULL || p.results == NULL || p.done == NULL)
    die("wp_queue_new", WP_ENOMEM);

  pool_start(&p);
  int rc = wp_wg_go(&submitter, submit_all, &p);
  if (rc != WP_OK)
    die("wp_wg_go", rc);

  long sum = 0;
  int result;
  WP_QUEUE_FOREACH(p.results, result) {
    sum += result;
  }
  printf("sum of squares: %ld\n", sum);

  /* cleanup: stop everything, to be sure */
  wp_wg_wait(&submitter);
  pool_cancel(&p);

  wp_queue_free(p.tasks);
  wp_queue_free(p.results);
  wp_queue_free(p.done);
  wp_wg_destroy(&submitter);
  wp_wg_destroy(&p.wg);
  return 0;
}
