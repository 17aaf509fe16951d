/* Waitgroups: every way to initialise one (WP_WG_INIT, wp_wg_init, `= {0}`,
 * static storage, memset); add/done/wait with threads; a negative counter
 * or an overflow is refused with WP_EINVAL and changes nothing;
 * wait_timeout's WP_ETIMEDOUT / WP_EAGAIN; reuse after wait; many waiters
 * released at once; wp_wg_go; WP_DEFER_DONE on every path out of a scope;
 * NULL arguments. */
#include <limits.h>

#include "util.h"

static wp_wg static_wg; /* static storage: all zero */

/* An empty waitgroup: wait returns at once; one add makes it non-empty. */
static void check_empty_usable(wp_wg *wg) {
  CHECK_OK(wp_wg_wait(wg));
  CHECK_OK(wp_wg_wait_timeout(wg, 0));
  CHECK_OK(wp_wg_wait_timeout(wg, 1000));
  CHECK_OK(wp_wg_add(wg, 1));
  CHECK_ST(wp_wg_wait_timeout(wg, 0), WP_EAGAIN);
  CHECK_OK(wp_wg_done(wg));
  CHECK_OK(wp_wg_wait(wg));
  CHECK_OK(wp_wg_add(wg, 3));
  CHECK_OK(wp_wg_add(wg, -2));
  CHECK_ST(wp_wg_wait_timeout(wg, 0), WP_EAGAIN);
  CHECK_OK(wp_wg_add(wg, -1));
  CHECK_OK(wp_wg_wait_timeout(wg, 0));
}

static void test_initialisers(void) {
  wp_wg a = WP_WG_INIT;
  check_empty_usable(&a);
  wp_wg_destroy(&a);

  wp_wg b;
  memset(&b, 0x5a, sizeof b); /* garbage, then initialised */
  wp_wg_init(&b);
  check_empty_usable(&b);
  wp_wg_destroy(&b);

  wp_wg c = {0};
  check_empty_usable(&c);
  wp_wg_destroy(&c);

  check_empty_usable(&static_wg);

  wp_wg *heap = malloc(sizeof *heap);
  CHECK_NOT_NULL(heap);
  memset(heap, 0, sizeof *heap);
  check_empty_usable(heap);
  wp_wg_destroy(heap);
  free(heap);

  /* Re-initialising an idle, used waitgroup. */
  wp_wg d = WP_WG_INIT;
  CHECK_OK(wp_wg_add(&d, 1));
  CHECK_OK(wp_wg_done(&d));
  wp_wg_init(&d);
  check_empty_usable(&d);
  wp_wg_destroy(&d);

  wp_wg_init(NULL);
  wp_wg_destroy(NULL);
  (wp_wg_init)(NULL);
  (wp_wg_destroy)(NULL);
}

static void test_null_args(void) {
  CHECK_ST(wp_wg_add(NULL, 1), WP_EINVAL);
  CHECK_ST(wp_wg_add(NULL, -1), WP_EINVAL);
  CHECK_ST(wp_wg_done(NULL), WP_EINVAL);
  CHECK_ST(wp_wg_wait(NULL), WP_EINVAL);
  CHECK_ST(wp_wg_wait_timeout(NULL, 0), WP_EINVAL);
  CHECK_ST(wp_wg_wait_timeout(NULL, 10), WP_EINVAL);
  CHECK_ST(wp_wg_wait_timeout(NULL, -1), WP_EINVAL);
  CHECK_ST((wp_wg_add)(NULL, 1), WP_EINVAL);
  CHECK_ST((wp_wg_done)(NULL), WP_EINVAL);
  CHECK_ST((wp_wg_wait)(NULL), WP_EINVAL);
}

static void test_negative_and_overflow(void) {
  wp_wg wg = WP_WG_INIT;
  CHECK_ST(wp_wg_add(&wg, -1), WP_EINVAL);
  CHECK_ST(wp_wg_done(&wg), WP_EINVAL);
  CHECK_ST(wp_wg_add(&wg, INT_MIN), WP_EINVAL);
  /* The counter stayed zero: wait returns at once. */
  CHECK_OK(wp_wg_wait(&wg));
  CHECK_OK(wp_wg_wait_timeout(&wg, 0));

  CHECK_OK(wp_wg_add(&wg, 2));
  CHECK_ST(wp_wg_add(&wg, -3), WP_EINVAL);
  /* Still 2: one done leaves it non-zero, the second empties it. */
  CHECK_OK(wp_wg_done(&wg));
  CHECK_ST(wp_wg_wait_timeout(&wg, 0), WP_EAGAIN);
  CHECK_OK(wp_wg_done(&wg));
  CHECK_OK(wp_wg_wait_timeout(&wg, 0));
  CHECK_ST(wp_wg_done(&wg), WP_EINVAL);
  CHECK_OK(wp_wg_wait(&wg));

  /* Overflow: adding INT_MAX again and again must be refused at some point
   * (the counter is 32 bits) and a refused add changes nothing, so that
   * removing what was accepted empties the waitgroup exactly. */
  int accepted = 0;
  for (int i = 0; i < 4; i++) {
    int rc = wp_wg_add(&wg, INT_MAX);
    if (rc == WP_EINVAL)
      break;
    CHECK_OK(rc);
    accepted++;
  }
  CHECK_GE(accepted, 1);
  CHECK_LE(accepted, 2);
  CHECK_ST(wp_wg_add(&wg, INT_MAX), WP_EINVAL);
  for (int i = 0; i < accepted; i++) {
    CHECK_ST(wp_wg_wait_timeout(&wg, 0), WP_EAGAIN);
    CHECK_OK(wp_wg_add(&wg, -INT_MAX));
  }
  CHECK_OK(wp_wg_wait_timeout(&wg, 0));
  CHECK_ST(wp_wg_add(&wg, -1), WP_EINVAL);
  wp_wg_destroy(&wg);
}

static void test_wait_timeout(void) {
  wp_wg wg = WP_WG_INIT;
  CHECK_OK(wp_wg_add(&wg, 1));
  CHECK_ST(wp_wg_wait_timeout(&wg, 0), WP_EAGAIN);
  CHECK_ST(wp_wg_wait_timeout(&wg, 10), WP_ETIMEDOUT);
  CHECK_ST(wp_wg_wait_timeout(&wg, 1), WP_ETIMEDOUT);
  /* A timed-out wait leaves nothing behind: the waitgroup still works. */
  CHECK_OK(wp_wg_done(&wg));
  CHECK_OK(wp_wg_wait_timeout(&wg, 10));
  CHECK_OK(wp_wg_wait(&wg));
  wp_wg_destroy(&wg);
}

/* Workers signal done after their work; wait returns only after all. */
struct work {
  wp_wg *wg;
  _Atomic int *counter;
};

static void *worker_main(void *arg) {
  struct work *w = arg;
  util_sleep_ms(1);
  atomic_fetch_add(w->counter, 1);
  CHECK_OK(wp_wg_done(w->wg));
  return NULL;
}

static void test_add_done_wait_and_reuse(void) {
  enum { N = 8, ROUNDS = 30 };
  wp_wg wg = WP_WG_INIT;
  _Atomic int counter = 0;
  struct work w = {&wg, &counter};
  for (int round = 0; round < ROUNDS; round++) {
    pthread_t t[N];
    CHECK_OK(wp_wg_add(&wg, N));
    for (int i = 0; i < N; i++)
      t[i] = util_thread(worker_main, &w);
    if (round % 2)
      CHECK_OK(wp_wg_wait(&wg));
    else
      CHECK_OK(wp_wg_wait_timeout(&wg, 600000));
    CHECK_EQ(atomic_load(&counter), (round + 1) * N);
    for (int i = 0; i < N; i++)
      util_join(t[i]);
  }
  wp_wg_destroy(&wg);
}

/* Many threads wait; one done releases them all. */
struct waiter {
  wp_wg *wg;
  int timed;
  int rc;
  _Atomic int *released;
};

static void *waiter_main(void *arg) {
  struct waiter *w = arg;
  w->rc = w->timed ? wp_wg_wait_timeout(w->wg, 600000) : wp_wg_wait(w->wg);
  atomic_fetch_add(w->released, 1);
  return NULL;
}

static void test_many_waiters(void) {
  enum { N = 10 };
  for (int round = 0; round < 5; round++) {
    wp_wg wg = WP_WG_INIT;
    _Atomic int released = 0;
    CHECK_OK(wp_wg_add(&wg, 2));
    struct waiter w[N];
    pthread_t t[N];
    for (int i = 0; i < N; i++) {
      w[i] = (struct waiter){&wg, i % 2, -100, &released};
      t[i] = util_thread(waiter_main, &w[i]);
    }
    util_sleep_ms(20);
    CHECK_OK(wp_wg_done(&wg));
    util_sleep_ms(5);
    /* The counter is still 1: nobody may have been released. */
    CHECK_EQ(atomic_load(&released), 0);
    CHECK_OK(wp_wg_done(&wg));
    for (int i = 0; i < N; i++) {
      util_join(t[i]);
      CHECK_OK(w[i].rc);
    }
    CHECK_EQ(atomic_load(&released), N);
    /* Reusable right away. */
    CHECK_OK(wp_wg_add(&wg, 1));
    CHECK_ST(wp_wg_wait_timeout(&wg, 0), WP_EAGAIN);
    CHECK_OK(wp_wg_done(&wg));
    CHECK_OK(wp_wg_wait(&wg));
    wp_wg_destroy(&wg);
  }
}

/* wp_wg_go */
static _Atomic int go_runs;
static _Atomic long go_sum;

static void go_task(void *arg) {
  atomic_fetch_add(&go_runs, 1);
  atomic_fetch_add(&go_sum, (long)(intptr_t)arg);
}

static void test_wg_go(void) {
  enum { N = 200 };
  wp_wg wg = WP_WG_INIT;
  for (int round = 0; round < 3; round++) {
    atomic_store(&go_runs, 0);
    atomic_store(&go_sum, 0);
    for (intptr_t i = 1; i <= N; i++)
      CHECK_OK(wp_wg_go(&wg, go_task, (void *)i));
    CHECK_OK(wp_wg_wait(&wg));
    CHECK_EQ(atomic_load(&go_runs), N);
    CHECK_EQ(atomic_load(&go_sum), (long)N * (N + 1) / 2);
  }
  /* Errors add nothing. */
  CHECK_ST(wp_wg_go(NULL, go_task, NULL), WP_EINVAL);
  CHECK_ST(wp_wg_go(&wg, NULL, NULL), WP_EINVAL);
  CHECK_ST((wp_wg_go)(&wg, NULL, NULL), WP_EINVAL);
  CHECK_OK(wp_wg_wait_timeout(&wg, 0));
  /* A full counter refuses wp_wg_go too (counter overflow). */
  int accepted = 0;
  while (accepted < 4 && wp_wg_add(&wg, INT_MAX) == WP_OK)
    accepted++;
  CHECK_GE(accepted, 1);
  int filled = 0; /* what is left up to the 32-bit limit: at most 1 */
  while (filled < 1000 && wp_wg_add(&wg, 1) == WP_OK)
    filled++;
  CHECK_LT(filled, 1000);
  atomic_store(&go_runs, 0);
  CHECK_ST(wp_wg_go(&wg, go_task, NULL), WP_EINVAL);
  for (int i = 0; i < accepted; i++)
    CHECK_OK(wp_wg_add(&wg, -INT_MAX));
  if (filled > 0)
    CHECK_OK(wp_wg_add(&wg, -filled));
  CHECK_OK(wp_wg_wait_timeout(&wg, 0));
  CHECK_EQ(atomic_load(&go_runs), 0);
  wp_wg_destroy(&wg);
}

/* WP_DEFER_DONE: done on early return, normal end, break, continue, and at
 * the end of an inner block. */
static int deferred(wp_wg *wg, int mode) {
  WP_DEFER_DONE(wg);
  /* Inside the scope the done has not happened yet. */
  CHECK_ST(wp_wg_wait_timeout(wg, 0), WP_EAGAIN);
  if (mode == 0)
    return 10;
  for (int i = 0; i < 3; i++) {
    if (mode == 1 && i == 1)
      return 11; /* early return from inside a loop */
  }
  return 12;
}

static void test_defer_done(void) {
  wp_wg wg = WP_WG_INIT;
  for (int mode = 0; mode < 3; mode++) {
    CHECK_OK(wp_wg_add(&wg, 1));
    CHECK_EQ(deferred(&wg, mode), 10 + mode);
    CHECK_OK(wp_wg_wait_timeout(&wg, 0));
  }

  /* Block scope. */
  CHECK_OK(wp_wg_add(&wg, 1));
  {
    WP_DEFER_DONE(&wg);
    CHECK_ST(wp_wg_wait_timeout(&wg, 0), WP_EAGAIN);
  }
  CHECK_OK(wp_wg_wait_timeout(&wg, 0));

  /* Loop bodies left by continue and by break: one done per iteration. */
  CHECK_OK(wp_wg_add(&wg, 3));
  for (int i = 0; i < 10; i++) {
    WP_DEFER_DONE(&wg);
    if (i < 2)
      continue;
    break;
  }
  CHECK_OK(wp_wg_wait_timeout(&wg, 0));

  /* Two in one scope (distinct names through __COUNTER__). */
  CHECK_OK(wp_wg_add(&wg, 2));
  {
    WP_DEFER_DONE(&wg);
    WP_DEFER_DONE(&wg);
  }
  CHECK_OK(wp_wg_wait_timeout(&wg, 0));
  wp_wg_destroy(&wg);
}

/* WP_DEFER_DONE in a thread body: the wait sees every thread's done. */
static _Atomic int defer_work;

static void defer_task(void *arg) {
  wp_wg *wg = arg;
  WP_DEFER_DONE(wg);
  atomic_fetch_add(&defer_work, 1);
}

static void test_defer_in_tasks(void) {
  enum { N = 50 };
  wp_wg wg = WP_WG_INIT;
  CHECK_OK(wp_wg_add(&wg, N));
  for (int i = 0; i < N; i++)
    CHECK_OK(wp_go(defer_task, &wg));
  CHECK_OK(wp_wg_wait(&wg));
  CHECK_EQ(atomic_load(&defer_work), N);
  wp_wg_destroy(&wg);
}

int main(void) {
  test_initialisers();
  test_null_args();
  test_negative_and_overflow();
  test_wait_timeout();
  test_add_done_wait_and_reuse();
  test_many_waiters();
  test_wg_go();
  test_defer_done();
  test_defer_in_tasks();
  return 0;
}
