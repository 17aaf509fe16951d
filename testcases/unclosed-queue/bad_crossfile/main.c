/* Splits a buffer into blocks and has three workers (checksum.c) add them
 * up; main sends the blocks but never closes the queue, so the workers stay
 * in their receive loop.  Corrected twin: ../good_crossfile/. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wpool.h>
#include "checksum.h"

#define NUM_WORKERS 3
#define NUM_BLOCKS 8

int main(void)
{
  static struct checksum_job job;
  static wp_wg workers = WP_WG_INIT;

  job.blocks = wp_queue_new(sizeof(struct block), 2); // expect: unclosed-queue
  if (job.blocks == NULL) {
    fprintf(stderr, "out of memory\n");
    return 1;
  }

  for (int w = 0; w < NUM_WORKERS; w++) {
    int rc = wp_wg_go(&workers, checksum_worker, &job);
    if (rc != WP_OK) {
      fprintf(stderr, "wp_wg_go: %s\n", wp_strerror(rc));
      exit(1);
    }
  }

  for (int i = 0; i < NUM_BLOCKS; i++) {
    struct block blk = {.index = i};
    memset(blk.data, i + 1, sizeof blk.data);
    if (wp_queue_send(job.blocks, &blk) != WP_OK)
      break;
  }

  if (wp_wg_wait_timeout(&workers, 50) != WP_OK) {
    fprintf(stderr, "checksum workers did not finish\n");
    return 1;
  }
  printf("checksum: %u\n", (unsigned)atomic_load(&job.sum));
  wp_queue_free(job.blocks);
  wp_wg_destroy(&workers);
  return 0;
}
