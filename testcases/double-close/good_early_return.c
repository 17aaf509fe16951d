/* Twin of bad_early_return.c: feed() only reports the invalid job and
 * returns early; the caller, which owns the queue, closes it once on every
 * path. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_WORKERS 2

struct shared {
  wp_queue *jobs; /* of int: sizes to allocate */
  wp_wg workers;
  atomic_long total;
};

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static void worker(void *arg)
{
  struct shared *s = arg;
  WP_DEFER_DONE(&s->workers);
  int size;
  WP_QUEUE_FOREACH(s->jobs, size) {
    atomic_fetch_add(&s->total, size);
  }
}

static int feed(wp_queue *jobs, const int *sizes, int n)
{
  for (int i = 0; i < n; i++) {
    if (sizes[i] < 0) {
      fprintf(stderr, "job %d: invalid size %d\n", i, sizes[i]);
      return -1; /* the caller closes the queue */
    }
    if (wp_queue_send(jobs, &sizes[i]) != WP_OK)
      return -1;
  }
  return 0;
}

int main(void)
{
  static struct shared s = {.workers = WP_WG_INIT};
  const int sizes[] = {64, 128, 256, -1, 512};

  s.jobs = wp_queue_new(sizeof(int), 2);
  if (s.jobs == NULL)
    die("wp_queue_new", WP_ENOMEM);

  for (int w = 0; w < NUM_WORKERS; w++) {
    wp_wg_add(&s.workers, 1);
    int rc = wp_go(worker, &s);
    if (rc != WP_OK)
      die("wp_go", rc);
  }

  if (feed(s.jobs, sizes, 5) != 0)
    fprintf(stderr, "feeding stopped early\n");
  wp_queue_close(s.jobs);

  wp_wg_wait(&s.workers);
  printf("allocated %ld bytes\n", atomic_load(&s.total));
  wp_queue_free(s.jobs);
  wp_wg_destroy(&s.workers);
  return 0;
}
