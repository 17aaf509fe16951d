/* Waitgroup basics: main adds the number of workers, starts them, and waits;
 * each worker announces the end of its work with WP_DEFER_DONE.
 *
 * From: "CREATING WAITGROUPS" (Go: wg.Add(numOfWorkers); go worker(i, &wg);
 * defer wg.Done(); wg.Wait()). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define NUM_WORKERS 3

struct worker_args {
  int id;
  wp_wg *wg;
};

static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static void worker(void *arg)
{
  struct worker_args *a = arg;
  WP_DEFER_DONE(a->wg);

  printf("Worker %d starting\n", a->id);
  sleep_ms(5); /* simulate some time spent on processing this task */
  printf("Worker %d finished!\n", a->id);
}

int main(void)
{
  wp_wg wg = WP_WG_INIT;
  struct worker_args args[NUM_WORKERS];

  wp_wg_add(&wg, NUM_WORKERS);
  for (int i = 0; i < NUM_WORKERS; i++) {
    args[i] = (struct worker_args){.id = i, .wg = &wg};
    int rc = wp_go(worker, &args[i]);
    if (rc != WP_OK) {
      fprintf(stderr, "cannot start worker %d: %s\n", i, wp_strerror(rc));
      wp_wg_done(&wg); /* this one will never call done itself */
    }
  }

  wp_wg_wait(&wg); /* blocks until every worker is done */
  printf("All workers finished!\n");

  wp_wg_destroy(&wg);
  return 0;
}
