/* Debug mode's vector clocks (debug_hb.c), white-box: a release into a
 * clock must leave in it every entry the releasing thread knows, also when
 * the thread remembers the clock from an earlier release and raises only
 * what changed since (its memo): after it learned more, after more clocks
 * than it remembers, after an entry past the memo's bit set, and when a new
 * clock is made at the address of an old one.  A stamped release (a send)
 * leaves its own event and up to two changed entries to the element's
 * stamp instead (never an entry past the memo's bit set: then it joins),
 * and an acquire learns what the stamp carries.  A thread
 * that acquired a clock before learns what a later release joined into it
 * (it skips only clocks nobody joined into since).  A spawn's past holds
 * the highest entry its spawner learned.  And thread numbers: tasks alive
 * together never share one, and a new task whose past covers a free
 * number's previous owner takes that number. */
#include <sched.h>

#include "check.h"
#include "debug_hb.h"

/* A clock that knows `tid` up to `tick`, for the caller to acquire (a
 * join into it, as another thread's release would make). */
static void teach(wp__vclock *vc, uint32_t tid, uint32_t tick) {
  uint32_t *p = wp__tid_entry(vc->low, &vc->high, sizeof *vc->low, tid, true);
  CHECK_NOT_NULL(p);
  *p = tick;
  if (vc->end < tid + 1)
    vc->end = tid + 1;
  vc->joins++;
}

static uint32_t entry_of(wp__vclock *vc, uint32_t tid) {
  uint32_t *p = wp__tid_entry(vc->low, &vc->high, sizeof *vc->low, tid, false);
  return p ? *p : 0;
}

/* The caller's own entry is in vc, at its latest tick or later. */
static void check_has_self(wp__vclock *vc) {
  wp__epoch now = wp__hb_now();
  CHECK_GE(now.tid, 0);
  CHECK_UGE(entry_of(vc, (uint32_t)now.tid) + 1, now.tick);
}

enum { FOREIGN = 5, OTHER = 6, FAR = 70, CLOCKS = 9 };

static void test_learned_after_memo(void) {
  wp__vclock src = {0}, sync = {0};
  teach(&src, FOREIGN, 7);
  wp__hb_acquire(&src);
  wp__hb_release(&sync); /* a full join: sync is remembered */
  CHECK_UEQ(entry_of(&sync, FOREIGN), 7);
  teach(&src, FOREIGN, 9);
  teach(&src, OTHER, 4);
  wp__hb_acquire(&src);
  wp__hb_release(&sync); /* only what changed */
  CHECK_UEQ(entry_of(&sync, FOREIGN), 9);
  CHECK_UEQ(entry_of(&sync, OTHER), 4);
  CHECK_UGE(sync.end, OTHER + 1);
  check_has_self(&sync);
  wp__vclock_clear(&src);
  wp__vclock_clear(&sync);
}

static void test_new_clock_at_old_address(void) {
  wp__vclock src = {0}, sync = {0};
  teach(&src, FOREIGN, 11);
  wp__hb_acquire(&src);
  wp__hb_release(&sync);
  CHECK_UEQ(entry_of(&sync, FOREIGN), 11);
  /* Freed and made again at the same address: empty, and the caller has
   * learned nothing since, yet the release must fill it. */
  wp__vclock_clear(&sync);
  memset(&sync, 0, sizeof sync);
  wp__hb_release(&sync);
  CHECK_UEQ(entry_of(&sync, FOREIGN), 11);
  check_has_self(&sync);
  wp__vclock_clear(&src);
  wp__vclock_clear(&sync);
}

static void test_more_clocks_than_memos(void) {
  wp__vclock src = {0}, syncs[CLOCKS];
  memset(syncs, 0, sizeof syncs);
  for (int i = 0; i < CLOCKS; i++)
    wp__hb_release(&syncs[i]);
  teach(&src, OTHER, 21);
  wp__hb_acquire(&src);
  for (int round = 0; round < 2; round++)
    for (int i = 0; i < CLOCKS; i++) {
      wp__hb_release(&syncs[i]);
      CHECK_UEQ(entry_of(&syncs[i], OTHER), 21);
    }
  for (int i = 0; i < CLOCKS; i++)
    wp__vclock_clear(&syncs[i]);
  wp__vclock_clear(&src);
}

static void test_entry_past_the_bit_set(void) {
  wp__vclock src = {0}, sync = {0};
  wp__hb_release(&sync);
  teach(&src, FAR, 3);
  wp__hb_acquire(&src);
  wp__hb_release(&sync);
  CHECK_UEQ(entry_of(&sync, FAR), 3);
  CHECK_UGE(sync.end, FAR + 1);
  wp__vclock_clear(&src);
  wp__vclock_clear(&sync);
}

/* A fork (a spawn's past) hands on every entry the caller knows, up to
 * the highest it learned however far that is. */
static void test_fork_hands_on_highest_entry(void) {
  enum { HIGH = FAR + 20 };
  wp__vclock src = {0};
  teach(&src, HIGH, 6);
  wp__hb_acquire(&src);
  wp__hb_past *past = wp__hb_fork();
  CHECK_NOT_NULL(past);
  CHECK_UGE(past->n, HIGH + 1);
  CHECK_UEQ(past->t[HIGH], 6);
  free(past);
  wp__vclock_clear(&src);
}

enum { S1 = 8, S2 = 9, S3 = 10 };

static bool stamp_has(const wp__stamp *s, uint32_t tid, uint32_t tick) {
  for (int k = 0; k < WP__STAMP_EVENTS; k++)
    if (s->ev[k] == wp__stamp_pack(tid, tick))
      return true;
  return false;
}

static void test_stamp_carries_own_event(void) {
  wp__vclock sync = {0};
  wp__stamp s;
  for (int i = 0; i < 3; i++) { /* the first without a memo of sync */
    wp__epoch e = wp__hb_release_stamped(&sync, &s);
    CHECK_GE(e.tid, 0);
    CHECK(s.ev[0] == wp__stamp_pack((uint32_t)e.tid, e.tick));
    CHECK(s.ev[1] == 0 && s.ev[2] == 0);
    CHECK_UEQ(entry_of(&sync, (uint32_t)e.tid), 0);
  }
  wp__vclock_clear(&sync);
}

static void test_stamp_carries_changed_entries(void) {
  wp__vclock src = {0}, sync = {0};
  wp__stamp s;
  teach(&src, S1, 30);
  wp__hb_acquire(&src);
  wp__hb_release_stamped(&sync, &s); /* no memo: a join */
  CHECK_UEQ(entry_of(&sync, S1), 30);
  /* Two changed entries fit in the stamp: sync keeps its old values. */
  teach(&src, S1, 31);
  teach(&src, S2, 5);
  wp__hb_acquire(&src);
  for (int i = 0; i < 2; i++) { /* the memo stays: they are still due */
    wp__hb_release_stamped(&sync, &s);
    CHECK(stamp_has(&s, S1, 31) && stamp_has(&s, S2, 5));
    CHECK_UEQ(entry_of(&sync, S1), 30);
    CHECK_UEQ(entry_of(&sync, S2), 0);
  }
  /* Three do not: joined into sync, the stamp has the own event alone. */
  teach(&src, S3, 2);
  wp__hb_acquire(&src);
  wp__hb_release_stamped(&sync, &s);
  CHECK(s.ev[0] != 0 && s.ev[1] == 0);
  CHECK_UEQ(entry_of(&sync, S1), 31);
  CHECK_UEQ(entry_of(&sync, S2), 5);
  CHECK_UEQ(entry_of(&sync, S3), 2);
  wp__vclock_clear(&src);
  wp__vclock_clear(&sync);
}

/* An entry past the memo's bit set never goes in a stamp: the memo says
 * "everything", so the release joins into sync. */
static void test_stamp_with_entry_past_the_bit_set(void) {
  enum { FAR2 = FAR + 5 };
  wp__vclock src = {0}, sync = {0};
  wp__stamp s;
  wp__hb_release_stamped(&sync, &s); /* no memo: a join; now remembered */
  teach(&src, FAR2, 4);
  wp__hb_acquire(&src);
  wp__hb_release_stamped(&sync, &s);
  CHECK(s.ev[0] != 0 && s.ev[1] == 0);
  CHECK_UEQ(entry_of(&sync, FAR2), 4);
  wp__vclock_clear(&src);
  wp__vclock_clear(&sync);
}

static void test_acquire_learns_stamp(void) {
  enum { T = 11 };
  wp__vclock sync = {0}, next = {0};
  wp__stamp s = {{wp__stamp_pack(T, 40), wp__stamp_pack(S1, 50), 0}};
  wp__hb_release(&next); /* remembered: the next release raises changes */
  CHECK(!wp__hb_before((wp__epoch){T, 40}));
  wp__hb_acquire_stamped(&sync, &s);
  CHECK(wp__hb_before((wp__epoch){T, 40}));
  CHECK(!wp__hb_before((wp__epoch){T, 41}));
  CHECK(wp__hb_before((wp__epoch){S1, 50}));
  /* Learned entries count as changed: released on, like any other. */
  wp__hb_release(&next);
  CHECK_UEQ(entry_of(&next, T), 40);
  wp__vclock_clear(&sync);
  wp__vclock_clear(&next);
}

/* A task acquires a clock; main then learns an event and releases it into
 * that clock; the task acquires the clock again and must learn the event.
 * The two take turns through a flag the runtime does not see, so the
 * clock is the only way the event can reach the task. */
enum { LATE = 12 }; /* a thread number no other test teaches */

typedef struct turns {
  wp__vclock sync;
  int turn; /* 1: the task acquired; 2: main released; 3: the task done */
} turns;

static void wait_turn(turns *t, int turn) {
  while (__atomic_load_n(&t->turn, __ATOMIC_ACQUIRE) != turn)
    sched_yield();
}

static void reacquiring_task(void *arg) {
  turns *t = arg;
  wp__hb_acquire(&t->sync);
  CHECK(!wp__hb_before((wp__epoch){LATE, 8}));
  __atomic_store_n(&t->turn, 1, __ATOMIC_RELEASE);
  wait_turn(t, 2);
  wp__hb_acquire(&t->sync);
  CHECK(wp__hb_before((wp__epoch){LATE, 8}));
  __atomic_store_n(&t->turn, 3, __ATOMIC_RELEASE);
}

static void test_reacquire_learns_later_join(void) {
  turns t = {.turn = 0};
  wp__vclock src = {0};
  wp__hb_release(&t.sync); /* named and not empty before the task's acquire */
  CHECK_OK(wp_go(reacquiring_task, &t));
  wait_turn(&t, 1);
  teach(&src, LATE, 8);
  wp__hb_acquire(&src);
  wp__hb_release(&t.sync);
  __atomic_store_n(&t.turn, 2, __ATOMIC_RELEASE);
  wait_turn(&t, 3);
  wp__vclock_clear(&src);
  wp__vclock_clear(&t.sync);
}

/* Thread numbers: tasks alive at the same time never share one, also past
 * the numbers' growth steps and when numbers are reused. */
enum { LIVE_TASKS = 100 };

typedef struct live {
  wp_queue *gate; /* closed once every task has its number */
  wp_wg started;
  int tids[LIVE_TASKS];
  int next;
} live;

static void live_task(void *arg) {
  live *l = arg;
  int slot = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
  l->tids[slot] = wp__hb_now().tid;
  CHECK_OK(wp_wg_done(&l->started));
  int v;
  CHECK_ST(wp_queue_recv(l->gate, &v), WP_ECLOSED);
}

static void test_live_tasks_have_distinct_numbers(void) {
  for (int round = 0; round < 3; round++) {
    live l = {.gate = wp_queue_new(sizeof(int), 0), .started = WP_WG_INIT};
    CHECK_NOT_NULL(l.gate);
    wp_wg done = WP_WG_INIT;
    CHECK_OK(wp_wg_add(&l.started, LIVE_TASKS));
    for (int i = 0; i < LIVE_TASKS; i++)
      CHECK_OK(wp_wg_go(&done, live_task, &l));
    CHECK_OK(wp_wg_wait(&l.started));
    for (int i = 0; i < LIVE_TASKS; i++) {
      CHECK_GE(l.tids[i], 0);
      for (int j = 0; j < i; j++)
        CHECK_NE(l.tids[i], l.tids[j]);
    }
    CHECK_OK(wp_queue_close(l.gate));
    CHECK_OK(wp_wg_wait(&done));
    wp_queue_free(l.gate);
    wp_wg_destroy(&done);
    wp_wg_destroy(&l.started);
  }
}

/* A new logical thread whose (short) past covers a free thread number up
 * to its previous owner's last tick takes that number, and continues its
 * ticks; without the search it would take a fresh number (this process
 * has far fewer than the REUSE_ANY_PAST numbers that allow any reuse). */
static void test_covered_number_is_reused(void) {
  wp__hb_past *mine = wp__hb_fork(); /* a known past, and the way back */
  CHECK_NOT_NULL(mine);
  wp__hb_begin_task(mine);
  wp__epoch e = wp__hb_now(); /* the task's event; it ticks once more */
  CHECK_GE(e.tid, 0);
  /* Short enough for take_tid's search of the past's entries. */
  CHECK_LT(e.tid, 16);
  wp__hb_end_task();
  uint32_t n = (uint32_t)e.tid + 1;
  wp__hb_past *past = calloc(1, sizeof *past + n * sizeof past->t[0]);
  CHECK_NOT_NULL(past);
  past->n = n;
  past->t[e.tid] = e.tick + 1; /* its last tick: the one after the event */
  wp__hb_begin_task(past);
  wp__epoch again = wp__hb_now();
  CHECK_EQ(again.tid, e.tid);
  CHECK_UGE(again.tick, e.tick + 2);
  wp__hb_end_task();
  wp__hb_begin_task(mine);
  free(past);
  free(mine);
}

int main(void) {
  wp_debug_enable();
  test_covered_number_is_reused(); /* first: few numbers taken yet */
  test_learned_after_memo();
  test_new_clock_at_old_address();
  test_more_clocks_than_memos();
  test_entry_past_the_bit_set();
  test_fork_hands_on_highest_entry();
  test_stamp_carries_own_event();
  test_stamp_carries_changed_entries();
  test_stamp_with_entry_past_the_bit_set();
  test_acquire_learns_stamp();
  test_reacquire_learns_later_join();
  test_live_tasks_have_distinct_numbers();
  return 0;
}
