/* Vector clocks for debug mode (see debug_hb.h).
 *
 * Thread numbers (tids) are small and reused: a task that ends gives its
 * number back, and the next owner continues that number's ticks, so a clock
 * entry left over from the old owner never covers the new owner's events.
 * The main thread and runtime tasks have a known past (the main thread has
 * none; a task's is its spawner's); a thread the runtime never saw created
 * has an unknown past, and its events are never compared, since every
 * comparison would be a false alarm. */
#include "debug_hb.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_mutex_t hb = PTHREAD_MUTEX_INITIALIZER;

/* Per tid: the last tick used, and whether it is free. */
static uint32_t *last_tick;
static bool *tid_free;
static int ntids;

typedef struct self {
  int tid; /* -1 until first used */
  bool known;
  wp__vclock vc;
} self;

static _Thread_local self me = {.tid = -1};

static bool grow(wp__vclock *vc, uint32_t n) {
  if (vc->n >= n)
    return true;
  uint32_t cap = n < 8 ? 8 : n;
  uint32_t *t = realloc(vc->t, cap * sizeof *t);
  if (!t)
    return false;
  memset(t + vc->n, 0, (cap - vc->n) * sizeof *t);
  vc->t = t;
  vc->n = cap;
  return true;
}

static void join(wp__vclock *dst, const wp__vclock *src) {
  if (!src || !grow(dst, src->n))
    return;
  for (uint32_t i = 0; i < src->n; i++)
    if (src->t[i] > dst->t[i])
      dst->t[i] = src->t[i];
}

/* With hb held: a thread number for a new logical thread. */
static int take_tid(void) {
  for (int i = 0; i < ntids; i++)
    if (tid_free[i]) {
      tid_free[i] = false;
      return i;
    }
  uint32_t *lt = realloc(last_tick, (size_t)(ntids + 1) * sizeof *lt);
  if (lt)
    last_tick = lt;
  bool *tf = realloc(tid_free, (size_t)(ntids + 1) * sizeof *tf);
  if (tf)
    tid_free = tf;
  if (!lt || !tf)
    return -1;
  last_tick[ntids] = 0;
  tid_free[ntids] = false;
  return ntids++;
}

/* With hb held: make sure the caller has a tid and a tick. */
static void ensure_self(void) {
  if (me.tid >= 0)
    return;
  me.tid = take_tid();
  /* The main thread's past is empty, so it is known; any other thread
   * that shows up unannounced was created behind the runtime's back. */
  me.known = syscall(SYS_gettid) == getpid();
  if (me.tid >= 0 && grow(&me.vc, (uint32_t)me.tid + 1))
    me.vc.t[me.tid] = ++last_tick[me.tid];
}

static void tick(void) {
  if (me.tid >= 0 && grow(&me.vc, (uint32_t)me.tid + 1))
    me.vc.t[me.tid] = ++last_tick[me.tid];
}

wp__epoch wp__hb_now(void) {
  pthread_mutex_lock(&hb);
  ensure_self();
  wp__epoch e = {-1, 0};
  if (me.known && me.tid >= 0) {
    e.tid = me.tid;
    e.tick = me.vc.t[me.tid];
  }
  tick();
  pthread_mutex_unlock(&hb);
  return e;
}

bool wp__hb_before(wp__epoch e) {
  if (e.tid < 0)
    return true; /* unknown: never a finding */
  pthread_mutex_lock(&hb);
  ensure_self();
  bool before = !me.known || ((uint32_t)e.tid < me.vc.n &&
                              me.vc.t[e.tid] >= e.tick);
  pthread_mutex_unlock(&hb);
  return before;
}

void wp__hb_release(wp__vclock *sync) {
  pthread_mutex_lock(&hb);
  ensure_self();
  join(sync, &me.vc);
  tick();
  pthread_mutex_unlock(&hb);
}

void wp__hb_acquire(const wp__vclock *sync) {
  pthread_mutex_lock(&hb);
  ensure_self();
  join(&me.vc, sync);
  pthread_mutex_unlock(&hb);
}

wp__vclock *wp__hb_fork(void) {
  wp__vclock *vc = calloc(1, sizeof *vc);
  pthread_mutex_lock(&hb);
  ensure_self();
  if (vc && me.known)
    join(vc, &me.vc);
  tick();
  pthread_mutex_unlock(&hb);
  return vc;
}

void wp__hb_begin_task(wp__vclock *from) {
  pthread_mutex_lock(&hb);
  if (me.tid >= 0)
    tid_free[me.tid] = true; /* the thread's previous identity ends */
  me.tid = take_tid();
  me.known = from != NULL && from->n > 0;
  if (me.vc.t)
    memset(me.vc.t, 0, me.vc.n * sizeof *me.vc.t);
  join(&me.vc, from);
  tick();
  pthread_mutex_unlock(&hb);
  wp__vclock_free(from);
}

void wp__hb_end_task(void) {
  pthread_mutex_lock(&hb);
  if (me.tid >= 0)
    tid_free[me.tid] = true;
  me.tid = -1;
  me.known = false;
  pthread_mutex_unlock(&hb);
}

void wp__vclock_free(wp__vclock *vc) {
  if (vc) {
    free(vc->t);
    free(vc);
  }
}
