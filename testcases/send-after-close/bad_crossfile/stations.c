/* The station threads.  The lead station closes the feed when it has sent
 * its own readings, without waiting for the followers, which may still be
 * sending. */
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
    if (wp_queue_send(a->feed->readings, &r) != WP_OK) { // expect: send-after-close
      fprintf(stderr, "station %d: feed closed\n", a->id);
      return;
    }
    sleep_ms(2);
  }
}

void lead_station(void *arg)
{
  struct station_args *a = arg;
  send_readings(a);
  wp_queue_close(a->feed->readings); /* "I am done, so the feed is done" */
}

void follower_station(void *arg)
{
  send_readings(arg);
}
