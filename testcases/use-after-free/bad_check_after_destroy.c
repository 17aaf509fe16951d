/* run_batch() waits for its workers and then destroys the batch's
 * waitgroup, as the end of a batch should.  Main, to be safe, checks once
 * more that the batch is idle -- on the destroyed waitgroup.
 * Corrected twin: good_check_after_destroy.c. */
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
  wp_wg_destroy(&b->wg); /* the batch is over */
}

int main(void)
{
  static struct batch b = {.wg = WP_WG_INIT};
  run_batch(&b);

  if (wp_wg_wait_timeout(&b.wg, 0) != WP_OK) // expect-runtime: use-after-free
    fprintf(stderr, "batch still busy?\n");
  printf("%d processed\n", atomic_load(&b.processed));
  return 0;
}
