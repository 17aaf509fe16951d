/* Twin of bad_pthread.c: the thread uses the shared scan context through a
 * pointer.  (Copying its struct chunk, which holds only a pointer, is fine.) */
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
  struct chunk c = *(struct chunk *)arg;
  struct scan_ctx *ctx = c.ctx;
  int found = 0;
  for (int i = c.first; i < c.last; i++) {
    if (strstr(ctx->lines[i], ctx->pattern) != NULL)
      found++;
  }
  atomic_fetch_add(&ctx->matches, found);
  wp_wg_done(&ctx->wg);
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
  if (wp_wg_wait_timeout(&ctx.wg, 5000) != WP_OK) {
    fprintf(stderr, "scan did not report completion\n");
    status = 1;
  }
  for (int i = 0; i < NUM_THREADS; i++)
    pthread_join(tids[i], NULL);
  printf("%d matching lines\n", atomic_load(&ctx.matches));
  wp_wg_destroy(&ctx.wg);
  return status == 0 && atomic_load(&ctx.matches) == 3 ? 0 : 1;
}
