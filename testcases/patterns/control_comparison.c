/* The same CPU-bound work done two ways: one thread per task, and ten
 * workers ranging over a jobs queue; each is measured (threads the runtime
 * created, elapsed time).  A third run uses wpool's own fixed pool.
 *
 * From: "Control Comparison" (Go: measureGoroutines(label, fn);
 * withoutWorkerPool: wg.Add(1); go func(id int) { defer wg.Done();
 * doWork(id) }(i); withWorkerPool: jobs := make(chan int, 100), workers
 * `for id := range jobs`, close(jobs), wg.Wait()).  Go's runtime.NumGoroutine
 * becomes wp_runtime_stats; runtime.GC and MemStats have no C counterpart.
 * 1000 tasks become 200. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define NUM_TASKS 200
#define NUM_WORKERS 10

static atomic_long total; /* keeps the work from being optimised away */

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static double now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* simulated work */
static long do_work(int id)
{
  long sum = id;
  for (int i = 0; i < 100000; i++)
    sum += i;
  return sum;
}

static void measure(const char *label, void (*fn)(void))
{
  struct wp_runtime_stats before, after;
  if (wp_runtime_stats(&before) != WP_OK)
    die("wp_runtime_stats", WP_EINVAL);
  double start = now_ms();
  fn();
  double elapsed = now_ms() - start;
  if (wp_runtime_stats(&after) != WP_OK)
    die("wp_runtime_stats", WP_EINVAL);

  printf("\n%s\n", label);
  printf("Threads created: %zu (tasks started: %zu)\n", after.created - before.created,
         after.spawned - before.spawned);
  printf("Execution time: %.1f ms\n", elapsed);
}

/* ---- WITHOUT worker pool ------------------------------------------------ */

struct task {
  int id;
  wp_wg *wg;
};

static void run_task(void *arg)
{
  struct task *t = arg;
  WP_DEFER_DONE(t->wg);
  atomic_fetch_add(&total, do_work(t->id));
}

static void without_worker_pool(void)
{
  static struct task tasks[NUM_TASKS];
  wp_wg wg = WP_WG_INIT;

  for (int i = 0; i < NUM_TASKS; i++) {
    tasks[i] = (struct task){.id = i, .wg = &wg};
    wp_wg_add(&wg, 1);
    int rc = wp_go(run_task, &tasks[i]);
    if (rc != WP_OK)
      die("wp_go", rc);
  }

  wp_wg_wait(&wg);
  wp_wg_destroy(&wg);
}

/* ---- WITH worker pool --------------------------------------------------- */

struct worker_args {
  wp_queue *jobs;
  wp_wg *wg;
};

static void pool_worker(void *arg)
{
  struct worker_args *a = arg;
  WP_DEFER_DONE(a->wg);
  int id;
  WP_QUEUE_FOREACH(a->jobs, id) {
    atomic_fetch_add(&total, do_work(id));
  }
}

static void with_worker_pool(void)
{
  wp_queue *jobs = wp_queue_new(sizeof(int), 100);
  if (jobs == NULL)
    die("wp_queue_new", WP_ENOMEM);
  wp_wg wg = WP_WG_INIT;
  struct worker_args args = {.jobs = jobs, .wg = &wg};

  /* start workers */
  for (int w = 0; w < NUM_WORKERS; w++) {
    wp_wg_add(&wg, 1);
    int rc = wp_go(pool_worker, &args);
    if (rc != WP_OK)
      die("wp_go", rc);
  }

  /* send jobs */
  for (int i = 0; i < NUM_TASKS; i++) {
    int rc = wp_queue_send(jobs, &i);
    if (rc != WP_OK)
      die("wp_queue_send", rc);
  }
  wp_queue_close(jobs);

  wp_wg_wait(&wg);
  wp_queue_free(jobs);
  wp_wg_destroy(&wg);
}

/* ---- WITH wpool's fixed pool ------------------------------------------- */

static int ids[NUM_TASKS];

static void pool_job(void *arg)
{
  atomic_fetch_add(&total, do_work(*(int *)arg));
}

static void with_wp_pool(void)
{
  wp_pool *pool = wp_pool_new(NUM_WORKERS, 100);
  if (pool == NULL)
    die("wp_pool_new", WP_ENOMEM);
  for (int i = 0; i < NUM_TASKS; i++) {
    ids[i] = i;
    int rc = wp_pool_submit(pool, pool_job, &ids[i]);
    if (rc != WP_OK)
      die("wp_pool_submit", rc);
  }
  int rc = wp_pool_wait(pool);
  if (rc != WP_OK)
    die("wp_pool_wait", rc);
  wp_pool_free(pool);
}

int main(void)
{
  printf("CONTROL COMPARISON: Worker Pool vs Unlimited Threads\n");
  printf("====================================================\n\n");
  printf("Test parameters:\n");
  printf("  - Number of tasks: %d\n", NUM_TASKS);
  printf("  - Number of workers (for pool): %d\n", NUM_WORKERS);

  measure("WITHOUT WORKER POOL (Unlimited Threads)", without_worker_pool);
  measure("WITH WORKER POOL (Limited Threads)", with_worker_pool);
  measure("WITH wp_pool (Limited Threads)", with_wp_pool);

  printf("\nKEY INSIGHTS:\n");
  printf("1. Thread count:\n");
  printf("   Without pool: up to %d threads at once\n", NUM_TASKS);
  printf("   With pool: only %d threads\n", NUM_WORKERS);
  printf("   Reduction: %d%% fewer threads!\n", (NUM_TASKS - NUM_WORKERS) * 100 / NUM_TASKS);
  printf("(checksum %ld)\n", atomic_load(&total));
  return 0;
}
