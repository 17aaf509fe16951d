/* Thumbnail jobs for a wp_pool, and what they share. */
#ifndef THUMBS_H
#define THUMBS_H

#include <stdatomic.h>
#include <wpool.h>

struct thumbs {
  wp_wg pending; /* thumbnails not finished yet */
  atomic_int made;
};

struct thumb_job {
  int id;
  struct thumbs *t;
};

void make_thumbnail(void *arg); /* a wp_pool job; arg: struct thumb_job * */

#endif
