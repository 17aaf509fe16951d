/* Workers and a reporter send into one results queue; a closer thread
 * closes it once the workers are done.  The reporter, which sends a summary
 * line a little later, is not counted in the workers' waitgroup (it has its
 * own), so the closer does not wait for it and the summary is sent after
 * the close.  Corrected twin: good_struct_args.c. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define NUM_WORKERS 2
#define NUM_JOBS 6

struct message {
  int kind; /* 0: a result, 1: the summary */
  int value;
};

struct stage {
  wp_wg *workers;
  wp_queue *jobs;    /* of int */
  wp_queue *results; /* of struct message */
  atomic_int processed;
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
  struct stage *st = arg;
  WP_DEFER_DONE(st->workers);
  int job;
  WP_QUEUE_FOREACH(st->jobs, job) {
    struct message m = {.kind = 0, .value = job * 10};
    if (wp_queue_send(st->results, &m) != WP_OK)
      break;
    atomic_fetch_add(&st->processed, 1);
  }
}

static void reporter(void *arg)
{
  struct stage *st = arg;
  sleep_ms(10); /* let the workers get going */
  struct message m = {.kind = 1, .value = atomic_load(&st->processed)};
  if (wp_queue_send(st->results, &m) != WP_OK) // expect: send-after-close
    fprintf(stderr, "reporter: results already closed\n");
}

static void closer(void *arg)
{
  struct stage *st = arg;
  wp_wg_wait(st->workers);
  wp_queue_close(st->results);
}

int main(void)
{
  static wp_wg workers = WP_WG_INIT;
  static struct stage st = {.workers = &workers};
  wp_wg reporter_wg = WP_WG_INIT;
  wp_wg closer_wg = WP_WG_INIT;

  st.jobs = wp_queue_new(sizeof(int), NUM_JOBS);
  st.results = wp_queue_new(sizeof(struct message), NUM_JOBS + 1);
  if (st.jobs == NULL || st.results == NULL)
    die("wp_queue_new", WP_ENOMEM);

  for (int i = 0; i < NUM_WORKERS; i++) {
    wp_wg_add(&workers, 1);
    int rc = wp_go(worker, &st);
    if (rc != WP_OK)
      die("wp_go", rc);
  }
  int rc = wp_wg_go(&reporter_wg, reporter, &st);
  if (rc != WP_OK)
    die("wp_wg_go", rc);
  rc = wp_wg_go(&closer_wg, closer, &st);
  if (rc != WP_OK)
    die("wp_wg_go", rc);

  for (int j = 1; j <= NUM_JOBS; j++) {
    rc = wp_queue_send(st.jobs, &j);
    if (rc != WP_OK)
      die("wp_queue_send", rc);
  }
  wp_queue_close(st.jobs);

  struct message m;
  WP_QUEUE_FOREACH(st.results, m) {
    if (m.kind == 1)
      printf("summary: %d processed\n", m.value);
    else
      printf("result %d\n", m.value);
  }

  wp_wg_wait(&reporter_wg);
  wp_wg_wait(&closer_wg);
  wp_queue_free(st.jobs);
  wp_queue_free(st.results);
  wp_wg_destroy(&closer_wg);
  wp_wg_destroy(&reporter_wg);
  wp_wg_destroy(&workers);
  return 0;
}
