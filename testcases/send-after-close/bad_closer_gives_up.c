/* Three sensors send readings; a closer thread is meant to close the queue
 * once they are all done, but it only waits 15 ms: when they are slower it
 * closes anyway and returns early.  The sensors keep sending into the closed
 * queue.  Corrected twin: good_closer_gives_up.c. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define NUM_SENSORS 3

struct reading {
  int sensor;
  int value;
};

struct shared {
  wp_queue *readings; /* of struct reading */
  wp_wg sensors;
};

struct sensor_args {
  int id;
  struct shared *s;
};

static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static void sensor(void *arg)
{
  struct sensor_args *a = arg;
  WP_DEFER_DONE(&a->s->sensors);
  for (int i = 0; i < 5; i++) {
    struct reading r = {.sensor = a->id, .value = a->id * 10 + i};
    if (wp_queue_send(a->s->readings, &r) != WP_OK) { // expect: send-after-close
      printf("sensor %d: queue closed, reading dropped\n", a->id);
      return;
    }
    sleep_ms(10);
  }
}

static void closer(void *arg)
{
  struct shared *s = arg;
  if (wp_wg_wait_timeout(&s->sensors, 15) == WP_ETIMEDOUT) {
    fprintf(stderr, "sensors are slow, closing anyway\n");
    wp_queue_close(s->readings);
    return;
  }
  wp_queue_close(s->readings);
}

int main(void)
{
  static struct shared s = {.sensors = WP_WG_INIT};
  static struct sensor_args args[NUM_SENSORS];
  wp_wg helpers = WP_WG_INIT;

  s.readings = wp_queue_new(sizeof(struct reading), 4);
  if (s.readings == NULL)
    die("wp_queue_new", WP_ENOMEM);

  for (int i = 0; i < NUM_SENSORS; i++) {
    args[i] = (struct sensor_args){.id = i + 1, .s = &s};
    wp_wg_add(&s.sensors, 1);
    int rc = wp_go(sensor, &args[i]);
    if (rc != WP_OK)
      die("wp_go", rc);
  }
  int rc = wp_wg_go(&helpers, closer, &s);
  if (rc != WP_OK)
    die("wp_wg_go", rc);

  int count = 0;
  struct reading r;
  WP_QUEUE_FOREACH(s.readings, r) {
    count++;
  }
  printf("%d readings\n", count);

  wp_wg_wait(&s.sensors);
  wp_wg_wait(&helpers);
  wp_queue_free(s.readings);
  wp_wg_destroy(&helpers);
  wp_wg_destroy(&s.sensors);
  return 0;
}
