/* Debug mode's thread numbers (see debug_tids.h).  Taken and given back
 * under one lock, at thread and task starts and ends only.  Per number:
 * the last tick its previous owner used, and where it waits in the ring
 * of free numbers (oldest first), if it is free. */
#include "debug_tids.h"

#include <stdlib.h>

static wp__lock tids;
static uint32_t *last_tick; /* tids_cap entries */
static int *free_ring;      /* tids_cap entries */
static int *free_pos;       /* tids_cap entries: a free number's ring slot,
                               -1 for a number in use */
static int free_head, free_count;
static int ntids, tids_cap; /* tids_cap: 0 or a power of two */

/* The free ring's slot k places after the oldest (a mask, not a
 * division: a new task scans up to REUSE_SCAN of them). */
static int slot_at(int k) {
  return (free_head + k) & (tids_cap - 1);
}

static int *free_at(int k) {
  return &free_ring[slot_at(k)];
}

/* Past REUSE_ANY_PAST thread numbers, a free one is reused even when the
 * new owner's past does not cover the old owner; a new thread looks for
 * one it covers among the REUSE_SCAN oldest free ones (see take_tid). */
enum { REUSE_ANY_PAST = 64, REUSE_SCAN = 16 };

/* True if `past` knows thread number i up to tick t. */
static bool covers(const wp__hb_past *past, uint32_t i, uint32_t t) {
  return past && i < past->n && past->t[i] >= t;
}

/* Puts free number i in ring slot `slot`. */
static void place(int slot, int i) {
  free_ring[slot] = i;
  free_pos[i] = slot;
}

/* Takes the free number in ring slot `slot` (the oldest fills its place:
 * the order stays about oldest first). */
static int reuse_slot(int slot, uint32_t *tick) {
  int i = free_ring[slot];
  place(slot, free_ring[free_head]);
  free_pos[i] = -1;
  free_head = slot_at(1);
  free_count--;
  *tick = last_tick[i];
  return i;
}

static int reuse(int k, uint32_t *tick) {
  return reuse_slot(slot_at(k), tick);
}

/* Room for one more thread number; false on no memory. */
static bool tids_grow(void) {
  if (ntids < tids_cap)
    return true;
  int cap = tids_cap ? 2 * tids_cap : 16;
  uint32_t *lt = realloc(last_tick, (size_t)cap * sizeof *lt);
  if (!lt)
    return false;
  last_tick = lt;
  int *pos = realloc(free_pos, (size_t)cap * sizeof *pos);
  if (!pos)
    return false;
  free_pos = pos;
  int *ring = malloc((size_t)cap * sizeof *ring);
  if (!ring)
    return false;
  for (int k = 0; k < free_count; k++)
    ring[k] = *free_at(k);
  free(free_ring);
  free_ring = ring;
  free_head = 0;
  tids_cap = cap;
  for (int k = 0; k < free_count; k++)
    free_pos[free_ring[k]] = k;
  return true;
}

/* With `tids` held: a thread number for a new logical thread whose past is
 * `past`; *tick gets the tick to continue from.  A number is reused only
 * by a thread ordered after its previous owner's end: whoever learns the
 * new owner's ticks then truly knows the old owner's events too, whereas
 * an unordered reuse would make the old owner's sends look ordered before
 * a close that only waited for the new owner.  The oldest free numbers are
 * the likeliest to be covered (a short past is searched by its entries
 * instead); past REUSE_ANY_PAST numbers the oldest is reused anyway,
 * which bounds every clock's length (a pool's jobs are tasks no later
 * task is ordered after: each would need a new number). */
static int take_tid(uint32_t *tick, const wp__hb_past *past) {
  if (past && past->n <= REUSE_SCAN) {
    /* A short past (a pool job's, most often) covers only numbers below
     * its length: check those alone (free, and covered), which finds any
     * covered free number, not only among the oldest (callgrind, pool of
     * 4, debug on: 290 -> 120 instructions a job in wp__tid_renew). */
    uint32_t n = past->n < (uint32_t)ntids ? past->n : (uint32_t)ntids;
    for (uint32_t i = 0; i < n; i++)
      if (free_pos[i] >= 0 && covers(past, i, last_tick[i]))
        return reuse_slot(free_pos[i], tick);
  } else {
    int scan = free_count < REUSE_SCAN ? free_count : REUSE_SCAN;
    for (int k = 0; k < scan; k++) {
      int i = *free_at(k);
      if (covers(past, (uint32_t)i, last_tick[i]))
        return reuse(k, tick);
    }
  }
  if (ntids >= REUSE_ANY_PAST && free_count > 0)
    return reuse(0, tick);
  if (ntids >= WP__MAX_TIDS || !tids_grow())
    return -1; /* the thread stays unknown: never compared */
  last_tick[ntids] = 0;
  free_pos[ntids] = -1;
  *tick = 0;
  return ntids++;
}

/* With `tids` held: number `tid` goes back, remembering its last tick
 * for the next owner. */
static void give_tid(int tid, uint32_t tick) {
  last_tick[tid] = tick;
  place(slot_at(free_count), tid);
  free_count++;
}

int wp__tid_renew(int old, uint32_t old_tick, const wp__hb_past *past,
                  uint32_t *tick) {
  int tid = -1;
  wp__lock_acquire(&tids);
  if (old >= 0)
    give_tid(old, old_tick);
  if (tick)
    tid = take_tid(tick, past);
  wp__lock_release(&tids);
  return tid;
}

void wp__tids_reset_in_child(void) {
  tids = (wp__lock){0}; /* another thread may have held it */
}
