/* Submits six thumbnail jobs (thumbs.c) to a pool of two workers and waits
 * for the pending ones.  The jobs add themselves to `pending` only when a
 * worker runs them, so the wait can end before they are counted and the
 * total printed is wrong.  wp_pool_free then waits for the jobs for real.
 * Corrected twin: ../good_crossfile/. */
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
    int rc = wp_pool_submit(pool, make_thumbnail, &jobs[i]);
    if (rc != WP_OK) {
      fprintf(stderr, "wp_pool_submit: %s\n", wp_strerror(rc));
      break;
    }
  }

  wp_wg_wait(&t.pending);
  printf("%d thumbnails made\n", atomic_load(&t.made));

  wp_pool_free(pool); /* lets the queued jobs finish */
  wp_wg_destroy(&t.pending);
  return 0;
}
