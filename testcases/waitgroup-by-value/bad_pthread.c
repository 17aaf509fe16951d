/* grep on pthreads: each thread scans its chunk of lines.  The thread
 * starts by copying the shared scan context into a local struct for
 * convenience -- including the waitgroup inside it -- and its done at the
 * end lands on that local copy.  Main's wait times out.
 * Corrected twin: good_pthread.c. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wpool.h>

#define NUM_THREADS 2

struct scan_ctx {
  const char *pattern;
  const char *const *lines;
  wp_wg wg;
  atomic_int matches;
};

struct chunk {
  int first, last; /* [first, last) */
  struct scan_ctx *ctx;
};

static void *scan(void *arg)
{
  struct chunk *c = arg;
  struct scan_ctx ctx = *c->ctx; // expect-static: waitgroup-by-value
  int found = 0;
  for (int i = c->first; i < c->last; i++) {
    if (strstr(ctx.lines[i], ctx.pattern) != NULL)
      found++;
  }
  atomic_fetch_add(&c->ctx->matches, found);
  wp_wg_done(&ctx.wg); // expect-runtime: waitgroup-by-value
  return NULL;
}

int main(void)
{
  static const char *const lines[] = {
      "error: disk full", "ok", "warning: slow", "error: timeout", "ok", "error: eof",
  };
  static struct scan_ctx ctx = {.pattern = "error", .lines = lines, .wg = WP_WG_INIT};
  struct chunk chunks[NUM_THREADS];
  pthread_t tids[NUM_THREADS];

  wp_wg_add(&ctx.wg, NUM_THREADS);
  for (int i = 0; i < NUM_THREADS; i++) {
    chunks[i] = (struct chunk){.first = i * 3, .last = i * 3 + 3, .ctx = &ctx};
    if (pthread_create(&tids[i], NULL, scan, &chunks[i]) != 0) {
      fprintf(stderr, "pthread_create failed\n");
      exit(1);
    }
  }

  int status = 0;
  if (wp_wg_wait_timeout(&ctx.wg, 100) != WP_OK) {
    fprintf(stderr, "scan did not report completion\n");
    status = 1;
  }
  for (int i = 0; i < NUM_THREADS; i++)
    pthread_join(tids[i], NULL);
  printf("%d matching lines\n", atomic_load(&ctx.matches));
  return status;
}
