/* A program using the installed wpool: a pool of workers pushes results
 * through a queue that the main thread drains with a select; a waitgroup
 * and wp_go do the rest.  Prints "wpool consumer ok" when all adds up. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include <wpool.h>

#define EXPECT(cond)                                                           \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "consumer.c:%d: %s failed\n", __LINE__, #cond);          \
      exit(1);                                                                 \
    }                                                                          \
  } while (0)

static wp_queue *results;

static void square(void *arg) {
  long v = (long)(intptr_t)arg;
  long sq = v * v;
  EXPECT(wp_queue_send(results, &sq) == WP_OK);
}

static atomic_int spawned_runs;
static void bump(void *arg) {
  (void)arg;
  atomic_fetch_add(&spawned_runs, 1);
}

int main(void) {
  results = wp_queue_new(sizeof(long), 8);
  EXPECT(results != NULL);
  wp_pool *pool = wp_pool_new(3, 4);
  EXPECT(pool != NULL);

  wp_queue *done = wp_queue_new(sizeof(int), 0);
  EXPECT(done != NULL);
  long sum = 0;
  int got = 0;
  for (intptr_t i = 1; i <= 100; i++) {
    EXPECT(wp_pool_submit(pool, square, (void *)i) == WP_OK);
    long v;
    while (wp_queue_try_recv(results, &v) == WP_OK) {
      sum += v;
      got++;
    }
  }
  EXPECT(wp_pool_wait(pool) == WP_OK);
  EXPECT(wp_queue_close(done) == WP_OK);
  while (got < 100) {
    long v;
    wp_case cs[2] = {{results, WP_RECV, &v, 0}, {NULL, WP_RECV, NULL, 0}};
    int r = wp_select(cs, 2, -1);
    EXPECT(r == 0 && cs[0].status == WP_OK);
    sum += v;
    got++;
  }
  EXPECT(sum == 338350); /* 1^2 + ... + 100^2 */
  wp_pool_free(pool);

  wp_wg wg = WP_WG_INIT;
  for (int i = 0; i < 10; i++)
    EXPECT(wp_wg_go(&wg, bump, NULL) == WP_OK);
  EXPECT(wp_wg_wait(&wg) == WP_OK);
  EXPECT(atomic_load(&spawned_runs) == 10);
  wp_wg_destroy(&wg);

  wp_case c = {done, WP_RECV, NULL, 0};
  EXPECT(wp_select(&c, 1, 0) == 0 && c.status == WP_ECLOSED);
  wp_queue_free(done);
  wp_queue_free(results);
  printf("wpool consumer ok (%s, %s)\n", WPOOL_VERSION_STRING,
         wp_strerror(WP_OK));
  return 0;
}
