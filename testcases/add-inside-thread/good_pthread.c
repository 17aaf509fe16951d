/* Twin of bad_pthread.c: main adds each download to the waitgroup before
 * pthread_create (and takes it back if the thread cannot be created), so
 * the wait covers every download. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

#define NUM_DOWNLOADS 4

struct download {
  int id;
  wp_wg *wg;
  atomic_long *bytes;
};

static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static void *download(void *arg)
{
  struct download *d = arg;
  sleep_ms(3); /* fetch */
  atomic_fetch_add(d->bytes, 1000L * (d->id + 1));
  wp_wg_done(d->wg);
  return NULL;
}

int main(void)
{
  static atomic_long bytes;
  wp_wg wg = WP_WG_INIT;
  struct download downloads[NUM_DOWNLOADS];
  pthread_t tids[NUM_DOWNLOADS];

  for (int i = 0; i < NUM_DOWNLOADS; i++) {
    downloads[i] = (struct download){.id = i, .wg = &wg, .bytes = &bytes};
    wp_wg_add(&wg, 1);
    if (pthread_create(&tids[i], NULL, download, &downloads[i]) != 0) {
      fprintf(stderr, "pthread_create failed\n");
      exit(1);
    }
  }

  wp_wg_wait(&wg);
  long total = atomic_load(&bytes);
  printf("downloaded %ld bytes\n", total);

  for (int i = 0; i < NUM_DOWNLOADS; i++)
    pthread_join(tids[i], NULL);
  wp_wg_destroy(&wg);
  return total == 10000 ? 0 : 1;
}
