/* Debug mode's view of the user's pools: where each was created and
 * freed, and which calls touch a freed one.  A freed pool's memory is
 * never released in debug mode (pool.c keeps it: the quarantine). */
#include <pthread.h>
#include <stdlib.h>

#include "debug.h"
#include "debug_exit.h"

static pthread_mutex_t pools_lock = PTHREAD_MUTEX_INITIALIZER;

typedef struct wp__pool_debug {
  wp_pool *p; /* keeps a quarantined pool's memory reachable (valgrind) */
  const wp_site *site, *free_site;
  bool freed; /* set (release) after free_site, under pools_lock */
  struct wp__pool_debug *next;
} pool_debug;

/* Every pool's record, freed ones kept: a freed pool's memory is never
 * released in debug mode (quarantine), so no record's address is reused. */
static pool_debug *pools;

pool_debug *wp__dbg_pool_new(wp_pool *p, const wp_site *site) {
  pool_debug *d = calloc(1, sizeof *d);
  if (!d)
    return NULL;
  d->p = p;
  d->site = site;
  pthread_mutex_lock(&pools_lock);
  d->next = pools;
  pools = d;
  pthread_mutex_unlock(&pools_lock);
  return d;
}

bool wp__dbg_pool_live(pool_debug *d, const wp_site *site, const char *op) {
  if (!d || !WP__LOAD(&d->freed))
    return true;
  wp__related rel[] = {{"pool created", d->site, 0},
                       {"freed", d->free_site, 0}};
  wp__dbg_report(WP__RULE_USE_AFTER_FREE, site, rel, 2,
                 "%s on a pool that was already freed", op);
  return false;
}

bool wp__dbg_pool_free(pool_debug *d, const wp_site *site) {
  if (!d)
    return false;
  pthread_mutex_lock(&pools_lock);
  bool quarantine = !d->freed;
  if (quarantine) {
    d->free_site = site;
    WP__STORE(&d->freed, true);
  }
  pthread_mutex_unlock(&pools_lock);
  return quarantine;
}

void wp__dbg_check_pools_at_exit(void) {
  pthread_mutex_lock(&pools_lock);
  for (pool_debug *d = pools; d; d = d->next)
    if (!d->freed)
      wp__dbg_report(WP__RULE_LEAK, d->site, NULL, 0,
                     "pool never freed (wp_pool_free)");
  pthread_mutex_unlock(&pools_lock);
}
