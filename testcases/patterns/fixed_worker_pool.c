/* A fixed pool of five workers processing many jobs: a producer thread sends
 * the jobs and closes the jobs queue, a closer thread closes the results
 * queue when the workers are done, main counts the successes.
 *
 * From: "Implementation With Worker Pool" (Go: type Job / type Result with
 * Message and Duration; go func() { for ... { jobs <- Job{ID: j} };
 * close(jobs) }(); go func() { wg.Wait(); close(results) }(); for result :=
 * range results).  1000 jobs of up to 1 s become 60 jobs of up to 3 ms. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define NUM_WORKERS 5 /* fixed number of workers */
#define NUM_JOBS 60

struct job {
  int id;
};

struct result {
  int job_id;
  bool success;
  char message[64];
  double duration_ms;
};

struct pool {
  wp_queue *jobs;    /* of struct job */
  wp_queue *results; /* of struct result */
  wp_wg workers;
};

struct worker_args {
  int id;
  struct pool *pool;
};

static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static double now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

/* processes jobs from the jobs queue */
static void worker(void *arg)
{
  struct worker_args *a = arg;
  struct pool *p = a->pool;
  WP_DEFER_DONE(&p->workers);

  struct job job;
  WP_QUEUE_FOREACH(p->jobs, job) {
    double start = now_ms();
    printf("Worker %d: Started job %d\n", a->id, job.id);
    sleep_ms((job.id * 7) % 4); /* simulate work */

    struct result r = {.job_id = job.id, .success = true,
                       .duration_ms = now_ms() - start};
    snprintf(r.message, sizeof r.message, "Processed by worker %d", a->id);
    if (wp_queue_send(p->results, &r) != WP_OK)
      break;
    printf("Worker %d: Completed job %d in %.1f ms\n", a->id, job.id, r.duration_ms);
  }
  printf("Worker %d: Shutting down\n", a->id);
}

/* sends the jobs, then closes the queue: the only sender closes */
static void produce(void *arg)
{
  struct pool *p = arg;
  for (int j = 1; j <= NUM_JOBS; j++) {
    struct job job = {.id = j};
    if (wp_queue_send(p->jobs, &job) != WP_OK)
      break;
  }
  wp_queue_close(p->jobs);
}

static void close_results(void *arg)
{
  struct pool *p = arg;
  wp_wg_wait(&p->workers);
  wp_queue_close(p->results);
}

int main(void)
{
  static struct pool pool = {.workers = WP_WG_INIT};
  struct worker_args args[NUM_WORKERS];
  wp_wg helpers = WP_WG_INIT; /* the producer and the closer */

  printf("WITH WORKER POOL - fixed number of threads\n");
  printf("Workers: %d | Jobs: %d\n\n", NUM_WORKERS, NUM_JOBS);

  pool.jobs = wp_queue_new(sizeof(struct job), 100);
  pool.results = wp_queue_new(sizeof(struct result), 100);
  if (pool.jobs == NULL || pool.results == NULL)
    die("wp_queue_new", WP_ENOMEM);

  double start = now_ms();

  printf("Starting %d workers...\n", NUM_WORKERS);
  for (int w = 0; w < NUM_WORKERS; w++) {
    args[w] = (struct worker_args){.id = w + 1, .pool = &pool};
    wp_wg_add(&pool.workers, 1);
    int rc = wp_go(worker, &args[w]);
    if (rc != WP_OK)
      die("wp_go", rc);
  }

  int rc = wp_wg_go(&helpers, produce, &pool);
  if (rc != WP_OK)
    die("wp_wg_go", rc);
  rc = wp_wg_go(&helpers, close_results, &pool);
  if (rc != WP_OK)
    die("wp_wg_go", rc);

  int success_count = 0;
  struct result r;
  WP_QUEUE_FOREACH(pool.results, r) {
    if (r.success)
      success_count++;
  }

  printf("\nAll tasks completed in %.1f ms\n", now_ms() - start);
  printf("Successfully processed: %d/%d jobs\n", success_count, NUM_JOBS);
  printf("Controlled concurrency: at most %d jobs at a time\n", NUM_WORKERS);

  wp_wg_wait(&helpers);
  wp_queue_free(pool.jobs);
  wp_queue_free(pool.results);
  wp_wg_destroy(&helpers);
  wp_wg_destroy(&pool.workers);
  return success_count == NUM_JOBS ? 0 : 1;
}
