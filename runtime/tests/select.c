/* wp_select: the index and status of the chosen case; receive from a
 * closed drained queue and send to a closed queue give WP_ECLOSED; NULL
 * queues are never ready; a NULL receive elem discards; timeout 0 gives
 * WP_EAGAIN, a positive one WP_ETIMEDOUT (and nothing happened); WP_EINVAL
 * cases; fairness among ready cases; send and receive cases on one queue;
 * blocked selects woken by senders, receivers, other selects and close
 * (cancellation through a `done` queue). */
#include "util.h"

static wp_queue *qnew(size_t cap) {
  wp_queue *q = wp_queue_new(sizeof(int), cap);
  CHECK_NOT_NULL(q);
  return q;
}

static void test_index_and_status(void) {
  wp_queue *a = qnew(4), *b = qnew(4), *c = qnew(4);
  int x = 42, out = -1;
  CHECK_OK(wp_queue_send(b, &x));
  wp_case cs[3] = {
      {a, WP_RECV, &out, -100},
      {b, WP_RECV, &out, -100},
      {c, WP_RECV, &out, -100},
  };
  CHECK_ST(wp_select(cs, 3, -1), 1);
  CHECK_OK(cs[1].status);
  CHECK_EQ(out, 42);
  CHECK_UEQ(wp_queue_len(b), 0);

  /* A send case: the chosen one is the only one with room. */
  int y = 5;
  for (int i = 0; i < 4; i++)
    CHECK_OK(wp_queue_send(a, &y));
  int z = 6;
  wp_case sends[2] = {{a, WP_SEND, &z, -100}, {c, WP_SEND, &z, -100}};
  CHECK_ST(wp_select(sends, 2, 0), 1);
  CHECK_OK(sends[1].status);
  CHECK_UEQ(wp_queue_len(c), 1);
  CHECK_UEQ(wp_queue_len(a), 4);
  CHECK_OK(wp_queue_recv(c, &out));
  CHECK_EQ(out, 6);

  /* A single case, with every kind of timeout. */
  wp_case one = {c, WP_SEND, &z, -100};
  CHECK_ST(wp_select(&one, 1, -1), 0);
  CHECK_OK(one.status);
  one = (wp_case){c, WP_RECV, &out, -100};
  CHECK_ST(wp_select(&one, 1, 1000), 0);
  CHECK_OK(one.status);
  CHECK_EQ(out, 6);

  /* The plain function too. */
  CHECK_OK(wp_queue_send(c, &x));
  CHECK_ST((wp_select)(&one, 1, 0), 0);
  CHECK_EQ(out, 42);
  wp_queue_free(a);
  wp_queue_free(b);
  wp_queue_free(c);
}

static void test_closed(void) {
  wp_queue *a = qnew(2), *b = qnew(0);
  int x = 1, out = -1;
  CHECK_OK(wp_queue_send(a, &x));
  CHECK_OK(wp_queue_close(a));

  /* Closed but not drained: the element first, then WP_ECLOSED. */
  wp_case cs[2] = {{b, WP_RECV, &out, -100}, {a, WP_RECV, &out, -100}};
  CHECK_ST(wp_select(cs, 2, -1), 1);
  CHECK_OK(cs[1].status);
  CHECK_EQ(out, 1);
  cs[1].status = -100;
  CHECK_ST(wp_select(cs, 2, -1), 1);
  CHECK_ST(cs[1].status, WP_ECLOSED);
  cs[1].status = -100;
  CHECK_ST(wp_select(cs, 2, 0), 1); /* closed counts as ready, even polled */
  CHECK_ST(cs[1].status, WP_ECLOSED);

  /* Send to a closed queue: WP_ECLOSED, nothing sent. */
  wp_queue *c = qnew(4);
  CHECK_OK(wp_queue_close(c));
  wp_case s[2] = {{b, WP_SEND, &x, -100}, {c, WP_SEND, &x, -100}};
  CHECK_ST(wp_select(s, 2, -1), 1);
  CHECK_ST(s[1].status, WP_ECLOSED);
  CHECK_UEQ(wp_queue_len(c), 0);
  CHECK_ST(wp_queue_recv(c, &out), WP_ECLOSED);

  /* A closed unbuffered queue is ready for both kinds of case. */
  CHECK_OK(wp_queue_close(b));
  wp_case u = {b, WP_RECV, &out, -100};
  CHECK_ST(wp_select(&u, 1, 0), 0);
  CHECK_ST(u.status, WP_ECLOSED);
  u = (wp_case){b, WP_SEND, &x, -100};
  CHECK_ST(wp_select(&u, 1, 0), 0);
  CHECK_ST(u.status, WP_ECLOSED);
  wp_queue_free(a);
  wp_queue_free(b);
  wp_queue_free(c);
}

static void test_null_queue_cases(void) {
  wp_queue *q = qnew(4);
  int x = 3, out = -1;
  CHECK_OK(wp_queue_send(q, &x));
  wp_case cs[3] = {
      {NULL, WP_RECV, &out, -100},
      {q, WP_RECV, &out, -100},
      {NULL, WP_SEND, &x, -100},
  };
  for (int i = 0; i < 200; i++) {
    CHECK_ST(wp_select(cs, 3, -1), 1);
    CHECK_OK(cs[1].status);
    CHECK_EQ(out, 3);
    CHECK_OK(wp_queue_send(q, &x));
  }
  /* Only NULL queues: never ready. */
  wp_case nulls[2] = {{NULL, WP_RECV, &out, -100}, {NULL, WP_SEND, &x, -100}};
  CHECK_ST(wp_select(nulls, 2, 0), WP_EAGAIN);
  CHECK_ST(wp_select(nulls, 2, 5), WP_ETIMEDOUT);
  CHECK_ST(wp_select(nulls, 2, -1), WP_EINVAL); /* would block forever */
  /* n == 0 */
  CHECK_ST(wp_select(NULL, 0, 0), WP_EAGAIN);
  CHECK_ST(wp_select(NULL, 0, 5), WP_ETIMEDOUT);
  CHECK_ST(wp_select(NULL, 0, -1), WP_EINVAL);
  CHECK_ST(wp_select(cs, 0, -1), WP_EINVAL);
  CHECK_ST(wp_select(cs, 0, 0), WP_EAGAIN);
  CHECK_UEQ(wp_queue_len(q), 1);
  wp_queue_free(q);
}

static void test_discard(void) {
  wp_queue *q = qnew(4);
  int x = 11;
  CHECK_OK(wp_queue_send(q, &x));
  CHECK_OK(wp_queue_send(q, &x));
  wp_case c = {q, WP_RECV, NULL, -100};
  CHECK_ST(wp_select(&c, 1, -1), 0);
  CHECK_OK(c.status);
  CHECK_UEQ(wp_queue_len(q), 1);
  CHECK_ST(wp_select(&c, 1, 0), 0);
  CHECK_UEQ(wp_queue_len(q), 0);
  CHECK_ST(wp_select(&c, 1, 0), WP_EAGAIN);
  wp_queue_free(q);
}

static void test_timeouts(void) {
  wp_queue *a = qnew(0), *b = qnew(1);
  int x = 8, out = -1;
  CHECK_OK(wp_queue_send(b, &x)); /* b full: a send case on it is not ready */
  wp_case cs[3] = {
      {a, WP_RECV, &out, -100},
      {a, WP_SEND, &x, -100},
      {b, WP_SEND, &x, -100},
  };
  CHECK_ST(wp_select(cs, 3, 0), WP_EAGAIN);
  CHECK_ST(wp_select(cs, 3, 10), WP_ETIMEDOUT);
  CHECK_EQ(out, -1);
  /* Nothing happened: no stale waiter remains on a, b holds only x. */
  CHECK_ST(wp_queue_try_send(a, &x), WP_EAGAIN);
  CHECK_ST(wp_queue_try_recv(a, &out), WP_EAGAIN);
  CHECK_UEQ(wp_queue_len(b), 1);
  for (int i = 0; i < 20; i++)
    CHECK_ST(wp_select(cs, 3, 1), WP_ETIMEDOUT);
  CHECK_ST(wp_queue_try_send(a, &x), WP_EAGAIN);
  CHECK_ST(wp_queue_try_recv(a, &out), WP_EAGAIN);
  CHECK_OK(wp_queue_recv(b, &out));
  CHECK_EQ(out, 8);
  CHECK_ST(wp_queue_try_recv(b, &out), WP_EAGAIN);
  wp_queue_free(a);
  wp_queue_free(b);
}

static void test_einval(void) {
  wp_queue *q = qnew(4);
  int x = 1;
  CHECK_ST(wp_select(NULL, 1, 0), WP_EINVAL);
  CHECK_ST(wp_select(NULL, 1, -1), WP_EINVAL);
  CHECK_ST(wp_select(NULL, 3, 10), WP_EINVAL);
  wp_case bad_op[2] = {{q, WP_SEND, &x, -100}, {q, 0, &x, -100}};
  CHECK_ST(wp_select(bad_op, 2, 0), WP_EINVAL);
  bad_op[1].op = 3;
  CHECK_ST(wp_select(bad_op, 2, -1), WP_EINVAL);
  bad_op[1].op = -1;
  CHECK_ST(wp_select(bad_op, 2, 10), WP_EINVAL);
  bad_op[1].op = 1000;
  CHECK_ST(wp_select(bad_op, 2, 0), WP_EINVAL);
  /* An unknown op on a NULL queue is still an unknown op. */
  wp_case bad_null[2] = {{q, WP_SEND, &x, -100}, {NULL, 7, &x, -100}};
  CHECK_ST(wp_select(bad_null, 2, 0), WP_EINVAL);
  /* Send case with a NULL elem. */
  wp_case bad_send[2] = {{q, WP_RECV, NULL, -100}, {q, WP_SEND, NULL, -100}};
  CHECK_ST(wp_select(bad_send, 2, 0), WP_EINVAL);
  CHECK_ST(wp_select(bad_send, 2, -1), WP_EINVAL);
  /* n too large. */
  wp_case ok = {q, WP_SEND, &x, -100};
  CHECK_ST(wp_select(&ok, SIZE_MAX, 0), WP_EINVAL);
  CHECK_ST(wp_select(&ok, SIZE_MAX / sizeof(wp_case) + 1, 0), WP_EINVAL);
  CHECK_ST(wp_select(&ok, (size_t)1 << 40, -1), WP_EINVAL);
  /* None of the invalid selects sent anything (every valid case above was
   * ready, so a select that did not check first would have). */
  CHECK_UEQ(wp_queue_len(q), 0);
  wp_queue_free(q);
}

/* Among ready cases each is chosen uniformly at random: over 100000 selects
 * on always-ready cases each gets between 45% and 55% (two cases) or close
 * to a third (three cases).  A statistical bound, not a timed one: for a
 * fair choice a deviation this large has probability below 1e-100. */
static void test_fairness_recv(void) {
  enum { ROUNDS = 100000 };
  wp_queue *a = qnew(2), *b = qnew(2);
  int x = 1, out;
  CHECK_OK(wp_queue_send(a, &x));
  CHECK_OK(wp_queue_send(b, &x));
  wp_case cs[2] = {{a, WP_RECV, &out, 0}, {b, WP_RECV, &out, 0}};
  long count[2] = {0, 0};
  for (int i = 0; i < ROUNDS; i++) {
    int r = wp_select(cs, 2, -1);
    CHECK(r == 0 || r == 1);
    CHECK_OK(cs[r].status);
    count[r]++;
    CHECK_OK(wp_queue_send(cs[r].q, &x)); /* ready again */
  }
  CHECK_GE(count[0], ROUNDS * 45 / 100);
  CHECK_LE(count[0], ROUNDS * 55 / 100);
  CHECK_GE(count[1], ROUNDS * 45 / 100);
  CHECK_LE(count[1], ROUNDS * 55 / 100);
  wp_queue_free(a);
  wp_queue_free(b);
}

static void test_fairness_three_mixed(void) {
  enum { ROUNDS = 90000 };
  wp_queue *a = qnew(2), *b = qnew(2), *c = qnew(1);
  int x = 1, out;
  CHECK_OK(wp_queue_send(a, &x));
  /* a: receive ready; b: send ready (empty); c: closed, receive ready. */
  CHECK_OK(wp_queue_close(c));
  wp_case cs[3] = {
      {a, WP_RECV, &out, 0}, {b, WP_SEND, &x, 0}, {c, WP_RECV, NULL, 0}};
  long count[3] = {0, 0, 0};
  for (int i = 0; i < ROUNDS; i++) {
    int r = wp_select(cs, 3, 0);
    CHECK(r >= 0 && r <= 2);
    count[r]++;
    if (r == 0) {
      CHECK_OK(cs[0].status);
      CHECK_OK(wp_queue_send(a, &x));
    } else if (r == 1) {
      CHECK_OK(cs[1].status);
      CHECK_OK(wp_queue_recv(b, &out));
    } else {
      CHECK_ST(cs[2].status, WP_ECLOSED);
    }
  }
  for (int k = 0; k < 3; k++) {
    CHECK_GE(count[k], ROUNDS * 30 / 100);
    CHECK_LE(count[k], ROUNDS * 37 / 100);
  }
  wp_queue_free(a);
  wp_queue_free(b);
  wp_queue_free(c);
}

/* Send and receive cases on the same queue. */
static void test_same_queue_send_recv(void) {
  wp_queue *q = qnew(1);
  int in = 21, out = -1;
  wp_case cs[2] = {{q, WP_SEND, &in, -100}, {q, WP_RECV, &out, -100}};
  /* empty: only the send is ready */
  CHECK_ST(wp_select(cs, 2, -1), 0);
  CHECK_UEQ(wp_queue_len(q), 1);
  /* full: only the receive is ready */
  CHECK_ST(wp_select(cs, 2, -1), 1);
  CHECK_EQ(out, 21);
  CHECK_UEQ(wp_queue_len(q), 0);
  wp_queue_free(q);

  /* capacity 2 with one element: both ready, both get chosen. */
  q = qnew(2);
  cs[0].q = cs[1].q = q;
  CHECK_OK(wp_queue_send(q, &in));
  int chosen[2] = {0, 0};
  for (int i = 0; i < 1000; i++) {
    int r = wp_select(cs, 2, 0);
    CHECK(r == 0 || r == 1);
    chosen[r]++;
    CHECK_UEQ(wp_queue_len(q), r == 0 ? 2 : 0);
    /* back to one element */
    if (r == 0)
      CHECK_OK(wp_queue_recv(q, &out));
    else
      CHECK_OK(wp_queue_send(q, &in));
  }
  CHECK_GT(chosen[0], 0);
  CHECK_GT(chosen[1], 0);
  wp_queue_free(q);

  /* Unbuffered: a select cannot meet itself. */
  q = qnew(0);
  cs[0].q = cs[1].q = q;
  CHECK_ST(wp_select(cs, 2, 0), WP_EAGAIN);
  CHECK_ST(wp_select(cs, 2, 10), WP_ETIMEDOUT);
  CHECK_ST(wp_queue_try_recv(q, &out), WP_EAGAIN);
  wp_queue_free(q);
}

/* --- blocked selects ------------------------------------------------------ */

struct selector {
  wp_case cases[4];
  size_t n;
  long timeout;
  int result;
};

static void *selector_main(void *arg) {
  struct selector *s = arg;
  s->result = wp_select(s->cases, s->n, s->timeout);
  return NULL;
}

static void test_blocked_select_woken(void) {
  wp_queue *a = qnew(0), *b = qnew(2), *c = qnew(0);
  int out = -1;
  /* Woken by a plain send on the third queue. */
  struct selector s = {{{a, WP_RECV, &out, -100},
                        {b, WP_RECV, &out, -100},
                        {c, WP_RECV, &out, -100}},
                       3,
                       -1,
                       -100};
  pthread_t t = util_thread(selector_main, &s);
  util_sleep_ms(10);
  int v = 31;
  CHECK_OK(wp_queue_send(c, &v)); /* unbuffered: returns once taken */
  util_join(t);
  CHECK_ST(s.result, 2);
  CHECK_OK(s.cases[2].status);
  CHECK_EQ(out, 31);

  /* A select blocked on a send to an unbuffered queue, woken by a plain
   * receive. */
  int payload = 77;
  struct selector ss = {
      {{a, WP_SEND, &payload, -100}, {c, WP_SEND, &payload, -100}},
      2,
      600000,
      -100};
  t = util_thread(selector_main, &ss);
  util_sleep_ms(10);
  v = -1;
  CHECK_OK(wp_queue_recv(a, &v));
  util_join(t);
  CHECK_ST(ss.result, 0);
  CHECK_OK(ss.cases[0].status);
  CHECK_EQ(v, 77);
  CHECK_ST(wp_queue_try_recv(c, &v), WP_EAGAIN); /* the other case withdrew */

  /* A select meets a select. */
  for (int i = 0; i < 50; i++) {
    int sent = 1000 + i, got = -1;
    struct selector tx = {
        {{a, WP_SEND, &sent, -100}, {NULL, WP_RECV, NULL, -100}}, 2, -1, -100};
    struct selector rx = {
        {{c, WP_RECV, &got, -100}, {a, WP_RECV, &got, -100}}, 2, -1, -100};
    pthread_t t1 = util_thread(selector_main, i % 2 ? &tx : &rx);
    pthread_t t2 = util_thread(selector_main, i % 2 ? &rx : &tx);
    util_join(t1);
    util_join(t2);
    CHECK_ST(tx.result, 0);
    CHECK_OK(tx.cases[0].status);
    CHECK_ST(rx.result, 1);
    CHECK_OK(rx.cases[1].status);
    CHECK_EQ(got, 1000 + i);
  }
  /* A select receiving from an unbuffered queue with a sender waiting. */
  struct selector plain_tx = {{{c, WP_SEND, &payload, -100}}, 1, -1, -100};
  t = util_thread(selector_main, &plain_tx);
  wp_case rc = {c, WP_RECV, &v, -100};
  unsigned spins = 0;
  int r;
  while ((r = wp_select(&rc, 1, 0)) == WP_EAGAIN)
    util_backoff(&spins);
  CHECK_ST(r, 0);
  CHECK_EQ(v, 77);
  util_join(t);
  CHECK_ST(plain_tx.result, 0);
  wp_queue_free(a);
  wp_queue_free(b);
  wp_queue_free(c);
}

/* Cancellation: several threads blocked in select on work that never comes
 * and on a `done` queue; closing done wakes them all with WP_ECLOSED. */
static void test_cancel_by_close(void) {
  enum { N = 6 };
  wp_queue *work = qnew(0), *done = qnew(0);
  struct selector s[N];
  pthread_t t[N];
  int outs[N];
  for (int i = 0; i < N; i++) {
    s[i] = (struct selector){
        {{work, WP_RECV, &outs[i], -100}, {done, WP_RECV, NULL, -100}},
        2,
        i % 2 ? -1 : 600000,
        -100};
    t[i] = util_thread(selector_main, &s[i]);
  }
  util_sleep_ms(30);
  CHECK_OK(wp_queue_close(done));
  for (int i = 0; i < N; i++) {
    util_join(t[i]);
    CHECK_ST(s[i].result, 1);
    CHECK_ST(s[i].cases[1].status, WP_ECLOSED);
  }
  /* None of them is left waiting on work. */
  int x = 1;
  CHECK_ST(wp_queue_try_send(work, &x), WP_EAGAIN);
  wp_queue_free(work);
  wp_queue_free(done);
}

/* Close wakes a select blocked on a send as well. */
static void test_close_wakes_send_case(void) {
  wp_queue *q = qnew(0);
  int x = 4;
  struct selector s = {{{q, WP_SEND, &x, -100}}, 1, -1, -100};
  pthread_t t = util_thread(selector_main, &s);
  util_sleep_ms(10);
  CHECK_OK(wp_queue_close(q));
  util_join(t);
  CHECK_ST(s.result, 0);
  CHECK_ST(s.cases[0].status, WP_ECLOSED);
  wp_queue_free(q);
}

/* Many cases (more than any small fixed array), larger elements. */
struct blob {
  unsigned char b[100];
};

static void test_many_cases(void) {
  enum { N = 200 };
  wp_queue *qs[N];
  wp_case cs[N];
  struct blob out;
  for (int i = 0; i < N; i++) {
    qs[i] = wp_queue_new(sizeof(struct blob), 1);
    CHECK_NOT_NULL(qs[i]);
    cs[i] = (wp_case){qs[i], WP_RECV, &out, -100};
  }
  CHECK_ST(wp_select(cs, N, 0), WP_EAGAIN);
  struct blob in;
  memset(&in, 0xab, sizeof in);
  CHECK_OK(wp_queue_send(qs[N - 3], &in));
  CHECK_ST(wp_select(cs, N, -1), N - 3);
  CHECK(memcmp(&in, &out, sizeof in) == 0);
  CHECK_ST(wp_select(cs, N, 5), WP_ETIMEDOUT);
  for (int i = 0; i < N; i++)
    wp_queue_free(qs[i]);
}

int main(void) {
  test_index_and_status();
  test_closed();
  test_null_queue_cases();
  test_discard();
  test_timeouts();
  test_einval();
  test_fairness_recv();
  test_fairness_three_mixed();
  test_same_queue_send_recv();
  test_blocked_select_woken();
  test_cancel_by_close();
  test_close_wakes_send_case();
  test_many_cases();
  return 0;
}
