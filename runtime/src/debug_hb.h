/* Debug mode's happens-before tracking: vector clocks over the runtime's
 * own operations (spawn, send/receive, close, done/wait), as
 * ThreadSanitizer and Go's race detector keep them for memory.  It makes
 * schedule-dependent misuse visible on every run: a send that is not
 * ordered before the close of its queue, a first add that is not ordered
 * before a wait, whichever came first in real time on this run. */
#ifndef WP_DEBUG_HB_H
#define WP_DEBUG_HB_H

#include <stdint.h>

#include "internal.h"
#include "park.h"

/* A synchronisation object's clock (zero-initialised is empty).  Its own
 * small lock makes releases and acquires on different objects independent:
 * no global lock on the hot path. */
typedef struct wp__vclock {
  uint32_t *t; /* t[tid]: the latest tick of thread tid known here */
  uint32_t n;
  wp__lock lock;
} wp__vclock;

/* An event of a thread: who, and its tick at the time. */
typedef struct wp__epoch {
  int tid; /* -1: none, or a thread whose creation the runtime did not see */
  uint32_t tick;
} wp__epoch;

/* A thread's own clock is its private state; only the clocks of objects
 * are shared, each under its own lock. */

/* The calling thread's current event (and a new tick). */
WP__INTERNAL wp__epoch wp__hb_now(void);
/* True if e is ordered before the calling thread's present. */
WP__INTERNAL bool wp__hb_before(wp__epoch e);
/* sync := sync joined with the caller's clock; the caller ticks. */
WP__INTERNAL void wp__hb_release(wp__vclock *sync);
/* The caller's clock := joined with sync. */
WP__INTERNAL void wp__hb_acquire(wp__vclock *sync);
/* A snapshot of the caller's clock for a thread it spawns (malloc'd; NULL
 * on no memory); the caller ticks. */
WP__INTERNAL wp__vclock *wp__hb_fork(void);
/* The calling thread starts a new logical thread (a task) whose past is
 * `from` (consumed); NULL: an unknown past. */
WP__INTERNAL void wp__hb_begin_task(wp__vclock *from);
/* The task ends: its thread number may be reused. */
WP__INTERNAL void wp__hb_end_task(void);
WP__INTERNAL void wp__vclock_free(wp__vclock *vc);

#endif
