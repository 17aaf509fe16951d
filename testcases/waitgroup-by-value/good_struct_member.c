/* Twin of bad_struct_member.c: the worker arguments hold a wp_wg *, and
 * copying a struct that holds only the pointer is fine. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_WORKERS 4

struct worker_args {
  int id;
  wp_wg *wg;
  atomic_int *sum;
};

static void worker(void *arg)
{
  struct worker_args *a = arg;
  WP_DEFER_DONE(a->wg);
  atomic_fetch_add(a->sum, a->id * a->id);
}

int main(void)
{
  static wp_wg wg = WP_WG_INIT;
  static atomic_int sum;
  static struct worker_args args[NUM_WORKERS];

  wp_wg_add(&wg, NUM_WORKERS);
  for (int i = 0; i < NUM_WORKERS; i++) {
    struct worker_args proto = {.id = i, .wg = &wg, .sum = &sum};
    args[i] = proto; /* copies a pointer, not the waitgroup */
    int rc = wp_go(worker, &args[i]);
    if (rc != WP_OK) {
      fprintf(stderr, "wp_go: %s\n", wp_strerror(rc));
      exit(1);
    }
  }

  if (wp_wg_wait_timeout(&wg, 5000) == WP_ETIMEDOUT) {
    fprintf(stderr, "the workers never said they were done\n");
    return 1;
  }
  printf("sum of squares: %d\n", atomic_load(&sum));
  wp_wg_destroy(&wg);
  return atomic_load(&sum) == 0 + 1 + 4 + 9 ? 0 : 1;
}
