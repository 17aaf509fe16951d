/* Factorial worker pool: the worker knows nothing about waitgroups; a small
 * wrapper thread function adds WP_DEFER_DONE around it (Go's go func() {
 * defer wg.Done(); worker(...) }()).  The results queue holds every result,
 * so main can wait for the workers first, then close and drain it.
 *
 * From: "Go Concurrency Patterns: Worker Pool", 18_Concurrency_Patterns.go
 * (Go: type Job { ID, Number }; type Result { Job; Factorial }; wg.Wait();
 * close(results); for r := range results).  100 ms of work become 2 ms. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define NUM_JOBS 10
#define NUM_WORKERS 3

struct job {
  int id;
  int number;
};

struct result {
  struct job job;
  long factorial;
};

struct worker_args {
  int worker_id;
  wp_queue *jobs;    /* of struct job */
  wp_queue *results; /* of struct result */
  wp_wg *wg;
};

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

/* calculates the factorial of each job's number and sends the result */
static void worker(int id, wp_queue *jobs, wp_queue *results)
{
  struct job job;
  WP_QUEUE_FOREACH(jobs, job) {
    printf("Worker %d starting job %d\n", id, job.id);
    long f = 1;
    for (int i = 1; i <= job.number; i++)
      f *= i;
    sleep_ms(2); /* simulate work */
    struct result r = {.job = job, .factorial = f};
    if (wp_queue_send(results, &r) != WP_OK)
      break;
    printf("Worker %d finished job %d\n", id, job.id);
  }
}

static void run_worker(void *arg)
{
  struct worker_args *a = arg;
  WP_DEFER_DONE(a->wg);
  worker(a->worker_id, a->jobs, a->results);
}

int main(void)
{
  wp_queue *jobs = wp_queue_new(sizeof(struct job), NUM_JOBS);
  wp_queue *results = wp_queue_new(sizeof(struct result), NUM_JOBS);
  if (jobs == NULL || results == NULL)
    die("wp_queue_new", WP_ENOMEM);

  wp_wg wg = WP_WG_INIT;
  struct worker_args args[NUM_WORKERS];

  /* start workers */
  for (int w = 1; w <= NUM_WORKERS; w++) {
    args[w - 1] = (struct worker_args){
        .worker_id = w, .jobs = jobs, .results = results, .wg = &wg};
    wp_wg_add(&wg, 1);
    int rc = wp_go(run_worker, &args[w - 1]);
    if (rc != WP_OK)
      die("wp_go", rc);
  }

  /* send jobs */
  for (int j = 1; j <= NUM_JOBS; j++) {
    struct job job = {.id = j, .number = j};
    int rc = wp_queue_send(jobs, &job);
    if (rc != WP_OK)
      die("wp_queue_send", rc);
  }
  wp_queue_close(jobs);

  /* wait for all workers to finish: results has room for every result */
  wp_wg_wait(&wg);
  wp_queue_close(results);

  printf("\n--- Results ---\n");
  struct result r;
  WP_QUEUE_FOREACH(results, r) {
    printf("Job %d (Number %d): Factorial = %ld\n", r.job.id, r.job.number, r.factorial);
  }
  printf("All jobs processed.\n");

  wp_queue_free(jobs);
  wp_queue_free(results);
  wp_wg_destroy(&wg);
  return 0;
}
