/* A small service on pthreads: a ticker thread works until `stop` is
 * closed; a watchdog pthread requests a shutdown when its time limit
 * passes, and main requests one when its own work is over.  Both go through
 * request_shutdown(), which closes `stop` every time it is called.
 * Corrected twin: good_pthread.c. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

struct service {
  wp_queue *stop; /* never sent on: closed to stop the service */
  int ticks;      /* the ticker's, read after it is joined */
};

static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static void request_shutdown(struct service *svc, const char *why)
{
  printf("shutting down: %s\n", why);
  wp_queue_close(svc->stop); // expect: double-close
}

static void *ticker(void *arg)
{
  struct service *svc = arg;
  wp_case stop = {.q = svc->stop, .op = WP_RECV, .elem = NULL};
  while (wp_select(&stop, 1, 1) == WP_ETIMEDOUT)
    svc->ticks++;
  return NULL;
}

static void *watchdog(void *arg)
{
  struct service *svc = arg;
  sleep_ms(5); /* the time limit */
  request_shutdown(svc, "watchdog: time limit reached");
  return NULL;
}

int main(void)
{
  static struct service svc;
  pthread_t ticker_tid, watchdog_tid;

  svc.stop = wp_queue_new(sizeof(char), 0);
  if (svc.stop == NULL) {
    fprintf(stderr, "out of memory\n");
    return 1;
  }
  if (pthread_create(&ticker_tid, NULL, ticker, &svc) != 0 ||
      pthread_create(&watchdog_tid, NULL, watchdog, &svc) != 0) {
    fprintf(stderr, "pthread_create failed\n");
    exit(1);
  }

  sleep_ms(20); /* main's own work */
  request_shutdown(&svc, "main: work finished");

  pthread_join(watchdog_tid, NULL);
  pthread_join(ticker_tid, NULL);
  printf("%d ticks\n", svc.ticks);
  wp_queue_free(svc.stop);
  return 0;
}
