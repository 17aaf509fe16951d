/* Twin of bad_pool_job.c: WP_DEFER_DONE marks the job done on its early
 * return too. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_JOBS 5

struct resize {
  int id;
  int pixels;
  wp_wg *batch;
  atomic_long *total;
};

static void resize_job(void *arg)
{
  struct resize *r = arg;
  WP_DEFER_DONE(r->batch);
  if (r->pixels == 0)
    return; /* nothing to do */
  atomic_fetch_add(r->total, r->pixels / 4);
}

int main(void)
{
  static wp_wg batch = WP_WG_INIT;
  static atomic_long total;
  static struct resize jobs[NUM_JOBS];

  wp_pool *pool = wp_pool_new(2, NUM_JOBS);
  if (pool == NULL) {
    fprintf(stderr, "wp_pool_new failed\n");
    return 1;
  }

  for (int i = 0; i < NUM_JOBS; i++) {
    jobs[i] = (struct resize){.id = i, .pixels = i == 2 ? 0 : 1024 * (i + 1),
                              .batch = &batch, .total = &total};
    wp_wg_add(&batch, 1);
    int rc = wp_pool_submit(pool, resize_job, &jobs[i]);
    if (rc != WP_OK) {
      fprintf(stderr, "wp_pool_submit: %s\n", wp_strerror(rc));
      wp_wg_done(&batch);
    }
  }

  int status = 0;
  if (wp_wg_wait_timeout(&batch, 5000) != WP_OK) {
    fprintf(stderr, "the batch never finished\n");
    status = 1;
  } else {
    printf("%ld pixels after resizing\n", atomic_load(&total));
    wp_wg_destroy(&batch);
  }
  wp_pool_free(pool);
  return status;
}
