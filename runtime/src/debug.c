/* Debug mode's public switches.  The detectors themselves come with the
 * debug-mode work; until then these accept the calls and do nothing, so
 * programs written against the full API build and run. */
#include "internal.h"

static int debug_requested;

int wp_debug_enable(void) {
  WP__STORE(&debug_requested, 1);
  return WP_OK;
}

void wp_debug_release(const void *addr) { (void)addr; }
void wp_debug_acquire(const void *addr) { (void)addr; }
