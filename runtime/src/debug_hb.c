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

/* Thread numbers: taken and given back under this lock (at thread and task
 * starts and ends only).  Per tid: the last tick its previous owner used. */
static pthread_mutex_t tids = PTHREAD_MUTEX_INITIALIZER;
static uint32_t *last_tick;
static bool *tid_free;
static int ntids;



typedef struct self {
  int tid; /* -1 until first used */
  bool known;
  uint32_t tick; /* == vc.t[tid] */
  wp__vclock vc; /* private: no lock needed */
} self;

static _Thread_local self me = {.tid = -1};

/* A thread's own clock array is freed when the thread exits (a key
 * destructor gets the array itself, so it needs no thread-local state).
 * Every such array is also listed in `owned`, so that a child after fork()
 * frees those of the threads that do not exist in it (otherwise they are
 * lost: only the dead threads' TLS pointed at them). */
static pthread_key_t own_clock_key;
static pthread_once_t own_clock_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t owned_lock = PTHREAD_MUTEX_INITIALIZER;
static uint32_t **owned;
static size_t nowned, owned_cap;

/* With owned_lock held: replaces `old` (NULL: none) by `now` (NULL: none)
 * in the list. */
static void owned_replace(const uint32_t *old, uint32_t *now) {
  for (size_t i = 0; old && i < nowned; i++)
    if (owned[i] == old) {
      if (now)
        owned[i] = now;
      else
        owned[i] = owned[--nowned];
      return;
    }
  if (!now)
    return;
  if (nowned == owned_cap) {
    size_t cap = owned_cap ? 2 * owned_cap : 16;
    uint32_t **grown = realloc(owned, cap * sizeof *grown);
    if (!grown)
      return; /* not listed: only a forked child could lose it */
    owned = grown;
    owned_cap = cap;
  }
  owned[nowned++] = now;
}

static void drop_own_clock(void *t) {
  pthread_mutex_lock(&owned_lock);
  owned_replace(t, NULL);
  pthread_mutex_unlock(&owned_lock);
  free(t);
}

/* In the child after fork(): only the calling thread exists. */
static void free_other_clocks_in_child(void) {
  pthread_mutex_init(&owned_lock, NULL); /* another thread may have held it */
  size_t kept = 0;
  for (size_t i = 0; i < nowned; i++) {
    if (owned[i] == me.vc.t)
      owned[kept++] = owned[i];
    else
      free(owned[i]);
  }
  nowned = kept;
}

static void make_own_clock_key(void) {
  if (pthread_key_create(&own_clock_key, drop_own_clock) != 0)
    own_clock_key = (pthread_key_t)-1;
  pthread_atfork(NULL, NULL, free_other_clocks_in_child);
}

/* Grows vc to n entries (new ones zero).  Not realloc: a thread's own
 * array is listed in `owned` under its new address before the old one goes. */
static bool grow(wp__vclock *vc, uint32_t n) {
  if (vc->n >= n)
    return true;
  uint32_t cap = n < 8 ? 8 : n;
  uint32_t *t = malloc(cap * sizeof *t);
  if (!t)
    return false;
  if (vc->n)
    memcpy(t, vc->t, vc->n * sizeof *t);
  memset(t + vc->n, 0, (cap - vc->n) * sizeof *t);
  if (vc == &me.vc) {
    pthread_once(&own_clock_once, make_own_clock_key);
    if (own_clock_key != (pthread_key_t)-1)
      pthread_setspecific(own_clock_key, t);
    pthread_mutex_lock(&owned_lock);
    owned_replace(vc->t, t);
    pthread_mutex_unlock(&owned_lock);
  }
  free(vc->t);
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

/* With `tids` held: a thread number for a new logical thread; *tick gets
 * the tick to continue from. */
static int take_tid(uint32_t *tick) {
  for (int i = 0; i < ntids; i++)
    if (tid_free[i]) {
      tid_free[i] = false;
      *tick = last_tick[i];
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
  *tick = 0;
  return ntids++;
}

/* With `tids` held: the calling thread's number goes back, remembering its
 * last tick for the next owner. */
static void give_tid(void) {
  if (me.tid < 0)
    return;
  last_tick[me.tid] = me.tick;
  tid_free[me.tid] = true;
  me.tid = -1;
}

static void tick(void) {
  if (me.tid >= 0 && grow(&me.vc, (uint32_t)me.tid + 1))
    me.vc.t[me.tid] = ++me.tick;
}

/* A new identity for the calling thread, with the given past. */
static void become(bool known, const wp__vclock *past) {
  pthread_mutex_lock(&tids);
  give_tid();
  uint32_t t = 0;
  me.tid = take_tid(&t);
  pthread_mutex_unlock(&tids);
  me.tick = t;
  me.known = known;
  if (me.vc.t)
    memset(me.vc.t, 0, me.vc.n * sizeof *me.vc.t);
  if (past)
    join(&me.vc, past);
  tick();
}

/* Gives the caller a thread number on first use.  The main thread's past
 * is empty, so it is known; any other thread that shows up unannounced
 * was created behind the runtime's back. */
static void ensure_self(void) {
  if (me.tid < 0)
    become(syscall(SYS_gettid) == getpid(), NULL);
}

wp__epoch wp__hb_now(void) {
  ensure_self();
  wp__epoch e = {-1, 0};
  if (me.known && me.tid >= 0) {
    e.tid = me.tid;
    e.tick = me.tick;
  }
  tick();
  return e;
}

bool wp__hb_before(wp__epoch e) {
  if (e.tid < 0)
    return true; /* unknown: never a finding */
  ensure_self();
  return !me.known ||
         ((uint32_t)e.tid < me.vc.n && me.vc.t[e.tid] >= e.tick);
}

void wp__hb_release(wp__vclock *sync) {
  ensure_self();
  wp__lock_acquire(&sync->lock);
  join(sync, &me.vc);
  wp__lock_release(&sync->lock);
  tick();
}

void wp__hb_acquire(wp__vclock *sync) {
  ensure_self();
  wp__lock_acquire(&sync->lock);
  join(&me.vc, sync);
  wp__lock_release(&sync->lock);
}

wp__vclock *wp__hb_fork(void) {
  ensure_self();
  wp__vclock *vc = calloc(1, sizeof *vc);
  if (vc && me.known)
    join(vc, &me.vc);
  tick();
  return vc;
}

void wp__hb_begin_task(wp__vclock *from) {
  become(from != NULL && from->n > 0, from);
  wp__vclock_free(from);
}

void wp__hb_end_task(void) {
  pthread_mutex_lock(&tids);
  give_tid();
  pthread_mutex_unlock(&tids);
  me.known = false;
}

void wp__vclock_free(wp__vclock *vc) {
  if (vc) {
    free(vc->t);
    free(vc);
  }
}
