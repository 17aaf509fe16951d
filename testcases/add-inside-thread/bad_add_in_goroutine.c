/* Each worker adds itself to the waitgroup as its first statement.  Main's
 * wait can run before any of those adds, find the counter at zero and
 * return at once, while the workers are still starting.  (Main collects one
 * report per worker afterwards, which is what really waits for them here.)
 *
 * From: "Error 4: Not Using WaitGroup Correctly", incorrectWaitGroupRace
 * (Go: go func(id int) { wg.Add(1) "RACE: main might call Wait() before this
 * executes!"; defer wg.Done(); ... }(i); wg.Wait()).
 * Corrected twin: good_add_in_goroutine.c. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define NUM_WORKERS 5

struct worker_args {
  int id;
  wp_wg *wg;
  wp_queue *reports; /* of int */
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
  wp_wg_add(a->wg, 1); // expect: add-inside-thread
  WP_DEFER_DONE(a->wg);
  printf("Worker %d: running\n", a->id);
  sleep_ms(5);
  (void)wp_queue_send(a->reports, &a->id);
}

int main(void)
{
  wp_wg wg = WP_WG_INIT;
  struct worker_args args[NUM_WORKERS];
  wp_queue *reports = wp_queue_new(sizeof(int), NUM_WORKERS);
  if (reports == NULL)
    die("wp_queue_new", WP_ENOMEM);

  for (int i = 0; i < NUM_WORKERS; i++) {
    args[i] = (struct worker_args){.id = i, .wg = &wg, .reports = reports};
    int rc = wp_go(worker, &args[i]);
    if (rc != WP_OK)
      die("wp_go", rc);
  }

  wp_wg_wait(&wg); /* might return at once: no wp_wg_add has run yet */
  printf("Main finished (but some workers might still be running!)\n");

  for (int i = 0; i < NUM_WORKERS; i++) {
    int id;
    if (wp_queue_recv(reports, &id) != WP_OK)
      die("wp_queue_recv", WP_ECLOSED);
    printf("report from worker %d\n", id);
  }
  wp_wg_wait(&wg); /* every add has run by now: this one waits for the dones */

  wp_queue_free(reports);
  wp_wg_destroy(&wg);
  return 0;
}
