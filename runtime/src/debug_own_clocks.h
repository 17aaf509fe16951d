/* Debug mode: the arrays that hold each thread's own vector clock
 * (debug_hb.c).  Each is freed when its thread exits, and a child after
 * fork() frees those of the threads it does not have. */
#ifndef WP_DEBUG_OWN_CLOCKS_H
#define WP_DEBUG_OWN_CLOCKS_H

#include <stdint.h>

#include "internal.h"

/* Makes `now` the calling thread's clock array in place of `old` (NULL:
 * none), and frees `old`. */
WP__INTERNAL void wp__own_clock_replace(uint32_t *old, uint32_t *now);

#endif
