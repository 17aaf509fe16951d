/* Merges the readings of one lead and two follower stations (stations.c)
 * and prints them until the feed is closed.  The lead closes the feed while
 * the followers still send.  Corrected twin: ../good_crossfile/. */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>
#include "feed.h"

int main(void)
{
  static struct feed feed = {.stations = WP_WG_INIT};
  static struct station_args args[3];

  feed.readings = wp_queue_new(sizeof(struct reading), 4);
  if (feed.readings == NULL) {
    fprintf(stderr, "out of memory\n");
    return 1;
  }

  args[0] = (struct station_args){.id = 0, .count = 4, .feed = &feed};
  int rc = wp_wg_go(&feed.stations, lead_station, &args[0]);
  for (int i = 1; rc == WP_OK && i < 3; i++) {
    args[i] = (struct station_args){.id = i, .count = 8, .feed = &feed};
    rc = wp_wg_go(&feed.stations, follower_station, &args[i]);
  }
  if (rc != WP_OK) {
    fprintf(stderr, "wp_wg_go: %s\n", wp_strerror(rc));
    exit(1);
  }

  int n = 0;
  struct reading r;
  WP_QUEUE_FOREACH(feed.readings, r) {
    printf("station %d reading %d\n", r.station, r.seq);
    n++;
  }
  printf("%d readings\n", n);

  wp_wg_wait(&feed.stations);
  wp_queue_free(feed.readings);
  wp_wg_destroy(&feed.stations);
  return 0;
}
