/* Twin of ../bad_crossfile/: main counts each job as pending before it
 * submits it (and uncounts it if the submit fails), so the wait covers all
 * of them. */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>
#include "thumbs.h"

#define NUM_THUMBS 6

int main(void)
{
  static struct thumbs t = {.pending = WP_WG_INIT};
  static struct thumb_job jobs[NUM_THUMBS];

  wp_pool *pool = wp_pool_new(2, NUM_THUMBS);
  if (pool == NULL) {
    fprintf(stderr, "wp_pool_new failed\n");
    return 1;
  }

  for (int i = 0; i < NUM_THUMBS; i++) {
    jobs[i] = (struct thumb_job){.id = i, .t = &t};
    wp_wg_add(&t.pending, 1);
    int rc = wp_pool_submit(pool, make_thumbnail, &jobs[i]);
    if (rc != WP_OK) {
      fprintf(stderr, "wp_pool_submit: %s\n", wp_strerror(rc));
      wp_wg_done(&t.pending);
      break;
    }
  }

  wp_wg_wait(&t.pending);
  int made = atomic_load(&t.made);
  printf("%d thumbnails made\n", made);

  wp_pool_free(pool);
  wp_wg_destroy(&t.pending);
  return made == NUM_THUMBS ? 0 : 1;
}
