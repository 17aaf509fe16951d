/* Resizes a batch of images on two workers (resize.c) while a spinner shows
 * the progress.  Each worker closes the spinner's `finished` queue when it
 * runs out of images, so the second one closes it again.
 * Corrected twin: ../good_crossfile/. */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>
#include "resize.h"

#define NUM_WORKERS 2
#define NUM_IMAGES 12

int main(void)
{
  static struct resize_job job = {.workers = WP_WG_INIT};
  wp_wg spinner_wg = WP_WG_INIT;

  job.images = wp_queue_new(sizeof(struct image), NUM_IMAGES);
  job.finished = wp_queue_new(sizeof(char), 0);
  if (job.images == NULL || job.finished == NULL) {
    fprintf(stderr, "out of memory\n");
    return 1;
  }

  int rc = wp_wg_go(&spinner_wg, spinner, &job);
  for (int w = 0; rc == WP_OK && w < NUM_WORKERS; w++)
    rc = wp_wg_go(&job.workers, resize_worker, &job);
  if (rc != WP_OK) {
    fprintf(stderr, "wp_wg_go: %s\n", wp_strerror(rc));
    exit(1);
  }

  for (int i = 0; i < NUM_IMAGES; i++) {
    struct image img = {.id = i, .width = 1024 + i, .height = 768};
    rc = wp_queue_send(job.images, &img);
    if (rc != WP_OK)
      break;
  }
  wp_queue_close(job.images);

  wp_wg_wait(&job.workers);
  wp_wg_wait(&spinner_wg);
  printf("%d images resized\n", atomic_load(&job.resized));
  wp_queue_free(job.images);
  wp_queue_free(job.finished);
  wp_wg_destroy(&spinner_wg);
  wp_wg_destroy(&job.workers);
  return 0;
}
