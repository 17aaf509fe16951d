/* Twin of ../bad_crossfile/: no station closes the feed; a closer thread
 * (stations.c) closes it after the last station is done. */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>
#include "feed.h"

int main(void)
{
  static struct feed feed = {.stations = WP_WG_INIT};
  static struct station_args args[3];
  wp_wg closer = WP_WG_INIT;

  feed.readings = wp_queue_new(sizeof(struct reading), 4);
  if (feed.readings == NULL) {
    fprintf(stderr, "out of memory\n");
    return 1;
  }

  for (int i = 0; i < 3; i++) {
    args[i] = (struct station_args){.id = i, .count = i == 0 ? 4 : 8, .feed = &feed};
    int rc = wp_wg_go(&feed.stations, station, &args[i]);
    if (rc != WP_OK) {
      fprintf(stderr, "wp_wg_go: %s\n", wp_strerror(rc));
      exit(1);
    }
  }
  int rc = wp_wg_go(&closer, close_feed, &feed);
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

  wp_wg_wait(&closer);
  wp_wg_wait(&feed.stations);
  wp_queue_free(feed.readings);
  wp_wg_destroy(&closer);
  wp_wg_destroy(&feed.stations);
  return n == 20 ? 0 : 1;
}
