/* Twin of bad_worker_waits_for_all.c: the workers only add their part and
 * return; main, which holds no count, waits and prints the total. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_WORKERS 3

struct shared {
  wp_wg wg;
  atomic_long total;
};

struct worker_args {
  int id;
  struct shared *s;
};

static void worker(void *arg)
{
  struct worker_args *a = arg;
  WP_DEFER_DONE(&a->s->wg);
  long part = 0;
  for (int i = 1; i <= 1000; i++)
    part += i % (a->id + 2);
  atomic_fetch_add(&a->s->total, part);
  printf("worker %d: part %ld\n", a->id, part);
}

int main(void)
{
  static struct shared s = {.wg = WP_WG_INIT};
  static struct worker_args args[NUM_WORKERS];

  for (int i = 0; i < NUM_WORKERS; i++) {
    args[i] = (struct worker_args){.id = i, .s = &s};
    wp_wg_add(&s.wg, 1);
    int rc = wp_go(worker, &args[i]);
    if (rc != WP_OK) {
      fprintf(stderr, "wp_go: %s\n", wp_strerror(rc));
      exit(1);
    }
  }

  wp_wg_wait(&s.wg);
  printf("total %ld\n", atomic_load(&s.total));
  wp_wg_destroy(&s.wg);
  return 0;
}
