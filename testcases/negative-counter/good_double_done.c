/* Twin of bad_double_done.c: WP_DEFER_DONE is the job's only done; the
 * error path just returns. */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_UPLOADS 4
#define SIZE_LIMIT 4096

struct upload {
  int id;
  int size;
  wp_wg *batch;
  int uploaded; /* out */
};

static void upload(void *arg)
{
  struct upload *u = arg;
  WP_DEFER_DONE(u->batch);
  if (u->size > SIZE_LIMIT) {
    fprintf(stderr, "upload %d: %d bytes is too large\n", u->id, u->size);
    return; /* the deferred done releases the batch */
  }
  u->uploaded = 1;
}

int main(void)
{
  static wp_wg batch = WP_WG_INIT;
  static struct upload uploads[NUM_UPLOADS] = {
      {.id = 0, .size = 100}, {.id = 1, .size = 2000},
      {.id = 2, .size = 300}, {.id = 3, .size = 9000},
  };

  wp_pool *pool = wp_pool_new(1, NUM_UPLOADS);
  if (pool == NULL) {
    fprintf(stderr, "wp_pool_new failed\n");
    return 1;
  }

  wp_wg_add(&batch, NUM_UPLOADS);
  for (int i = 0; i < NUM_UPLOADS; i++) {
    uploads[i].batch = &batch;
    int rc = wp_pool_submit(pool, upload, &uploads[i]);
    if (rc != WP_OK) {
      fprintf(stderr, "wp_pool_submit: %s\n", wp_strerror(rc));
      wp_wg_done(&batch);
    }
  }

  wp_wg_wait(&batch);
  wp_pool_free(pool); /* waits for the jobs to return */

  int n = 0;
  for (int i = 0; i < NUM_UPLOADS; i++)
    n += uploads[i].uploaded;
  printf("%d of %d uploaded\n", n, NUM_UPLOADS);
  wp_wg_destroy(&batch);
  return n == 3 ? 0 : 1;
}
