/* Debug mode's public switches.  The detectors themselves come with the
 * debug-mode work; until then these accept the calls and do nothing, so
 * programs written against the full API build and run. */
#include "internal.h"

static int debug_requested;
static int runtime_used; /* set once a queue, pool or thread was created */

void wp__note_runtime_used(void) {
  if (!WP__LOAD_RELAXED(&runtime_used))
    WP__STORE_RELAXED(&runtime_used, 1);
}

int wp_debug_enable(void) {
  if (WP__LOAD_RELAXED(&runtime_used))
    return WP_EINVAL;
  WP__STORE(&debug_requested, 1);
  return WP_OK;
}

void wp_debug_release(const void *addr) { (void)addr; }
void wp_debug_acquire(const void *addr) { (void)addr; }
