/* Each worker resizes images until the queue is closed, then tells the
 * spinner that the work is finished by closing `finished` -- and so does
 * every other worker. */
#include <stdio.h>
#include <time.h>
#include "resize.h"

static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

void resize_worker(void *arg)
{
  struct resize_job *job = arg;
  struct image img;
  WP_QUEUE_FOREACH(job->images, img) {
    sleep_ms(1); /* scale img.width x img.height down to 128 x 128 */
    atomic_fetch_add(&job->resized, 1);
  }
  wp_queue_close(job->finished); // expect: double-close
}

void spinner(void *arg)
{
  struct resize_job *job = arg;
  wp_case finished = {.q = job->finished, .op = WP_RECV, .elem = NULL};
  while (wp_select(&finished, 1, 2) == WP_ETIMEDOUT) {
    printf("\rresized %d", atomic_load(&job->resized));
    fflush(stdout);
  }
  printf("\rresized %d, done\n", atomic_load(&job->resized));
}
