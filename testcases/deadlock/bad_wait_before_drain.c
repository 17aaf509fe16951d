// testcase: hangs-in-release
/* The factorial pool, with a results queue smaller than the number of
 * jobs.  Main waits for the workers before it reads any result, as the
 * document's program does, but here the workers fill the queue and block on
 * their next send; they never finish, and main's wait never returns.
 *
 * From: "Go Concurrency Patterns: Worker Pool" (Go: wg.Wait(); close(results)
 * before `for r := range results`, safe there only because results has room
 * for every result).  Corrected twin: good_wait_before_drain.c. */
#include <stdio.h>
#include <stdlib.h>
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

struct shared {
  wp_queue *jobs;    /* of struct job */
  wp_queue *results; /* of struct result */
  wp_wg wg;
};

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static void worker(void *arg)
{
  struct shared *s = arg;
  WP_DEFER_DONE(&s->wg);
  struct job job;
  WP_QUEUE_FOREACH(s->jobs, job) {
    long f = 1;
    for (int i = 1; i <= job.number; i++)
      f *= i;
    struct result r = {.job = job, .factorial = f};
    if (wp_queue_send(s->results, &r) != WP_OK)
      break;
  }
}

int main(void)
{
  static struct shared s = {.wg = WP_WG_INIT};
  s.jobs = wp_queue_new(sizeof(struct job), NUM_JOBS);
  s.results = wp_queue_new(sizeof(struct result), 4); /* smaller than NUM_JOBS */
  if (s.jobs == NULL || s.results == NULL)
    die("wp_queue_new", WP_ENOMEM);

  for (int w = 0; w < NUM_WORKERS; w++) {
    wp_wg_add(&s.wg, 1);
    int rc = wp_go(worker, &s);
    if (rc != WP_OK)
      die("wp_go", rc);
  }

  for (int j = 1; j <= NUM_JOBS; j++) {
    struct job job = {.id = j, .number = j};
    int rc = wp_queue_send(s.jobs, &job);
    if (rc != WP_OK)
      die("wp_queue_send", rc);
  }
  wp_queue_close(s.jobs);

  wp_wg_wait(&s.wg); // expect-runtime: deadlock
  wp_queue_close(s.results);

  struct result r;
  WP_QUEUE_FOREACH(s.results, r) {
    printf("Job %d (Number %d): Factorial = %ld\n", r.job.id, r.job.number, r.factorial);
  }
  wp_queue_free(s.jobs);
  wp_queue_free(s.results);
  wp_wg_destroy(&s.wg);
  return 0;
}
