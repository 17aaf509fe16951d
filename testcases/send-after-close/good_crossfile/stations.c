/* The station threads and the feed's closer: every station only sends; the
 * closer waits for all of them and then closes the feed. */
#include <stdio.h>
#include <time.h>
#include "feed.h"

static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static void send_readings(const struct station_args *a)
{
  for (int i = 0; i < a->count; i++) {
    struct reading r = {.station = a->id, .seq = i};
    if (wp_queue_send(a->feed->readings, &r) != WP_OK) {
      fprintf(stderr, "station %d: feed closed\n", a->id);
      return;
    }
    sleep_ms(2);
  }
}

void station(void *arg)
{
  send_readings(arg);
}

void close_feed(void *arg)
{
  struct feed *feed = arg;
  wp_wg_wait(&feed->stations);
  wp_queue_close(feed->readings);
}
