/* Real-world pool: jobs and results are structs.  Five workers count the
 * lines of "files"; a closer thread closes the results queue once every
 * worker is done.
 *
 * From: "Real-World Example: Processing Files" (Go: type Job struct {
 * filename string; data []byte }; type Result struct { filename string;
 * lineCount int }; jobs := make(chan Job, 100)). */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_WORKERS 5

struct job {
  const char *filename;
  const char *data;
};

struct result {
  const char *filename;
  int line_count;
};

struct worker_args {
  int id;
  wp_queue *jobs;    /* of struct job */
  wp_queue *results; /* of struct result */
  wp_wg *wg;
};

struct closer_args {
  wp_wg *workers;
  wp_queue *results;
};

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static void worker(void *arg)
{
  struct worker_args *a = arg;
  WP_DEFER_DONE(a->wg);

  struct job job;
  WP_QUEUE_FOREACH(a->jobs, job) {
    printf("Worker %d processing %s\n", a->id, job.filename);

    /* count lines (simplified) */
    int line_count = 0;
    for (const char *b = job.data; *b != '\0'; b++) {
      if (*b == '\n')
        line_count++;
    }

    struct result r = {.filename = job.filename, .line_count = line_count};
    if (wp_queue_send(a->results, &r) != WP_OK)
      break;
  }
}

static void close_results(void *arg)
{
  struct closer_args *c = arg;
  wp_wg_wait(c->workers);
  wp_queue_close(c->results);
}

int main(void)
{
  wp_queue *jobs = wp_queue_new(sizeof(struct job), 100);
  wp_queue *results = wp_queue_new(sizeof(struct result), 100);
  if (jobs == NULL || results == NULL)
    die("wp_queue_new", WP_ENOMEM);

  /* start 5 workers */
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

  /* simulate sending file processing jobs */
  const char *files[] = {"file1.txt", "file2.txt", "file3.txt"};
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    struct job job = {.filename = files[i], .data = "line1\nline2\nline3\n"};
    int rc = wp_queue_send(jobs, &job);
    if (rc != WP_OK)
      die("wp_queue_send", rc);
  }
  wp_queue_close(jobs);

  /* close results when all workers are done */
  wp_wg closer_wg = WP_WG_INIT;
  struct closer_args closer = {.workers = &wg, .results = results};
  int rc = wp_wg_go(&closer_wg, close_results, &closer);
  if (rc != WP_OK)
    die("wp_wg_go", rc);

  /* print results */
  struct result r;
  WP_QUEUE_FOREACH(results, r) {
    printf("%s has %d lines\n", r.filename, r.line_count);
  }

  wp_wg_wait(&closer_wg);
  wp_queue_free(jobs);
  wp_queue_free(results);
  wp_wg_destroy(&closer_wg);
  wp_wg_destroy(&wg);
  return 0;
}
