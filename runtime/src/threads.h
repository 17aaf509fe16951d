/* Spawning: wp_go's machinery, shared with waitgroups and pools. */
#ifndef WP_THREADS_H
#define WP_THREADS_H

#include "internal.h"

/* A task for a runtime thread: fn(arg), then done on wg if wg is set. */
typedef struct wp__task {
  wp_fn *fn;
  void *arg;
  wp_wg *wg;
  const wp_site *site;
} wp__task;

/* Runs the task on a parked thread, or on a new one if none is free. */
WP__INTERNAL int wp__spawn(const wp__task *t);

#endif
