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

/* Thread numbers are below this; a thread past it is treated as one the
 * runtime never saw (its events are never compared). */
#define WP__MAX_TIDS 4096
#define WP__VC_INLINE 16

/* A synchronisation object's clock (zero-initialised is empty): t[tid] is
 * the latest tick of thread tid released into it.  Lock-free: entries only
 * grow (atomic max), threads 0..15 live inline and the rest in an array
 * allocated on first use and never moved, so a release and an acquire on
 * the same object (every send and receive of a queue) cost a pass over the
 * entries and a cache line, not a lock. */
typedef struct wp__vclock {
  uint32_t low[WP__VC_INLINE];
  void *high;   /* entries WP__VC_INLINE.. (see wp__tid_entry), or NULL */
  uint32_t end;   /* one past the highest entry ever set */
  /* Joins into it so far: a thread that acquired it at this count and
   * sees the same count again has nothing new to learn from it. */
  uint64_t joins;
  /* Set by the first release into it, unique per clock for the life of
   * the process, so a thread's memo of it (debug_hb.c) cannot be confused
   * with a new clock made at the same address; 0: none yet. */
  uint64_t id;
} wp__vclock;

/* Per-thread tables that threads fill without a lock (each writes its own
 * entry): entries 0..WP__VC_INLINE-1 are `low` (an array of elements of
 * `size` bytes in the caller's object), the rest live in chunks reached
 * through *high, made on first need (make) and never moved.  NULL for a
 * tid past WP__MAX_TIDS, or without its chunk (not made, or no memory).
 * wp__tid_table_free releases *high.  The inline entries are reached
 * without a call (every release and acquire reaches a few); the chunks
 * through wp__tid_entry_high (debug_tid_tables.c). */
WP__INTERNAL void *wp__tid_entry_high(void **high, size_t size,
                                      uint32_t tid, bool make);
static inline void *wp__tid_entry(void *low, void **high, size_t size,
                                  uint32_t tid, bool make) {
  if (tid < WP__VC_INLINE)
    return (char *)low + tid * size;
  return wp__tid_entry_high(high, size, tid, make);
}
WP__INTERNAL void wp__tid_table_free(void **high);

/* *p := max(*p, v), against concurrent raisers. */
WP__INTERNAL void wp__raise_to(uint32_t *p, uint32_t v);

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
/* sync := sync joined with the caller's clock; returns the caller's event
 * that it published, and the caller ticks. */
WP__INTERNAL wp__epoch wp__hb_release(wp__vclock *sync);
/* The caller's latest event released into sync (its entry there), as an
 * epoch; tid -1 if none.  For a mark made after its release (a select's
 * send case: released before the select, marked once it fired). */
WP__INTERNAL wp__epoch wp__hb_released(wp__vclock *sync);
/* The caller's clock := joined with sync. */
WP__INTERNAL void wp__hb_acquire(wp__vclock *sync);

/* An element's stamp, carried with it from its send to its receive: the
 * events (packed: tid + 1 in the high half, the tick in the low one; 0
 * unused) that its receiver learns besides the queue's clock.  A sender
 * stamps its own event and the few entries of its clock that changed
 * since it last released into the queue's clock (a pipeline's stage
 * learns its feeder's tick with every element, and hands it on), and
 * never puts its own entry in that clock.  So a receiver learns the send
 * of the element it got, not the later sends of elements still queued
 * behind it: a close after that receive is not taken as ordered after
 * them.  All zero: none, the sender released everything into the
 * queue's clock. */
enum { WP__STAMP_EVENTS = 3 };
typedef struct wp__stamp {
  uint64_t ev[WP__STAMP_EVENTS];
} wp__stamp;

static inline uint64_t wp__stamp_pack(uint32_t tid, uint32_t tick) {
  return (uint64_t)(tid + 1) << 32 | tick;
}

/* Event k of a stamp; tid -1 if unused. */
static inline wp__epoch wp__stamp_event(const wp__stamp *s, int k) {
  return (wp__epoch){(int)(s->ev[k] >> 32) - 1, (uint32_t)s->ev[k]};
}

/* As wp__hb_release, but what fits in *stamp goes there instead of into
 * sync; every receiver of this send must acquire both
 * (wp__hb_acquire_stamped). */
WP__INTERNAL wp__epoch wp__hb_release_stamped(wp__vclock *sync,
                                              wp__stamp *stamp);
/* The caller's clock := joined with sync and with the stamp's events. */
WP__INTERNAL void wp__hb_acquire_stamped(wp__vclock *sync,
                                         const wp__stamp *stamp);
/* A copy of a thread's clock, handed from one thread to one other (a
 * spawn's past, a finished thread's end for its join): private while in
 * transit, so a plain array of its n first entries. */
typedef struct wp__hb_past {
  uint32_t n;
  uint32_t t[];
} wp__hb_past;

/* A copy of the caller's clock (malloc'd; NULL on no memory, or for a
 * thread whose past is unknown); the caller ticks. */
WP__INTERNAL wp__hb_past *wp__hb_fork(void);
/* The same in two steps, for a copy inside a bigger allocation: the bytes
 * the copy takes (0: an unknown past), then the copy made at mem (NULL
 * when the size was 0); the caller ticks. */
WP__INTERNAL size_t wp__hb_fork_size(void);
WP__INTERNAL wp__hb_past *wp__hb_fork_at(void *mem);
/* The caller's clock := joined with past (NULL: nothing). */
WP__INTERNAL void wp__hb_acquire_past(const wp__hb_past *past);
/* The calling thread starts a new logical thread (a task) whose past is
 * `from`; NULL: an unknown past. */
WP__INTERNAL void wp__hb_begin_task(const wp__hb_past *from);
/* The task ends: its thread number may be reused. */
WP__INTERNAL void wp__hb_end_task(void);
/* Releases what a clock allocated (it stays valid and empty). */
WP__INTERNAL void wp__vclock_clear(wp__vclock *vc);

#endif
