/* The classic worker pool: three workers range over a jobs queue, main sends
 * five jobs, closes the queue and receives exactly five results.  The results
 * queue is read by count, so it never needs closing.
 *
 * From: Go Lectures, "Worker Pools" (Go: for j := range jobs { ...; results
 * <- j * 2 }; close(jobs); for a := 1; a <= numJobs; a++ { <-results }).
 * Go lets the workers die with the process; in C main joins them (a
 * waitgroup) before it frees the queues they use. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define NUM_JOBS 5
#define NUM_WORKERS 3

struct worker_args {
  int id;
  wp_queue *jobs;
  wp_queue *results;
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

static void worker(void *arg)
{
  struct worker_args *a = arg;
  int j;
  WP_QUEUE_FOREACH(a->jobs, j) {
    printf("worker %d started  job %d\n", a->id, j);
    sleep_ms(5);
    printf("worker %d finished job %d\n", a->id, j);
    int result = j * 2;
    if (wp_queue_send(a->results, &result) != WP_OK)
      break;
  }
}

int main(void)
{
  wp_queue *jobs = wp_queue_new(sizeof(int), NUM_JOBS);
  wp_queue *results = wp_queue_new(sizeof(int), NUM_JOBS);
  if (jobs == NULL || results == NULL)
    die("wp_queue_new", WP_ENOMEM);

  /* three workers */
  wp_wg workers = WP_WG_INIT;
  struct worker_args args[NUM_WORKERS];
  for (int w = 0; w < NUM_WORKERS; w++) {
    args[w] = (struct worker_args){.id = w + 1, .jobs = jobs, .results = results};
    int rc = wp_wg_go(&workers, worker, &args[w]);
    if (rc != WP_OK)
      die("wp_wg_go", rc);
  }

  /* send the jobs, then close the jobs queue */
  for (int j = 1; j <= NUM_JOBS; j++) {
    int rc = wp_queue_send(jobs, &j);
    if (rc != WP_OK)
      die("wp_queue_send", rc);
  }
  wp_queue_close(jobs);

  /* wait for the job results */
  int sum = 0;
  for (int a = 1; a <= NUM_JOBS; a++) {
    int result;
    int rc = wp_queue_recv(results, &result);
    if (rc != WP_OK)
      die("wp_queue_recv", rc);
    sum += result;
  }
  printf("sum of results: %d\n", sum);

  wp_wg_wait(&workers);
  wp_queue_free(jobs);
  wp_queue_free(results);
  wp_wg_destroy(&workers);
  return 0;
}
