/* Worker pool that does not need to know how many results will come: a
 * waitgroup counts the workers, a closer thread closes the results queue
 * once they are all done, and main ranges over the results until closed.
 *
 * From: "Advanced: Using WaitGroup Instead" (Go: wg.Add(1) before each
 * go worker(...); close(jobs); go func() { wg.Wait(); close(results) }();
 * for result := range results). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define NUM_JOBS 9
#define NUM_WORKERS 3

struct worker_args {
  int id;
  wp_queue *jobs;
  wp_queue *results;
  wp_wg *wg;
};

struct closer_args {
  wp_wg *workers;
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
  WP_DEFER_DONE(a->wg); /* decrease the counter when this worker finishes */

  int job;
  WP_QUEUE_FOREACH(a->jobs, job) {
    printf("Worker %d processing job %d\n", a->id, job);
    sleep_ms(3);
    int result = job * 2;
    if (wp_queue_send(a->results, &result) != WP_OK)
      break;
  }
}

static void close_results(void *arg)
{
  struct closer_args *c = arg;
  wp_wg_wait(c->workers);     /* wait for all workers */
  wp_queue_close(c->results); /* then close the results queue */
}

int main(void)
{
  wp_queue *jobs = wp_queue_new(sizeof(int), NUM_JOBS);
  wp_queue *results = wp_queue_new(sizeof(int), NUM_JOBS);
  if (jobs == NULL || results == NULL)
    die("wp_queue_new", WP_ENOMEM);

  wp_wg wg = WP_WG_INIT;
  struct worker_args args[NUM_WORKERS];
  for (int w = 0; w < NUM_WORKERS; w++) {
    args[w] = (struct worker_args){
        .id = w + 1, .jobs = jobs, .results = results, .wg = &wg};
    wp_wg_add(&wg, 1); /* increase the counter for each worker */
    int rc = wp_go(worker, &args[w]);
    if (rc != WP_OK)
      die("wp_go", rc);
  }

  for (int j = 1; j <= NUM_JOBS; j++) {
    int rc = wp_queue_send(jobs, &j);
    if (rc != WP_OK)
      die("wp_queue_send", rc);
  }
  wp_queue_close(jobs);

  wp_wg closer_wg = WP_WG_INIT;
  struct closer_args closer = {.workers = &wg, .results = results};
  int rc = wp_wg_go(&closer_wg, close_results, &closer);
  if (rc != WP_OK)
    die("wp_wg_go", rc);

  /* collect results until the queue is closed */
  int result;
  WP_QUEUE_FOREACH(results, result) {
    printf("Result: %d\n", result);
  }

  wp_wg_wait(&closer_wg);
  wp_queue_free(jobs);
  wp_queue_free(results);
  wp_wg_destroy(&closer_wg);
  wp_wg_destroy(&wg);
  return 0;
}
