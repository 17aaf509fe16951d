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

void lead_station(void *arg);     /* sends its readings, then closes the feed */
void follower_station(void *arg); /* sends its readings */

#endif
