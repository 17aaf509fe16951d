/* process_batch() gives the batch to two workers.  Its error path does the
 * careful part -- closes the queue and waits for the workers -- but returns
 * without wp_queue_free, so that batch's queue is never released.
 * Corrected twin: good_error_path.c. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_WORKERS 2

struct batch {
  wp_queue *items; /* of int */
  wp_wg workers;
  atomic_long sum;
};

static void worker(void *arg)
{
  struct batch *b = arg;
  int item;
  WP_QUEUE_FOREACH(b->items, item) {
    atomic_fetch_add(&b->sum, item);
  }
}

static int process_batch(const int *items, int n, long *sum)
{
  struct batch b = {.workers = WP_WG_INIT};
  b.items = wp_queue_new(sizeof(int), 4); // expect-runtime: leak
  if (b.items == NULL)
    return -1;

  for (int w = 0; w < NUM_WORKERS; w++) {
    int rc = wp_wg_go(&b.workers, worker, &b);
    if (rc != WP_OK) {
      fprintf(stderr, "wp_wg_go: %s\n", wp_strerror(rc));
      exit(1);
    }
  }

  for (int i = 0; i < n; i++) {
    if (items[i] < 0) {
      fprintf(stderr, "item %d is negative\n", i);
      wp_queue_close(b.items);
      wp_wg_wait(&b.workers);
      wp_wg_destroy(&b.workers);
      return -1; /* forgot wp_queue_free(b.items) */
    }
    if (wp_queue_send(b.items, &items[i]) != WP_OK)
      break;
  }

  wp_queue_close(b.items);
  wp_wg_wait(&b.workers);
  *sum = atomic_load(&b.sum);
  wp_queue_free(b.items);
  wp_wg_destroy(&b.workers);
  return 0;
}

int main(void)
{
  const int ok[] = {1, 2, 3, 4, 5};
  const int broken[] = {10, -20, 30};
  long sum = 0;

  if (process_batch(ok, 5, &sum) == 0)
    printf("first batch: %ld\n", sum);
  if (process_batch(broken, 3, &sum) != 0)
    printf("second batch rejected\n");
  return 0;
}
