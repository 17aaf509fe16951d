/* The "best practices" pool: cancellation through a context (a `done` queue
 * closed once), buffered queues, adds before starting threads,
 * WP_DEFER_DONE, checks for a closed tasks queue, a per-task timeout, a
 * once-guarded Close (sync.Once becomes a flag tested and set under a mutex),
 * and queue-depth monitoring.
 *
 * From: "Best Practices Summary" (Go: type BestPracticeWorkerPool { tasks,
 * results, wg, ctx, cancel, once sync.Once }; bp.once.Do(func() {
 * close(bp.tasks); bp.wg.Wait(); close(bp.results) }); processTask runs the
 * work in a goroutine and selects on its result, ctx.Done() and a 5 s
 * timeout; Stats() returns len(tasks), len(results)).
 * Not translatable: BEST PRACTICE 7, recovering from a panic in a worker (Go's
 * defer/recover).  C has no panic; a crashing job takes the process down, and
 * errors come back as values (struct result.err) instead.
 * Left out: Cancel(), which the document's main never calls (it would also
 * close results a second time after Close, and its `for range bp.tasks`
 * drain hangs unless tasks was closed).  Main calls Close twice on purpose:
 * the once-guard makes the second call do nothing. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define NUM_WORKERS 5
#define BUFFER_SIZE 50
#define NUM_TASKS 20

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

/* ---- a minimal context.Context ---------------------------------------- */

struct ctx {
  wp_queue *done; /* never sent on: closed once when the context ends */
  pthread_mutex_t mu;
  bool ended;
  long timeout_ms;
  wp_wg timer;
};

static void ctx_cancel(struct ctx *c)
{
  pthread_mutex_lock(&c->mu);
  if (!c->ended) {
    c->ended = true;
    wp_queue_close(c->done);
  }
  pthread_mutex_unlock(&c->mu);
}

static void ctx_deadline(void *arg)
{
  struct ctx *c = arg;
  wp_case done = {.q = c->done, .op = WP_RECV, .elem = NULL};
  if (wp_select(&done, 1, c->timeout_ms) == WP_ETIMEDOUT)
    ctx_cancel(c);
}

static void ctx_with_timeout(struct ctx *c, long timeout_ms)
{
  c->done = wp_queue_new(sizeof(char), 0);
  if (c->done == NULL)
    die("wp_queue_new", WP_ENOMEM);
  pthread_mutex_init(&c->mu, NULL);
  c->ended = false;
  c->timeout_ms = timeout_ms;
  wp_wg_init(&c->timer);
  int rc = wp_wg_go(&c->timer, ctx_deadline, c);
  if (rc != WP_OK)
    die("wp_wg_go", rc);
}

static void ctx_cancel_and_release(struct ctx *c)
{
  ctx_cancel(c);
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

struct result {
  int task_id;
  char data[64];
  const char *err; /* NULL on success */
};

struct bp_pool;

struct worker_args {
  int id;
  struct bp_pool *pool;
};

struct bp_pool {
  int worker_count;
  wp_queue *tasks;   /* of struct task */
  wp_queue *results; /* of struct result */
  wp_wg wg;
  struct ctx *ctx;
  pthread_mutex_t once_mu; /* sync.Once: ensure Close runs only once */
  bool closed;
  struct worker_args args[NUM_WORKERS];
};

/* BEST PRACTICE 1, 2: context for cancellation, buffered queues */
static struct bp_pool *bp_pool_new(struct ctx *ctx, int worker_count, int buffer_size)
{
  struct bp_pool *p = calloc(1, sizeof *p);
  if (p == NULL || worker_count > NUM_WORKERS)
    die("bp_pool_new", WP_EINVAL);
  p->worker_count = worker_count;
  p->ctx = ctx;
  p->tasks = wp_queue_new(sizeof(struct task), (size_t)buffer_size);
  p->results = wp_queue_new(sizeof(struct result), (size_t)buffer_size);
  if (p->tasks == NULL || p->results == NULL)
    die("wp_queue_new", WP_ENOMEM);
  wp_wg_init(&p->wg);
  pthread_mutex_init(&p->once_mu, NULL);
  return p;
}

struct inner_job {
  int task_id;
  int worker_id;
  wp_queue *done; /* of struct result, capacity 1 */
};

static void inner_work(void *arg)
{
  struct inner_job *j = arg;
  sleep_ms(2); /* simulate work */
  struct result r = {.task_id = j->task_id};
  snprintf(r.data, sizeof r.data, "Processed by worker %d", j->worker_id);
  (void)wp_queue_send(j->done, &r); /* capacity 1: never blocks */
  wp_queue_close(j->done);          /* the only sender closes */
}

/* BEST PRACTICE 8: a timeout on the long-running operation */
static struct result process_task(struct bp_pool *p, int worker_id, const struct task *t)
{
  struct result failed = {.task_id = t->id, .err = "task timeout"};
  wp_queue *done = wp_queue_new(sizeof(struct result), 1);
  if (done == NULL)
    die("wp_queue_new", WP_ENOMEM);

  wp_wg inner = WP_WG_INIT;
  struct inner_job job = {.task_id = t->id, .worker_id = worker_id, .done = done};
  int rc = wp_wg_go(&inner, inner_work, &job);
  if (rc != WP_OK)
    die("wp_wg_go", rc);

  struct result r;
  wp_case cases[2] = {
      {.q = done, .op = WP_RECV, .elem = &r},
      {.q = p->ctx->done, .op = WP_RECV, .elem = NULL},
  };
  int chosen = wp_select(cases, 2, 5000);
  struct result out = (chosen == 0 && cases[0].status == WP_OK) ? r : failed;

  wp_wg_wait(&inner); /* C: the task thread must be gone before `done` is freed */
  wp_queue_free(done);
  wp_wg_destroy(&inner);
  return out;
}

static void bp_worker(void *arg)
{
  struct worker_args *a = arg;
  struct bp_pool *p = a->pool;
  WP_DEFER_DONE(&p->wg); /* BEST PRACTICE 4: always defer the cleanup */

  for (;;) {
    struct task task;
    wp_case in[2] = {
        {.q = p->ctx->done, .op = WP_RECV, .elem = NULL}, /* 5: respect cancellation */
        {.q = p->tasks, .op = WP_RECV, .elem = &task},
    };
    int chosen = wp_select(in, 2, -1);
    if (chosen != 1)
      return;
    if (in[1].status == WP_ECLOSED) /* 6: check whether the queue is closed */
      return;

    /* 7: Go recovers from panics here; C has no equivalent (see the top) */
    struct result result = process_task(p, a->id, &task);

    wp_case out[2] = {
        {.q = p->results, .op = WP_SEND, .elem = &result},
        {.q = p->ctx->done, .op = WP_RECV, .elem = NULL},
    };
    if (wp_select(out, 2, -1) != 0)
      return;
  }
}

/* BEST PRACTICE 3: add to the waitgroup BEFORE starting each thread */
static void bp_pool_start(struct bp_pool *p)
{
  for (int i = 0; i < p->worker_count; i++) {
    p->args[i] = (struct worker_args){.id = i + 1, .pool = p};
    wp_wg_add(&p->wg, 1);
    int rc = wp_go(bp_worker, &p->args[i]);
    if (rc != WP_OK)
      die("wp_go", rc);
  }
}

/* BEST PRACTICE 9: check the context before blocking */
static int bp_pool_submit(struct bp_pool *p, struct task *t)
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

/* BEST PRACTICE 10: sync.Once prevents a double close */
static void bp_pool_close(struct bp_pool *p)
{
  pthread_mutex_lock(&p->once_mu);
  if (!p->closed) {
    p->closed = true;
    wp_queue_close(p->tasks);
    wp_wg_wait(&p->wg);
    wp_queue_close(p->results);
  }
  pthread_mutex_unlock(&p->once_mu);
}

/* BEST PRACTICE 11: monitoring */
static void bp_pool_stats(struct bp_pool *p, size_t *queued_tasks, size_t *queued_results)
{
  *queued_tasks = wp_queue_len(p->tasks);
  *queued_results = wp_queue_len(p->results);
}

static void bp_pool_free(struct bp_pool *p)
{
  wp_queue_free(p->tasks);
  wp_queue_free(p->results);
  wp_wg_destroy(&p->wg);
  pthread_mutex_destroy(&p->once_mu);
  free(p);
}

static void submit_tasks(void *arg)
{
  struct bp_pool *p = arg;
  for (int i = 1; i <= NUM_TASKS; i++) {
    struct task t = {.id = i};
    snprintf(t.data, sizeof t.data, "data-%d", i);
    int rc = bp_pool_submit(p, &t);
    if (rc != WP_OK) {
      printf("Failed to submit task %d: %s\n", i, wp_strerror(rc));
      break;
    }
  }
  bp_pool_close(p); /* BEST PRACTICE 14: close the pool when done submitting */
}

int main(void)
{
  printf("WORKER POOL BEST PRACTICES\n");
  printf("================================\n\n");

  /* BEST PRACTICE 12: a context for the application's lifetime */
  struct ctx ctx;
  ctx_with_timeout(&ctx, 10000);

  /* BEST PRACTICE 13: size for the workload (CPU-bound: the number of cores) */
  struct bp_pool *pool = bp_pool_new(&ctx, NUM_WORKERS, BUFFER_SIZE);
  bp_pool_start(pool);

  wp_wg submitter = WP_WG_INIT;
  int rc = wp_wg_go(&submitter, submit_tasks, pool);
  if (rc != WP_OK)
    die("wp_wg_go", rc);

  int success_count = 0, error_count = 0;
  struct result r;
  WP_QUEUE_FOREACH(pool->results, r) {
    if (r.err != NULL) {
      error_count++;
      printf("Task %d failed: %s\n", r.task_id, r.err);
    } else {
      success_count++;
      printf("Task %d: %s\n", r.task_id, r.data);
    }
    /* BEST PRACTICE 15: monitor the queue depth */
    size_t queued, unused;
    bp_pool_stats(pool, &queued, &unused);
    if (queued > 40)
      printf("Warning: Queue depth high (%zu tasks)\n", queued);
  }
  wp_wg_wait(&submitter);
  bp_pool_close(pool); /* a second Close is harmless: once-guarded */

  printf("\nFinal Results:\n");
  printf("   Success: %d\n", success_count);
  printf("   Errors: %d\n", error_count);

  bp_pool_free(pool);
  wp_wg_destroy(&submitter);
  ctx_cancel_and_release(&ctx);
  return success_count == NUM_TASKS ? 0 : 1;
}
