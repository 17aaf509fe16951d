/* Worker pool with a known number of results: nine jobs, three workers; the
 * workers leave their loop when the jobs queue is closed and drained, and
 * main collects exactly nine results.
 *
 * From: "Breaking Down the Worker Pool", steps 1-5 and the "Complete Working
 * Example" (Go: jobs := make(chan int, numJobs); close(jobs) "IMPORTANT: Tell
 * workers no more jobs coming"; for r := 1; r <= numJobs; r++ { <-results }).
 * Main also joins the workers before freeing the queues (C has no GC). */
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
  WP_DEFER_DONE(a->wg);

  int job;
  /* blocks until a job arrives, ends when the queue is closed */
  WP_QUEUE_FOREACH(a->jobs, job) {
    printf("Worker %d processing job %d\n", a->id, job);
    sleep_ms(3); /* simulate work taking time */
    int result = job * 2;
    if (wp_queue_send(a->results, &result) != WP_OK)
      break;
  }
  printf("Worker %d done\n", a->id);
}

int main(void)
{
  wp_queue *jobs = wp_queue_new(sizeof(int), NUM_JOBS);
  wp_queue *results = wp_queue_new(sizeof(int), NUM_JOBS);
  if (jobs == NULL || results == NULL)
    die("wp_queue_new", WP_ENOMEM);

  /* start workers */
  wp_wg wg = WP_WG_INIT;
  struct worker_args args[NUM_WORKERS];
  for (int w = 0; w < NUM_WORKERS; w++) {
    args[w] = (struct worker_args){
        .id = w + 1, .jobs = jobs, .results = results, .wg = &wg};
    wp_wg_add(&wg, 1);
    int rc = wp_go(worker, &args[w]);
    if (rc != WP_OK)
      die("wp_go", rc);
  }

  /* send jobs */
  for (int j = 1; j <= NUM_JOBS; j++) {
    int rc = wp_queue_send(jobs, &j);
    if (rc != WP_OK)
      die("wp_queue_send", rc);
  }
  wp_queue_close(jobs);

  /* collect results */
  for (int r = 1; r <= NUM_JOBS; r++) {
    int result;
    int rc = wp_queue_recv(results, &result);
    if (rc != WP_OK)
      die("wp_queue_recv", rc);
    printf("Result: %d\n", result);
  }

  wp_wg_wait(&wg);
  wp_queue_free(jobs);
  wp_queue_free(results);
  wp_wg_destroy(&wg);
  return 0;
}
