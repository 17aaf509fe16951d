/* Readings from several stations merged into one feed. */
#ifndef FEED_H
#define FEED_H

#include <wpool.h>

struct reading {
  int station;
  int seq;
};

struct feed {
  wp_queue *readings; /* of struct reading */
  wp_wg stations;
};

struct station_args {
  int id;
  int count;
  struct feed *feed;
};

void station(void *arg);      /* sends its readings */
void close_feed(void *arg);   /* closes the feed once every station is done */

#endif
