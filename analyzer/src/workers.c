#include "workers.h"

#include <wpool.h>

int wp_run_workers(int n, void (*fn)(void *), void *arg)
{
  if (n <= 0)
    return 0;
  wp_pool *pool = wp_pool_new((size_t)n, (size_t)n);
  if (pool == NULL)
    return 0;
  int submitted = 0;
  for (int w = 0; w < n; w++)
    if (wp_pool_submit(pool, fn, arg) == WP_OK)
      submitted++;
  wp_pool_wait(pool);
  wp_pool_free(pool);
  return submitted;
}
