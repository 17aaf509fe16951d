/* A tasks queue shared by three workers and a results queue back to main:
 * main sends the tasks and closes the tasks queue, a closer thread closes
 * the results queue once every worker is done, main prints the results.
 *
 * From: "WAITGROUPS + CHANNELS Ex.2" (Go: for task := range tasks { results
 * <- task*2 }; close(tasks); go func() { wg.Wait(); close(results) }()). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define NUM_WORKERS 3
#define NUM_JOBS 5

struct worker_args {
  int id;
  wp_queue *tasks;
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
  WP_DEFER_DONE(a->wg);

  printf("Worker %d starting\n", a->id);
  sleep_ms(10);
  int task;
  WP_QUEUE_FOREACH(a->tasks, task) {
    int result = task * 2;
    if (wp_queue_send(a->results, &result) != WP_OK)
      break;
  }
  printf("Worker %d finished!\n", a->id);
}

static void close_when_done(void *arg)
{
  struct closer_args *c = arg;
  wp_wg_wait(c->workers);
  wp_queue_close(c->results);
}

int main(void)
{
  wp_wg wg = WP_WG_INIT;
  wp_wg closer_wg = WP_WG_INIT;
  struct worker_args args[NUM_WORKERS];

  wp_queue *results = wp_queue_new(sizeof(int), NUM_JOBS);
  wp_queue *tasks = wp_queue_new(sizeof(int), NUM_JOBS);
  if (results == NULL || tasks == NULL)
    die("wp_queue_new", WP_ENOMEM);

  wp_wg_add(&wg, NUM_WORKERS);
  for (int i = 0; i < NUM_WORKERS; i++) {
    args[i] = (struct worker_args){
        .id = i + 1, .tasks = tasks, .results = results, .wg = &wg};
    int rc = wp_go(worker, &args[i]);
    if (rc != WP_OK)
      die("wp_go", rc);
  }

  for (int i = 0; i < NUM_JOBS; i++) {
    int task = i + 1;
    int rc = wp_queue_send(tasks, &task);
    if (rc != WP_OK)
      die("wp_queue_send", rc);
  }
  wp_queue_close(tasks);

  struct closer_args closer = {.workers = &wg, .results = results};
  int rc = wp_wg_go(&closer_wg, close_when_done, &closer);
  if (rc != WP_OK)
    die("wp_wg_go", rc);

  int result;
  WP_QUEUE_FOREACH(results, result) {
    printf("Result: %d\n", result);
  }
  printf("All workers finished\n");

  wp_wg_wait(&closer_wg);
  wp_queue_free(tasks);
  wp_queue_free(results);
  wp_wg_destroy(&closer_wg);
  wp_wg_destroy(&wg);
  return 0;
}
