/* Debug mode's per-thread tables (see wp__tid_entry in debug_hb.h): the
 * entries of threads numbered WP__VC_INLINE and up, in chunks made on
 * first need and never moved, so threads fill their own entries without
 * a lock. */
#include "debug_hb.h"

#include <stdlib.h>
#include <string.h>

/* The block at *slot, made (zeroed, cache-line aligned) and published by
 * the first thread that needs it; NULL if not made (or no memory). */
static void *made_once(void **slot, size_t bytes, bool make) {
  void *p = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
  if (p || !make)
    return p;
  void *fresh = NULL;
  if (posix_memalign(&fresh, 64, bytes) != 0)
    return NULL;
  memset(fresh, 0, bytes);
  if (__atomic_compare_exchange_n(slot, &p, fresh, false, __ATOMIC_ACQ_REL,
                                  __ATOMIC_ACQUIRE))
    return fresh;
  free(fresh); /* another thread's won: p is it */
  return p;
}

enum { CHUNKS = WP__MAX_TIDS / WP__VC_INLINE - 1 };

/* Past the inline entries: *high is a directory of CHUNKS chunks of
 * WP__VC_INLINE entries, each made on first need, so an object touched
 * by a few threads numbered 16 and up costs a directory and a chunk. */
void *wp__tid_entry_high(void **high, size_t size, uint32_t tid,
                         bool make) {
  if (tid >= WP__MAX_TIDS)
    return NULL;
  void **dir = made_once(high, CHUNKS * sizeof(void *), make);
  if (!dir)
    return NULL;
  char *chunk = made_once(&dir[tid / WP__VC_INLINE - 1],
                          WP__VC_INLINE * size, make);
  return chunk ? chunk + (tid % WP__VC_INLINE) * size : NULL;
}

void wp__tid_table_free(void **high) {
  void **dir = *high;
  if (!dir)
    return;
  for (int i = 0; i < CHUNKS; i++)
    free(dir[i]);
  free(dir);
  *high = NULL;
}

void wp__raise_to(uint32_t *p, uint32_t v) {
  uint32_t cur = __atomic_load_n(p, __ATOMIC_RELAXED);
  while (v > cur && !__atomic_compare_exchange_n(p, &cur, v, true,
                                                 __ATOMIC_RELAXED,
                                                 __ATOMIC_RELAXED)) {
  }
}
