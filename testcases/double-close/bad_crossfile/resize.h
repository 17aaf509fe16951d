/* Thumbnail workers and the progress spinner they report to. */
#ifndef RESIZE_H
#define RESIZE_H

#include <stdatomic.h>
#include <wpool.h>

struct image {
  int id;
  int width, height;
};

struct resize_job {
  wp_queue *images;   /* of struct image; closed by main */
  wp_queue *finished; /* never sent on: closed when the work is finished */
  wp_wg workers;
  atomic_int resized;
};

void resize_worker(void *arg); /* arg: struct resize_job * */
void spinner(void *arg);       /* arg: struct resize_job *; runs until finished */

#endif
