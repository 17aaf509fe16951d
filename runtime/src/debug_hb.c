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
#include "debug_own_clocks.h"
#include "debug_tids.h"

#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* A thread's own clock: private, so a plain growable array. */
typedef struct tclock {
  uint32_t *t;
  uint32_t n;
} tclock;

/* A thread releases into the same few clocks over and over (a worker
 * sends its results to one queue), and between two releases its clock
 * changes in few entries: its own, and those an acquire raised.  So it
 * remembers the clocks it released into last, each with the set of its
 * entries that changed since: the next release into one of them raises
 * those alone, not all entries. */
enum { MEMOS = 4, DIRTY_BITS = 63 };
#define DIRTY_ALL ((uint64_t)1 << DIRTY_BITS)

typedef struct memo {
  const wp__vclock *sync; /* NULL: unused */
  uint64_t id;            /* sync's id when it was joined */
  /* Bit i: entry i changed since (i < DIRTY_BITS); DIRTY_ALL: an entry
   * past those did, or the join missed one: the next joins all. */
  uint64_t dirty;
} memo;

/* Acquires repeat too (a receiver acquires its queue's sends clock at
 * every element), and a clock nobody joined into since a thread last
 * acquired it teaches that thread nothing: it remembers the count of
 * joins it saw in the clocks it acquired last. */
enum { SEENS = 4 };

typedef struct seen {
  const wp__vclock *sync; /* NULL: unused */
  uint64_t id;            /* sync's id when it was acquired */
  uint64_t joins;         /* sync's joins then */
} seen;

typedef struct self {
  int tid; /* -1 until first used */
  bool known;
  uint32_t tick; /* == vc.t[tid] */
  tclock vc;
  uint32_t len; /* <= vc.n; the entries from len on are zero */
  memo memos[MEMOS];
  unsigned next_memo; /* the one to replace next */
  uint64_t pending;   /* changes not yet added to the memos' dirty sets */
  seen seens[SEENS];
  unsigned next_seen;
} self;

static _Thread_local self me WP__TLS_HOT = {.tid = -1};

/* Grows the caller's clock to n entries (new ones zero).  Not realloc: the
 * new array is registered (debug_own_clocks.h) before the old one goes. */
static bool grow_slow(tclock *vc, uint32_t n) {
  uint32_t cap = n < 8 ? 8 : n;
  uint32_t *t = malloc(cap * sizeof *t);
  if (!t)
    return false;
  if (vc->n)
    memcpy(t, vc->t, vc->n * sizeof *t);
  memset(t + vc->n, 0, (cap - vc->n) * sizeof *t);
  wp__own_clock_replace(vc->t, t);
  vc->t = t;
  vc->n = cap;
  return true;
}

static inline bool grow(tclock *vc, uint32_t n) {
  return vc->n >= n || grow_slow(vc, n);
}

static uint32_t *entry(wp__vclock *vc, uint32_t tid, bool make) {
  return wp__tid_entry(vc->low, (void **)&vc->high, sizeof *vc->low, tid,
                       make);
}

/* Entry i of the caller's clock changed (other than by its own tick). */
static inline void learned(uint32_t i) {
  me.pending |= i < DIRTY_BITS ? (uint64_t)1 << i : DIRTY_ALL;
}

/* Adds the pending changes to every memo's dirty set: once per release,
 * not once per change (a receive learns two or three). */
static WP__HOT_INLINE void settle(void) {
  uint64_t p = me.pending;
  if (p == 0)
    return;
  me.pending = 0;
#pragma GCC unroll 4 /* MEMOS: a loop of 4 costs 4x the ORs (callgrind) */
  for (int k = 0; k < MEMOS; k++)
    me.memos[k].dirty |= p;
}

static void forget_memos(void) {
  for (int k = 0; k < MEMOS; k++)
    me.memos[k].sync = NULL;
  me.pending = 0;
  for (int k = 0; k < SEENS; k++)
    me.seens[k].sync = NULL;
}

static uint64_t clock_id(wp__vclock *sync) {
  static uint64_t last_id;
  uint64_t id = __atomic_load_n(&sync->id, __ATOMIC_RELAXED);
  if (id != 0)
    return id;
  uint64_t fresh = __atomic_add_fetch(&last_id, 1, __ATOMIC_RELAXED);
  if (__atomic_compare_exchange_n(&sync->id, &id, fresh, false,
                                  __ATOMIC_RELAXED, __ATOMIC_RELAXED))
    return fresh;
  return id; /* another thread's won */
}

/* The caller's memo of sync, or NULL. */
static WP__HOT_INLINE memo *memo_of(wp__vclock *sync) {
  uint64_t id = __atomic_load_n(&sync->id, __ATOMIC_RELAXED);
  for (int k = 0; k < MEMOS; k++) {
    memo *m = &me.memos[k];
    if (m->sync == sync && m->id == id)
      return m;
  }
  return NULL;
}

/* sync[i] := max(sync[i], v) for a non-zero v.  Nobody knows a later tick
 * of ours than we do: our own entry takes a store (a concurrent raiser
 * with an older one fails its compare-exchange).  False if sync has no
 * room for entry i (no memory for its chunk). */
static bool raise_entry(wp__vclock *sync, uint32_t i, uint32_t v) {
  uint32_t *p = entry(sync, i, true);
  if (!p)
    return false;
  if ((int)i == me.tid)
    __atomic_store_n(p, v, __ATOMIC_RELAXED);
  else
    wp__raise_to(p, v);
  return true;
}

/* Raises sync's entry i to ours; *end covers it, *lost is set if it could
 * not be. */
static void join_entry(wp__vclock *sync, uint32_t i, uint32_t *end,
                       bool *lost) {
  uint32_t v = i < me.vc.n ? me.vc.t[i] : 0;
  if (v == 0)
    return;
  if (!raise_entry(sync, i, v))
    *lost = true;
  else if (i + 1 > *end)
    *end = i + 1;
}

/* sync := sync joined with the caller's clock (but its own entry unless
 * `own`: a stamp carries that one).  Relaxed: every release is
 * followed by the operation that publishes it (the send, the done), whose
 * own release/acquire pair orders these entries for the acquirer.  With a
 * memo of sync, only the entries changed since the last join are raised
 * (entries of a clock only grow, so the others are already there); a join
 * that could not raise every entry leaves the next one to do them all. */
static void join_into(wp__vclock *sync, bool own) {
  uint32_t end = 0;
  bool lost = false;
  settle();
  memo *m = memo_of(sync);
  if (m && !(m->dirty & DIRTY_ALL)) {
    for (uint64_t d = m->dirty; d; d &= d - 1)
      join_entry(sync, (uint32_t)__builtin_ctzll(d), &end, &lost);
    if (own && me.tid >= 0)
      join_entry(sync, (uint32_t)me.tid, &end, &lost);
  } else {
    for (uint32_t i = 0; i < me.vc.n; i++)
      if (own || (int)i != me.tid)
        join_entry(sync, i, &end, &lost);
  }
  wp__raise_to(&sync->end, end);
  /* After the entries: an acquirer that reads this count sees them. */
  if (end != 0 || lost)
    __atomic_add_fetch(&sync->joins, 1, __ATOMIC_RELEASE);
  if (!m) {
    m = &me.memos[me.next_memo];
    me.next_memo = (me.next_memo + 1) % MEMOS;
    m->sync = sync;
    m->id = clock_id(sync);
  }
  m->dirty = lost ? DIRTY_ALL : 0;
}

/* The caller's entry i := max(it, t); the clock has room for i. */
static WP__HOT_INLINE void learn(uint32_t i, uint32_t t) {
  if (t > me.vc.t[i]) {
    me.vc.t[i] = t;
    learned(i);
    if (i >= me.len)
      me.len = i + 1;
  }
}

/* The caller's record of its last acquire of sync (id: sync's), or
 * NULL. */
static WP__HOT_INLINE seen *seen_of(const wp__vclock *sync,
                                     uint64_t id) {
  for (int k = 0; k < SEENS; k++) {
    seen *s = &me.seens[k];
    if (s->sync == sync && s->id == id)
      return s;
  }
  return NULL;
}

/* True if the caller has nothing to learn from sync: it is empty, or
 * nobody joined into it since the caller's last acquire of it.  Reading
 * the count (acquire) then the entries sees every entry joined before
 * that count, and an operation that orders a later join before the caller
 * (the send of the element it received) also shows it the count that join
 * raised. */
static WP__HOT_INLINE bool nothing_new(const wp__vclock *sync,
                                       uint64_t joins) {
  if (__atomic_load_n(&sync->end, __ATOMIC_RELAXED) == 0)
    return true;
  seen *s = seen_of(sync, __atomic_load_n(&sync->id, __ATOMIC_RELAXED));
  return s && s->joins == joins;
}

/* The caller's clock := joined with sync (see nothing_new). */
static void join_from(wp__vclock *sync) {
  uint64_t joins = __atomic_load_n(&sync->joins, __ATOMIC_ACQUIRE);
  if (nothing_new(sync, joins))
    return;
  uint32_t end = __atomic_load_n(&sync->end, __ATOMIC_RELAXED);
  uint64_t id = __atomic_load_n(&sync->id, __ATOMIC_RELAXED);
  if (!grow(&me.vc, end))
    return;
  for (uint32_t i = 0; i < end; i++) {
    uint32_t *p = entry(sync, i, false);
    if (!p)
      continue; /* a chunk nobody released into */
    learn(i, __atomic_load_n(p, __ATOMIC_RELAXED));
  }
  if (id == 0)
    return; /* its first join has not named it yet */
  seen *s = seen_of(sync, id);
  if (!s) {
    s = &me.seens[me.next_seen];
    me.next_seen = (me.next_seen + 1) % SEENS;
    s->sync = sync;
    s->id = id;
  }
  s->joins = joins;
}

static WP__HOT_INLINE void tick(void) {
  /* A thread without a number (tid -1) is past every n. */
  if (WP__LIKELY((uint32_t)me.tid < me.vc.n) ||
      (me.tid >= 0 && grow(&me.vc, (uint32_t)me.tid + 1)))
    me.vc.t[me.tid] = ++me.tick;
}

/* A new identity for the calling thread, with the given past. */
static void become(bool known, const wp__hb_past *past) {
  uint32_t t = 0;
  me.tid = wp__tid_renew(me.tid, me.tick, past, &t);
  me.tick = t;
  me.known = known;
  forget_memos(); /* a new number, a new clock */
  if (me.vc.t)
    memset(me.vc.t, 0, me.len * sizeof *me.vc.t);
  me.len = 0;
  if (past && grow(&me.vc, past->n)) {
    memcpy(me.vc.t, past->t, past->n * sizeof *past->t);
    me.len = past->n;
  }
  tick();
  if (me.tid >= 0 && (uint32_t)me.tid < me.vc.n && /* tick set it */
      (uint32_t)me.tid >= me.len)
    me.len = (uint32_t)me.tid + 1;
}

/* Gives the caller a thread number on first use.  The main thread's past
 * is empty, so it is known; any other thread that shows up unannounced
 * was created behind the runtime's back. */
static void ensure_self(void) {
  if (me.tid < 0)
    become(syscall(SYS_gettid) == getpid(), NULL);
}

/* The caller's current event (no tick). */
static wp__epoch current(void) {
  wp__epoch e = {-1, 0};
  if (me.known && me.tid >= 0) {
    e.tid = me.tid;
    e.tick = me.tick;
  }
  return e;
}

wp__epoch wp__hb_now(void) {
  ensure_self();
  wp__epoch e = current();
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

wp__epoch wp__hb_release(wp__vclock *sync) {
  ensure_self();
  wp__epoch e = current();
  join_into(sync, true);
  tick();
  return e;
}

/* True if a stamp has room for the entries of dirty set d besides the
 * caller's own event. */
static WP__HOT_INLINE bool stamp_fits(uint64_t d) {
  if (d & DIRTY_ALL)
    return false;
  for (int n = 1; n < WP__STAMP_EVENTS; n++)
    d &= d - 1; /* clears the lowest set bit */
  return d == 0;
}

/* *stamp := the caller's event and its entries named by d (which fits). */
static WP__HOT_INLINE void fill_stamp(wp__stamp *stamp, uint64_t d) {
  *stamp = (wp__stamp){{wp__stamp_pack((uint32_t)me.tid, me.tick)}};
  for (int n = 1; d; d &= d - 1) {
    uint32_t i = (uint32_t)__builtin_ctzll(d);
    stamp->ev[n++] = wp__stamp_pack(i, me.vc.t[i]);
  }
}

/* Stamps the caller's event and the entries changed since its last join
 * into sync, if its memo of sync says which and they fit (the memo stays:
 * sync still lacks them); false (nothing stamped) if not. */
static WP__HOT_INLINE bool stamp_changes(wp__vclock *sync,
                                         wp__stamp *stamp) {
  settle();
  memo *m = memo_of(sync);
  if (!m || !stamp_fits(m->dirty))
    return false;
  fill_stamp(stamp, m->dirty);
  return true;
}

/* As stamp_changes, else stamps the caller's event alone and joins the
 * rest into sync. */
static void stamp_or_join(wp__vclock *sync, wp__stamp *stamp) {
  if (!stamp_changes(sync, stamp)) {
    fill_stamp(stamp, 0);
    join_into(sync, false);
  }
}

static WP__COLD wp__epoch release_stamped_slow(wp__vclock *sync,
                                               wp__stamp *stamp) {
  ensure_self();
  wp__epoch e = current();
  if (e.tid >= 0) {
    stamp_or_join(sync, stamp);
  } else { /* a thread of unknown past: nothing compares its events */
    *stamp = (wp__stamp){{0}};
    join_into(sync, true);
  }
  tick();
  return e;
}

/* The common stamped release (a worker sending each result): a thread
 * with a number and a known past, whose clock has its own entry, and
 * whose memo of sync says the few entries sync lacks.  Without a call, so
 * it saves no registers (callgrind, classic W=1: 80 -> 56 instructions a
 * send). */
wp__epoch wp__hb_release_stamped(wp__vclock *sync, wp__stamp *stamp) {
  if (WP__LIKELY(me.known && me.tid >= 0 &&
                 (uint32_t)me.tid < me.vc.n && stamp_changes(sync, stamp))) {
    /* current() and tick(), without their checks, done above (the
     * compiler cannot see that stamp_changes leaves them true: callgrind,
     * +12 instructions a send with the calls). */
    wp__epoch e = {me.tid, me.tick};
    me.vc.t[me.tid] = ++me.tick;
    return e;
  }
  return release_stamped_slow(sync, stamp);
}

wp__epoch wp__hb_released(wp__vclock *sync) {
  ensure_self();
  wp__epoch e = current();
  uint32_t *p = e.tid >= 0 ? entry(sync, (uint32_t)e.tid, false) : NULL;
  uint32_t t = p ? __atomic_load_n(p, __ATOMIC_RELAXED) : 0;
  return t ? (wp__epoch){e.tid, t} : (wp__epoch){-1, 0};
}

void wp__hb_acquire(wp__vclock *sync) {
  ensure_self();
  join_from(sync);
}

/* The caller learns the stamp's events; an event past the caller's clock
 * grows it if `may_grow`, else stops the learning: false then. */
static WP__HOT_INLINE bool learn_stamp(const wp__stamp *stamp,
                                       bool may_grow) {
  for (int k = 0; k < WP__STAMP_EVENTS && stamp->ev[k]; k++) {
    wp__epoch e = wp__stamp_event(stamp, k);
    if ((uint32_t)e.tid >= me.vc.n) {
      if (!may_grow)
        return false;
      if (!grow_slow(&me.vc, (uint32_t)e.tid + 1))
        continue; /* no memory: that event is not learned */
    }
    learn((uint32_t)e.tid, e.tick);
  }
  return true;
}

static WP__COLD void acquire_stamped_slow(wp__vclock *sync,
                                          const wp__stamp *stamp) {
  ensure_self();
  join_from(sync);
  learn_stamp(stamp, true);
}

/* A receive, the common case without a call: a thread with a number,
 * nothing new in sync (the element's sender put what the receiver learns
 * in its stamp), and room in the caller's clock for the stamp's events
 * (callgrind, classic W=1: 95 -> 64 instructions a receive).  Learning is
 * idempotent, so the slow path may redo what this did. */
void wp__hb_acquire_stamped(wp__vclock *sync, const wp__stamp *stamp) {
  uint64_t joins = __atomic_load_n(&sync->joins, __ATOMIC_ACQUIRE);
  if (WP__LIKELY(me.tid >= 0 && nothing_new(sync, joins) &&
                 learn_stamp(stamp, false)))
    return;
  acquire_stamped_slow(sync, stamp);
}

/* Entries the caller's clock hands on: up to its last non-zero one (or
 * a few zeros past it). */
static uint32_t fork_len(void) {
  return me.known ? me.len : 0;
}

size_t wp__hb_fork_size(void) {
  ensure_self();
  uint32_t n = fork_len();
  return n ? sizeof(wp__hb_past) + n * sizeof(uint32_t) : 0;
}

wp__hb_past *wp__hb_fork_at(void *mem) {
  ensure_self();
  wp__hb_past *past = mem;
  if (past) {
    past->n = fork_len();
    memcpy(past->t, me.vc.t, past->n * sizeof *past->t);
  }
  tick();
  return past;
}

wp__hb_past *wp__hb_fork(void) {
  size_t bytes = wp__hb_fork_size();
  return wp__hb_fork_at(bytes ? malloc(bytes) : NULL);
}

void wp__hb_acquire_past(const wp__hb_past *past) {
  if (!past || !grow(&me.vc, past->n))
    return;
  for (uint32_t i = 0; i < past->n; i++)
    learn(i, past->t[i]);
}

void wp__hb_begin_task(const wp__hb_past *from) {
  become(from != NULL, from);
}

void wp__hb_end_task(void) {
  wp__tid_renew(me.tid, me.tick, NULL, NULL);
  me.tid = -1;
  me.known = false;
}

void wp__vclock_clear(wp__vclock *vc) {
  wp__tid_table_free((void **)&vc->high);
}

