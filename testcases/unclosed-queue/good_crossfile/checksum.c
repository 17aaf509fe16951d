/* Adds up the bytes of every block it receives, until the queue is closed. */
#include <stdatomic.h>
#include <stdio.h>
#include "checksum.h"

void checksum_worker(void *arg)
{
  struct checksum_job *job = arg;
  struct block blk;
  int rc;
  while ((rc = wp_queue_recv(job->blocks, &blk)) == WP_OK) {
    uint32_t s = 0;
    for (size_t i = 0; i < sizeof blk.data; i++)
      s += blk.data[i];
    atomic_fetch_add(&job->sum, s);
  }
  if (rc != WP_ECLOSED)
    fprintf(stderr, "checksum_worker: %s\n", wp_strerror(rc));
}
