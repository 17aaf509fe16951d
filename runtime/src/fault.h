/* Fault injection (only in builds with WPOOL_FAULT_INJECTION): the n-th
 * allocation or thread creation after arming fails. For tests. */
#ifndef WP_FAULT_H
#define WP_FAULT_H

#include "wpool.h"

/* No failure armed; counters back to zero. */
WP_API void wp__fault_reset(void);
/* The n-th (1-based) hooked call from now fails: malloc/calloc return NULL,
 * pthread_create returns EAGAIN.  0 disarms. */
WP_API void wp__fault_fail_nth(long n);
/* Hooked calls since the last reset. */
WP_API long wp__fault_calls(void);
/* Blocks currently allocated through the hooks. */
WP_API long wp__alloc_live(void);

#endif
