/* Timed queue operations: WP_ETIMEDOUT when nothing happened in time, and
 * then the element was really not sent / not received (no stale waiter left
 * behind to take or deliver it later); WP_EAGAIN for a 0 timeout; and the
 * race between a timeout and a partner arriving is all-or-nothing.  No
 * elapsed time is ever asserted. */
#include "util.h"

static void test_buffered_timeouts(void) {
  wp_queue *q = wp_queue_new(sizeof(int), 2);
  CHECK_NOT_NULL(q);
  int v = -1;
  CHECK_ST(wp_queue_recv_timeout(q, &v, 20), WP_ETIMEDOUT);
  CHECK_ST(wp_queue_recv_timeout(q, &v, 0), WP_EAGAIN);
  CHECK_EQ(v, -1);

  int a = 1, b = 2, c = 3;
  CHECK_OK(wp_queue_send(q, &a));
  CHECK_OK(wp_queue_send(q, &b));
  CHECK_ST(wp_queue_send_timeout(q, &c, 20), WP_ETIMEDOUT);
  CHECK_ST(wp_queue_send_timeout(q, &c, 0), WP_EAGAIN);
  CHECK_UEQ(wp_queue_len(q), 2);
  CHECK_OK(wp_queue_recv(q, &v));
  CHECK_EQ(v, 1);
  CHECK_OK(wp_queue_recv(q, &v));
  CHECK_EQ(v, 2);
  /* c was never sent. */
  CHECK_ST(wp_queue_try_recv(q, &v), WP_EAGAIN);
  CHECK_UEQ(wp_queue_len(q), 0);
  wp_queue_free(q);
}

static void test_unbuffered_timeouts(void) {
  wp_queue *q = wp_queue_new(sizeof(int), 0);
  CHECK_NOT_NULL(q);
  int v = -1, x = 9;
  for (int i = 0; i < 20; i++) {
    CHECK_ST(wp_queue_recv_timeout(q, &v, 1 + i % 3), WP_ETIMEDOUT);
    /* The timed-out receiver is gone: nobody takes a polled send. */
    CHECK_ST(wp_queue_try_send(q, &x), WP_EAGAIN);
    CHECK_ST(wp_queue_send_timeout(q, &x, 0), WP_EAGAIN);

    CHECK_ST(wp_queue_send_timeout(q, &x, 1 + i % 3), WP_ETIMEDOUT);
    /* The timed-out sender's element is gone too. */
    CHECK_ST(wp_queue_try_recv(q, &v), WP_EAGAIN);
    CHECK_ST(wp_queue_recv_timeout(q, &v, 0), WP_EAGAIN);
  }
  CHECK_EQ(v, -1);
  wp_queue_free(q);
}

/* Many receivers time out on an unbuffered queue; afterwards a new
 * receiver is the only one a sender can meet, and gets the element. */
struct timed_recv {
  wp_queue *q;
  long timeout;
  int value;
  int rc;
};

static void *timed_recv_main(void *arg) {
  struct timed_recv *r = arg;
  r->rc = wp_queue_recv_timeout(r->q, &r->value, r->timeout);
  return NULL;
}

static void test_stale_waiters(void) {
  enum { N = 8 };
  wp_queue *q = wp_queue_new(sizeof(int), 0);
  CHECK_NOT_NULL(q);
  struct timed_recv r[N];
  pthread_t t[N];
  for (int i = 0; i < N; i++) {
    r[i] = (struct timed_recv){q, 5, -1, -100};
    t[i] = util_thread(timed_recv_main, &r[i]);
  }
  for (int i = 0; i < N; i++) {
    util_join(t[i]);
    CHECK_ST(r[i].rc, WP_ETIMEDOUT);
  }
  int x = 77;
  CHECK_ST(wp_queue_try_send(q, &x), WP_EAGAIN);
  struct timed_recv live = {q, -1, -1, -100};
  pthread_t lt = util_thread(timed_recv_main, &live);
  CHECK_OK(wp_queue_send(q, &x));
  util_join(lt);
  CHECK_OK(live.rc);
  CHECK_EQ(live.value, 77);
  wp_queue_free(q);
}

/* A sender with a short timeout races a receiver with a short timeout on an
 * unbuffered queue: either both succeed with the same element or neither
 * does. */
struct timed_send {
  wp_queue *q;
  int value;
  long timeout;
  int rc;
};

static void *timed_send_main(void *arg) {
  struct timed_send *s = arg;
  s->rc = wp_queue_send_timeout(s->q, &s->value, s->timeout);
  return NULL;
}

static void test_timeout_race(void) {
  wp_queue *q = wp_queue_new(sizeof(int), 0);
  CHECK_NOT_NULL(q);
  int both = 0, neither = 0;
  for (int i = 0; i < 300; i++) {
    struct timed_send s = {q, i, 1 + i % 2, -100};
    pthread_t t = util_thread(timed_send_main, &s);
    int v = -1;
    int rc = wp_queue_recv_timeout(q, &v, 1 + (i / 2) % 2);
    util_join(t);
    if (rc == WP_OK) {
      CHECK_OK(s.rc);
      CHECK_EQ(v, i);
      both++;
    } else {
      CHECK_ST(rc, WP_ETIMEDOUT);
      CHECK_ST(s.rc, WP_ETIMEDOUT);
      neither++;
    }
    /* Nothing left over either way. */
    CHECK_ST(wp_queue_try_recv(q, &v), WP_EAGAIN);
    CHECK_ST(wp_queue_try_send(q, &v), WP_EAGAIN);
  }
  CHECK_EQ(both + neither, 300);
  wp_queue_free(q);
}

/* The same race on a buffered queue of capacity 1: a successful send is
 * received exactly once, now or by the drain. */
static void test_timeout_race_buffered(void) {
  wp_queue *q = wp_queue_new(sizeof(int), 1);
  CHECK_NOT_NULL(q);
  int filler = -5;
  for (int i = 0; i < 200; i++) {
    CHECK_OK(wp_queue_send(q, &filler)); /* full: the sender must wait */
    struct timed_send s = {q, i, 1 + i % 3, -100};
    pthread_t t = util_thread(timed_send_main, &s);
    int v = -1;
    CHECK_OK(wp_queue_recv(q, &v));
    CHECK_EQ(v, -5);
    util_join(t);
    if (s.rc == WP_OK) {
      CHECK_OK(wp_queue_try_recv(q, &v));
      CHECK_EQ(v, i);
    } else {
      CHECK_ST(s.rc, WP_ETIMEDOUT);
    }
    CHECK_ST(wp_queue_try_recv(q, &v), WP_EAGAIN);
  }
  wp_queue_free(q);
}

int main(void) {
  test_buffered_timeouts();
  test_unbuffered_timeouts();
  test_stale_waiters();
  test_timeout_race();
  test_timeout_race_buffered();
  return 0;
}
