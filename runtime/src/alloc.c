/* Allocation and thread creation, with optional fault injection. */
#include "alloc.h"

#include <errno.h>
#include <stdlib.h>

#ifdef WPOOL_FAULT_INJECTION
#include "fault.h"

static long fault_calls;   /* hooked calls since reset */
static long fault_nth;     /* fail when fault_calls reaches this; 0: never */
static long alloc_live;    /* blocks allocated and not yet freed */

void wp__fault_reset(void) {
  WP__STORE(&fault_calls, 0);
  WP__STORE(&fault_nth, 0);
}
void wp__fault_fail_nth(long n) {
  WP__STORE(&fault_calls, 0);
  WP__STORE(&fault_nth, n);
}
long wp__fault_calls(void) { return WP__LOAD(&fault_calls); }
long wp__alloc_live(void) { return WP__LOAD(&alloc_live); }

/* True if this hooked call is the one armed to fail. */
static bool fault_hit(void) {
  long n = WP__ADD(&fault_calls, 1);
  return n == WP__LOAD(&fault_nth);
}
#define FAULT_HIT() fault_hit()
#define COUNT_ALLOC(p) ((p) ? (void)WP__ADD(&alloc_live, 1) : (void)0)
#define COUNT_FREE(p) ((p) ? (void)WP__SUB(&alloc_live, 1) : (void)0)
#else
#define FAULT_HIT() false
#define COUNT_ALLOC(p) ((void)0)
#define COUNT_FREE(p) ((void)0)
#endif

void *wp__malloc(size_t size) {
  if (FAULT_HIT())
    return NULL;
  void *p = malloc(size);
  COUNT_ALLOC(p);
  return p;
}

void *wp__calloc(size_t n, size_t size) {
  if (FAULT_HIT())
    return NULL;
  void *p = calloc(n, size);
  COUNT_ALLOC(p);
  return p;
}

void *wp__malloc_aligned(size_t align, size_t size) {
  if (FAULT_HIT())
    return NULL;
  void *p = NULL;
  if (posix_memalign(&p, align, size) != 0)
    p = NULL;
  COUNT_ALLOC(p);
  return p;
}

void wp__free(void *p) {
  COUNT_FREE(p);
  free(p);
}

int wp__thread_create(pthread_t *t, const pthread_attr_t *attr,
                      void *(*fn)(void *), void *arg) {
  if (FAULT_HIT())
    return EAGAIN;
  return pthread_create(t, attr, fn, arg);
}
