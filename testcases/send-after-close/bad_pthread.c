/* Download workers on pthreads: a download that fails the first time is put
 * back into the jobs queue for another try.  But main closes the jobs queue
 * as soon as it has queued the last URL, so a retry can be sent after the
 * close (and is lost).  Corrected twin: good_pthread.c. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define NUM_WORKERS 3
#define NUM_URLS 9

struct download {
  int id;
  int attempts;
};

struct shared {
  wp_queue *jobs; /* of struct download */
  int done[NUM_WORKERS];
};

struct worker_args {
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

/* every third URL fails on its first attempt */
static bool fetch(const struct download *d)
{
  return !(d->id % 3 == 0 && d->attempts == 0);
}

static void *worker(void *arg)
{
  struct worker_args *a = arg;
  struct download d;
  WP_QUEUE_FOREACH(a->s->jobs, d) {
    if (!fetch(&d)) {
      sleep_ms(5); /* back off before the retry */
      d.attempts++;
      if (wp_queue_send(a->s->jobs, &d) != WP_OK) // expect: send-after-close
        printf("url %d: retry lost, queue closed\n", d.id);
      continue;
    }
    a->s->done[a->id]++;
  }
  return NULL;
}

int main(void)
{
  static struct shared s;
  struct worker_args args[NUM_WORKERS];
  pthread_t tids[NUM_WORKERS];

  s.jobs = wp_queue_new(sizeof(struct download), 2 * NUM_URLS);
  if (s.jobs == NULL)
    die("wp_queue_new", WP_ENOMEM);

  for (int i = 0; i < NUM_WORKERS; i++) {
    args[i] = (struct worker_args){.id = i, .s = &s};
    if (pthread_create(&tids[i], NULL, worker, &args[i]) != 0)
      die("pthread_create", WP_ESYS);
  }

  for (int i = 1; i <= NUM_URLS; i++) {
    struct download d = {.id = i};
    int rc = wp_queue_send(s.jobs, &d);
    if (rc != WP_OK)
      die("wp_queue_send", rc);
  }
  wp_queue_close(s.jobs);

  int total = 0;
  for (int i = 0; i < NUM_WORKERS; i++) {
    pthread_join(tids[i], NULL);
    total += s.done[i];
  }
  printf("%d of %d downloads done\n", total, NUM_URLS);
  wp_queue_free(s.jobs);
  return 0;
}
