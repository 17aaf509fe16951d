/* The worker arguments hold the waitgroup itself instead of a pointer to
 * it: filling them in copies main's waitgroup into every worker's struct,
 * and each worker's done lands on its own copy.  Main's wait times out.
 * Corrected twin: good_struct_member.c. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_WORKERS 4

struct worker_args {
  int id;
  wp_wg wg; /* should be a wp_wg * */
  atomic_int *sum;
};

static void worker(void *arg)
{
  struct worker_args *a = arg;
  WP_DEFER_DONE(&a->wg); // expect-runtime: waitgroup-by-value
  atomic_fetch_add(a->sum, a->id * a->id);
}

int main(void)
{
  static wp_wg wg = WP_WG_INIT;
  static atomic_int sum;
  static struct worker_args args[NUM_WORKERS];

  wp_wg_add(&wg, NUM_WORKERS);
  for (int i = 0; i < NUM_WORKERS; i++) {
    args[i].id = i;
    args[i].wg = wg; // expect-static: waitgroup-by-value
    args[i].sum = &sum;
    int rc = wp_go(worker, &args[i]);
    if (rc != WP_OK) {
      fprintf(stderr, "wp_go: %s\n", wp_strerror(rc));
      exit(1);
    }
  }

  if (wp_wg_wait_timeout(&wg, 100) == WP_ETIMEDOUT) {
    fprintf(stderr, "the workers never said they were done\n");
    return 1;
  }
  printf("sum of squares: %d\n", atomic_load(&sum));
  wp_wg_destroy(&wg);
  return 0;
}
