/* The checksum workers: they read blocks until the queue is closed. */
#ifndef CHECKSUM_H
#define CHECKSUM_H

#include <stdint.h>
#include <wpool.h>

struct block {
  int index;
  uint8_t data[32];
};

struct checksum_job {
  wp_queue *blocks; /* of struct block; the caller closes it */
  _Atomic uint32_t sum;
};

void checksum_worker(void *arg); /* arg: struct checksum_job * */

#endif
