/* A checksum pool: main submits the jobs and waits for them with
 * wp_pool_wait, which leaves the pool usable -- and never calls
 * wp_pool_free, so the pool and its idle worker threads are still there at
 * exit.  Corrected twin: good_pool_not_freed.c. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_JOBS 8

static atomic_uint checksum;
static unsigned values[NUM_JOBS];

static void add_job(void *arg)
{
  unsigned v = *(unsigned *)arg;
  atomic_fetch_add(&checksum, v * 2654435761u);
}

int main(void)
{
  wp_pool *pool = wp_pool_new(3, NUM_JOBS); // expect-runtime: leak
  if (pool == NULL) {
    fprintf(stderr, "wp_pool_new failed\n");
    return 1;
  }

  for (int i = 0; i < NUM_JOBS; i++) {
    values[i] = (unsigned)i + 1;
    int rc = wp_pool_submit(pool, add_job, &values[i]);
    if (rc != WP_OK) {
      fprintf(stderr, "wp_pool_submit: %s\n", wp_strerror(rc));
      break;
    }
  }

  int rc = wp_pool_wait(pool);
  if (rc != WP_OK)
    fprintf(stderr, "wp_pool_wait: %s\n", wp_strerror(rc));
  printf("checksum %08x\n", atomic_load(&checksum));
  return 0;
}
