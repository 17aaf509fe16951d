/* Two threads move a shared atomic counter up and down; a waitgroup counted
 * with one add of 2 tells main when both have finished.
 *
 * From: Go Lectures, "WaitGroup" (Go: wg.Add(2); two goroutines doing
 * atomic.AddInt32(&counter, +1 / -1) and calling wg.Done() at their end;
 * wg.Wait(); atomic.LoadInt32(&counter)). */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wpool.h>

struct shared {
  atomic_int counter;
  wp_wg wg;
};

static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static void increment(void *arg)
{
  struct shared *s = arg;
  for (int i = 0; i < 5; i++) {
    atomic_fetch_add(&s->counter, 1);
    printf("Incremented: %d\n", atomic_load(&s->counter));
    sleep_ms(1);
  }
  /* Decrement the waitgroup counter when the thread finishes */
  wp_wg_done(&s->wg);
}

static void decrement(void *arg)
{
  struct shared *s = arg;
  for (int i = 0; i < 5; i++) {
    atomic_fetch_sub(&s->counter, 1);
    printf("Decremented: %d\n", atomic_load(&s->counter));
    sleep_ms(1);
  }
  wp_wg_done(&s->wg);
}

int main(void)
{
  static struct shared s = {.counter = 0, .wg = WP_WG_INIT};

  /* Add 2 because we are creating two threads */
  wp_wg_add(&s.wg, 2);

  int rc = wp_go(increment, &s);
  if (rc != WP_OK) {
    fprintf(stderr, "wp_go: %s\n", wp_strerror(rc));
    wp_wg_done(&s.wg);
  }
  rc = wp_go(decrement, &s);
  if (rc != WP_OK) {
    fprintf(stderr, "wp_go: %s\n", wp_strerror(rc));
    wp_wg_done(&s.wg);
  }

  wp_wg_wait(&s.wg);

  /* an atomic load is safe even while other threads update the value */
  printf("Final Value: %d\n", atomic_load(&s.counter));
  wp_wg_destroy(&s.wg);
  return 0;
}
