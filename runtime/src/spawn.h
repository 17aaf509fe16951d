/* Spawning: wp_go's machinery, shared with waitgroups and pools. */
#ifndef WP_SPAWN_H
#define WP_SPAWN_H

#include "internal.h"

/* A task for a runtime thread: fn(arg), then done on wg if wg is set. */
typedef struct wp__task {
  wp_fn *fn;
  void *arg;
  wp_wg *wg;
  const wp_site *site;
  struct wp__task_debug *dbg; /* debug mode: the task's past and counts */
} wp__task;

/* Runs the task on a parked thread, or on a new one if none is free. */
WP__INTERNAL int wp__spawn(const wp__task *t);

/* Waitgroup operations without debug-mode bookkeeping, for waitgroups that
 * are parts of other runtime objects (a pool's counters). */
WP__INTERNAL int wp__wg_add_raw(wp_wg *wg, int delta);
WP__INTERNAL int wp__wg_wait_raw(wp_wg *wg, long timeout_ms);

#endif
