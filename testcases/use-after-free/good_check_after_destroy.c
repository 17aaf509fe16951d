/* Twin of bad_check_after_destroy.c: the idle check happens inside
 * run_batch, before the waitgroup is destroyed; main only reads the count. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_WORKERS 3

struct batch {
  wp_wg wg;
  atomic_int processed;
};

static void worker(void *arg) /* started with wp_wg_go: done when it returns */
{
  struct batch *b = arg;
  atomic_fetch_add(&b->processed, 1);
}

static void run_batch(struct batch *b)
{
  for (int i = 0; i < NUM_WORKERS; i++) {
    int rc = wp_wg_go(&b->wg, worker, b);
    if (rc != WP_OK)
      fprintf(stderr, "worker %d: %s\n", i, wp_strerror(rc));
  }
  wp_wg_wait(&b->wg);
  if (wp_wg_wait_timeout(&b->wg, 0) != WP_OK)
    fprintf(stderr, "batch still busy?\n");
  wp_wg_destroy(&b->wg); /* the batch is over */
}

int main(void)
{
  static struct batch b = {.wg = WP_WG_INIT};
  run_batch(&b);
  printf("%d processed\n", atomic_load(&b.processed));
  return atomic_load(&b.processed) == NUM_WORKERS ? 0 : 1;
}
