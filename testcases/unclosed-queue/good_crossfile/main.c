/* Twin of ../bad_crossfile/: main closes the blocks queue after the last
 * send, so the workers (checksum.c) leave their receive loop. */
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

  job.blocks = wp_queue_new(sizeof(struct block), 2);
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
  wp_queue_close(job.blocks);

  if (wp_wg_wait_timeout(&workers, 5000) != WP_OK) {
    fprintf(stderr, "checksum workers did not finish\n");
    return 1;
  }
  printf("checksum: %u\n", (unsigned)atomic_load(&job.sum));
  wp_queue_free(job.blocks);
  wp_wg_destroy(&workers);
  return 0;
}
