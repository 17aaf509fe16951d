/* Worker pool with cancellation: the context is a `done` queue that is
 * closed (once) to cancel; workers wp_select over `done` and the tasks queue,
 * and send their results with a select that gives up when `done` closes.
 * context.WithTimeout is a thread that closes `done` when the deadline
 * passes, unless the context ended first.
 *
 * From: "Advanced Worker Pool with Context" (Go: type WorkerPool { tasks,
 * results, wg, ctx, cancel }; select { case <-wp.ctx.Done(): return; case
 * task, ok := <-wp.tasks: ... }; Submit selects on tasks <- task and
 * ctx.Done(); Close: close(tasks); wg.Wait(); close(results)).
 * Differences: Go derives the pool's context with WithCancel(parent); here
 * the pool shares the caller's context (one done queue).  The document's
 * Cancel() method is not used by its main and is left out (calling both
 * Close and Cancel closes results twice: double-close/bad_close_and_cancel.c).
 * rand() failures become a fixed 10% of the tasks. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define NUM_WORKERS 3
#define NUM_TASKS 20
#define TIMEOUT_MS 10000

/* ---- a minimal context.Context ---------------------------------------- */

enum { CTX_ACTIVE, CTX_CANCELED, CTX_DEADLINE_EXCEEDED };

struct ctx {
  wp_queue *done; /* never sent on: closed once when the context ends */
  pthread_mutex_t mu;
  int err; /* CTX_ACTIVE until it ends */
  long timeout_ms;
  wp_wg timer; /* the deadline thread */
};

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static void ctx_end(struct ctx *c, int why)
{
  pthread_mutex_lock(&c->mu);
  if (c->err == CTX_ACTIVE) { /* only the first end closes done */
    c->err = why;
    wp_queue_close(c->done);
  }
  pthread_mutex_unlock(&c->mu);
}

static int ctx_err(struct ctx *c)
{
  pthread_mutex_lock(&c->mu);
  int err = c->err;
  pthread_mutex_unlock(&c->mu);
  return err;
}

static const char *ctx_err_string(int err)
{
  return err == CTX_DEADLINE_EXCEEDED ? "context deadline exceeded"
                                      : "context canceled";
}

static void ctx_deadline(void *arg)
{
  struct ctx *c = arg;
  wp_case done = {.q = c->done, .op = WP_RECV, .elem = NULL};
  if (wp_select(&done, 1, c->timeout_ms) == WP_ETIMEDOUT)
    ctx_end(c, CTX_DEADLINE_EXCEEDED);
}

/* context.WithTimeout(context.Background(), timeout) */
static void ctx_with_timeout(struct ctx *c, long timeout_ms)
{
  c->done = wp_queue_new(sizeof(char), 0);
  if (c->done == NULL)
    die("wp_queue_new", WP_ENOMEM);
  pthread_mutex_init(&c->mu, NULL);
  c->err = CTX_ACTIVE;
  c->timeout_ms = timeout_ms;
  wp_wg_init(&c->timer);
  int rc = wp_wg_go(&c->timer, ctx_deadline, c);
  if (rc != WP_OK)
    die("wp_wg_go", rc);
}

/* Go's `defer cancel()`, plus the cleanup C needs */
static void ctx_cancel_and_release(struct ctx *c)
{
  ctx_end(c, CTX_CANCELED);
  wp_wg_wait(&c->timer);
  wp_queue_free(c->done);
  wp_wg_destroy(&c->timer);
  pthread_mutex_destroy(&c->mu);
}

/* ---- the pool ---------------------------------------------------------- */

struct task {
  int id;
  char data[32];
};

struct task_result {
  int task_id;
  char output[80];
  const char *error; /* NULL on success */
};

struct worker_pool;

struct worker_args {
  int id;
  struct worker_pool *pool;
};

struct worker_pool {
  int worker_count;
  wp_queue *tasks;   /* of struct task */
  wp_queue *results; /* of struct task_result */
  wp_wg wg;
  struct ctx *ctx;
  struct worker_args *args;
};

static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static struct worker_pool *pool_new(struct ctx *ctx, int worker_count, int buffer)
{
  struct worker_pool *p = calloc(1, sizeof *p);
  if (p == NULL)
    die("calloc", WP_ENOMEM);
  p->worker_count = worker_count;
  p->ctx = ctx;
  p->tasks = wp_queue_new(sizeof(struct task), (size_t)buffer);
  p->results = wp_queue_new(sizeof(struct task_result), (size_t)buffer);
  p->args = calloc((size_t)worker_count, sizeof *p->args);
  if (p->tasks == NULL || p->results == NULL || p->args == NULL)
    die("pool_new", WP_ENOMEM);
  wp_wg_init(&p->wg);
  return p;
}

/* simulates processing, with occasional errors */
static struct task_result process_task(int worker_id, const struct task *t)
{
  printf("Worker %d: Processing task %d\n", worker_id, t->id);
  sleep_ms((t->id * 3) % 5);

  struct task_result r = {.task_id = t->id};
  if (t->id % 10 == 7) { /* a 10% failure rate */
    r.error = "random processing error";
    return r;
  }
  snprintf(r.output, sizeof r.output, "Processed '%s' by worker %d", t->data, worker_id);
  return r;
}

static void pool_worker(void *arg)
{
  struct worker_args *a = arg;
  struct worker_pool *p = a->pool;
  WP_DEFER_DONE(&p->wg);

  printf("Worker %d: Started\n", a->id);
  for (;;) {
    struct task task;
    wp_case in[2] = {
        {.q = p->ctx->done, .op = WP_RECV, .elem = NULL},
        {.q = p->tasks, .op = WP_RECV, .elem = &task},
    };
    int chosen = wp_select(in, 2, -1);
    if (chosen < 0) {
      fprintf(stderr, "Worker %d: select: %s\n", a->id, wp_strerror(chosen));
      return;
    }
    if (chosen == 0) {
      printf("Worker %d: Cancelled\n", a->id);
      return;
    }
    if (in[1].status == WP_ECLOSED) {
      printf("Worker %d: No more tasks, shutting down\n", a->id);
      return;
    }

    struct task_result result = process_task(a->id, &task);

    wp_case out[2] = {
        {.q = p->results, .op = WP_SEND, .elem = &result},
        {.q = p->ctx->done, .op = WP_RECV, .elem = NULL},
    };
    if (wp_select(out, 2, -1) != 0)
      return; /* canceled (or an error) */
  }
}

static void pool_start(struct worker_pool *p)
{
  for (int i = 0; i < p->worker_count; i++) {
    p->args[i] = (struct worker_args){.id = i + 1, .pool = p};
    wp_wg_add(&p->wg, 1);
    int rc = wp_go(pool_worker, &p->args[i]);
    if (rc != WP_OK)
      die("wp_go", rc);
  }
}

/* adds a task to the queue unless the context ends first */
static int pool_submit(struct worker_pool *p, struct task *t)
{
  wp_case cases[2] = {
      {.q = p->tasks, .op = WP_SEND, .elem = t},
      {.q = p->ctx->done, .op = WP_RECV, .elem = NULL},
  };
  int chosen = wp_select(cases, 2, -1);
  if (chosen < 0)
    return chosen;
  if (chosen == 1)
    return WP_ECANCELED;
  return cases[0].status;
}

/* no more tasks: wait for the workers, then close the results */
static void pool_close(struct worker_pool *p)
{
  wp_queue_close(p->tasks);
  wp_wg_wait(&p->wg);
  wp_queue_close(p->results);
}

static void pool_free(struct worker_pool *p)
{
  wp_queue_free(p->tasks);
  wp_queue_free(p->results);
  wp_wg_destroy(&p->wg);
  free(p->args);
  free(p);
}

static void submit_all(void *arg)
{
  struct worker_pool *p = arg;
  for (int i = 1; i <= NUM_TASKS; i++) {
    struct task t = {.id = i};
    snprintf(t.data, sizeof t.data, "task-data-%d", i);
    int rc = pool_submit(p, &t);
    if (rc != WP_OK) {
      printf("Failed to submit task %d: %s\n", i,
             rc == WP_ECANCELED ? ctx_err_string(ctx_err(p->ctx)) : wp_strerror(rc));
      break;
    }
  }
  pool_close(p); /* signal no more tasks */
}

int main(void)
{
  printf("Advanced Worker Pool with Context & Error Handling\n");
  printf("Workers: %d | Tasks: %d | Timeout: %d ms\n\n", NUM_WORKERS, NUM_TASKS, TIMEOUT_MS);

  struct ctx ctx;
  ctx_with_timeout(&ctx, TIMEOUT_MS);

  struct worker_pool *pool = pool_new(&ctx, NUM_WORKERS, 10);
  pool_start(pool);

  wp_wg submitter = WP_WG_INIT;
  int rc = wp_wg_go(&submitter, submit_all, pool);
  if (rc != WP_OK)
    die("wp_wg_go", rc);

  int success_count = 0, failure_count = 0;
  struct task_result result;
  WP_QUEUE_FOREACH(pool->results, result) {
    if (result.error != NULL) {
      failure_count++;
      printf("Task %d failed: %s\n", result.task_id, result.error);
    } else {
      success_count++;
      printf("Task %d: %s\n", result.task_id, result.output);
    }
  }
  wp_wg_wait(&submitter);

  printf("\nSummary:\n");
  printf("   Total tasks: %d\n", NUM_TASKS);
  printf("   Successful: %d\n", success_count);
  printf("   Failed: %d\n", failure_count);
  printf("   Workers used: %d\n", NUM_WORKERS);

  pool_free(pool);
  wp_wg_destroy(&submitter);
  ctx_cancel_and_release(&ctx);
  return 0;
}
