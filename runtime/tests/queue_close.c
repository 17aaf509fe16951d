/* Closing queues: receivers drain what is left and then get WP_ECLOSED;
 * sends after close fail; double close fails; close wakes every blocked
 * receiver and every blocked sender (senders get WP_ECLOSED and their
 * elements are not delivered), on buffered and unbuffered queues, and for
 * the blocking, timed and polling variants. */
#include "util.h"

static void test_drain_then_closed(void) {
  wp_queue *q = wp_queue_new(sizeof(int), 8);
  CHECK_NOT_NULL(q);
  for (int i = 0; i < 5; i++)
    CHECK_OK(wp_queue_send(q, &i));
  CHECK_OK(wp_queue_close(q));
  CHECK_UEQ(wp_queue_len(q), 5);
  CHECK_UEQ(wp_queue_cap(q), 8);

  int x = 99;
  CHECK_ST(wp_queue_send(q, &x), WP_ECLOSED);
  CHECK_ST(wp_queue_try_send(q, &x), WP_ECLOSED);
  CHECK_ST(wp_queue_send_timeout(q, &x, 0), WP_ECLOSED);
  CHECK_ST(wp_queue_send_timeout(q, &x, 50), WP_ECLOSED);
  CHECK_UEQ(wp_queue_len(q), 5);

  /* Draining works with every receive variant, in order. */
  int v = -1;
  CHECK_OK(wp_queue_recv(q, &v));
  CHECK_EQ(v, 0);
  CHECK_OK(wp_queue_try_recv(q, &v));
  CHECK_EQ(v, 1);
  CHECK_OK(wp_queue_recv_timeout(q, &v, 0));
  CHECK_EQ(v, 2);
  CHECK_OK(wp_queue_recv_timeout(q, &v, -1));
  CHECK_EQ(v, 3);
  CHECK_OK(wp_queue_recv_timeout(q, &v, 100));
  CHECK_EQ(v, 4);
  CHECK_UEQ(wp_queue_len(q), 0);

  /* Then closed, for every variant, again and again (never EAGAIN). */
  for (int i = 0; i < 3; i++) {
    v = -1;
    CHECK_ST(wp_queue_recv(q, &v), WP_ECLOSED);
    CHECK_ST(wp_queue_try_recv(q, &v), WP_ECLOSED);
    CHECK_ST(wp_queue_recv_timeout(q, &v, 0), WP_ECLOSED);
    CHECK_ST(wp_queue_recv_timeout(q, &v, 50), WP_ECLOSED);
  }

  /* Double close. */
  CHECK_ST(wp_queue_close(q), WP_ECLOSED);
  CHECK_ST(wp_queue_close(q), WP_ECLOSED);
  wp_queue_free(q);
}

static void test_close_full_and_empty(void) {
  /* A full closed queue: send is WP_ECLOSED, not WP_EAGAIN. */
  wp_queue *q = wp_queue_new(sizeof(int), 1);
  CHECK_NOT_NULL(q);
  int one = 1;
  CHECK_OK(wp_queue_send(q, &one));
  CHECK_OK(wp_queue_close(q));
  CHECK_ST(wp_queue_try_send(q, &one), WP_ECLOSED);
  CHECK_ST(wp_queue_send_timeout(q, &one, 0), WP_ECLOSED);
  int v = 0;
  CHECK_OK(wp_queue_recv(q, &v));
  CHECK_EQ(v, 1);
  CHECK_ST(wp_queue_recv(q, &v), WP_ECLOSED);
  wp_queue_free(q);

  /* An empty closed unbuffered queue. */
  q = wp_queue_new(sizeof(int), 0);
  CHECK_NOT_NULL(q);
  CHECK_OK(wp_queue_close(q));
  CHECK_ST(wp_queue_recv(q, &v), WP_ECLOSED);
  CHECK_ST(wp_queue_try_recv(q, &v), WP_ECLOSED);
  CHECK_ST(wp_queue_send(q, &one), WP_ECLOSED);
  CHECK_ST(wp_queue_try_send(q, &one), WP_ECLOSED);
  CHECK_ST(wp_queue_close(q), WP_ECLOSED);
  wp_queue_free(q);

  /* A queue closed before it was ever used can be freed; so can a closed
   * queue still holding elements. */
  q = wp_queue_new(sizeof(int), 4);
  CHECK_NOT_NULL(q);
  CHECK_OK(wp_queue_send(q, &one));
  CHECK_OK(wp_queue_close(q));
  wp_queue_free(q);
}

/* Blocked operations woken by close. */
enum how { PLAIN, TIMED };

struct blocked {
  wp_queue *q;
  enum how how;
  int value;
  int rc;
};

static _Atomic int started;

static void *recv_thread(void *arg) {
  struct blocked *b = arg;
  atomic_fetch_add(&started, 1);
  b->rc = b->how == PLAIN ? wp_queue_recv(b->q, &b->value)
                          : wp_queue_recv_timeout(b->q, &b->value, 600000);
  return NULL;
}

static void *send_thread(void *arg) {
  struct blocked *b = arg;
  atomic_fetch_add(&started, 1);
  b->rc = b->how == PLAIN ? wp_queue_send(b->q, &b->value)
                          : wp_queue_send_timeout(b->q, &b->value, 600000);
  return NULL;
}

static void wait_started(int n) {
  unsigned spins = 0;
  while (atomic_load(&started) < n)
    util_backoff(&spins);
  util_sleep_ms(30); /* from "about to block" to "blocked" (likely) */
}

static void test_close_wakes_receivers(size_t cap) {
  enum { N = 6 };
  wp_queue *q = wp_queue_new(sizeof(int), cap);
  CHECK_NOT_NULL(q);
  struct blocked b[N];
  pthread_t t[N];
  atomic_store(&started, 0);
  for (int i = 0; i < N; i++) {
    b[i] = (struct blocked){q, i % 2 ? TIMED : PLAIN, -1, -100};
    t[i] = util_thread(recv_thread, &b[i]);
  }
  wait_started(N);
  CHECK_OK(wp_queue_close(q));
  for (int i = 0; i < N; i++) {
    util_join(t[i]);
    CHECK_ST(b[i].rc, WP_ECLOSED);
  }
  wp_queue_free(q);
}

static void test_close_wakes_senders(size_t cap) {
  enum { N = 6 };
  wp_queue *q = wp_queue_new(sizeof(int), cap);
  CHECK_NOT_NULL(q);
  /* Fill the buffer so that the senders below block. */
  for (size_t i = 0; i < cap; i++) {
    int v = 1000 + (int)i;
    CHECK_OK(wp_queue_send(q, &v));
  }
  struct blocked b[N];
  pthread_t t[N];
  atomic_store(&started, 0);
  for (int i = 0; i < N; i++) {
    b[i] = (struct blocked){q, i % 2 ? TIMED : PLAIN, i, -100};
    t[i] = util_thread(send_thread, &b[i]);
  }
  wait_started(N);
  CHECK_OK(wp_queue_close(q));
  for (int i = 0; i < N; i++) {
    util_join(t[i]);
    CHECK_ST(b[i].rc, WP_ECLOSED);
  }
  /* Only what was buffered before the close is received: none of the
   * blocked senders' elements. */
  for (size_t i = 0; i < cap; i++) {
    int v = -1;
    CHECK_OK(wp_queue_recv(q, &v));
    CHECK_EQ(v, 1000 + (int)i);
  }
  int v = -1;
  CHECK_ST(wp_queue_recv(q, &v), WP_ECLOSED);
  CHECK_ST(wp_queue_try_recv(q, &v), WP_ECLOSED);
  wp_queue_free(q);
}

/* Receivers and senders blocked at once cannot happen on one queue (a
 * sender would feed a receiver), but close must wake both kinds on two
 * queues closed one after the other without disturbing the other. */
static void test_close_one_of_two(void) {
  wp_queue *a = wp_queue_new(sizeof(int), 0);
  wp_queue *b = wp_queue_new(sizeof(int), 0);
  CHECK_NOT_NULL(a);
  CHECK_NOT_NULL(b);
  struct blocked ra = {a, PLAIN, -1, -100};
  struct blocked rb = {b, PLAIN, -1, -100};
  atomic_store(&started, 0);
  pthread_t ta = util_thread(recv_thread, &ra);
  pthread_t tb = util_thread(recv_thread, &rb);
  wait_started(2);
  CHECK_OK(wp_queue_close(a));
  util_join(ta);
  CHECK_ST(ra.rc, WP_ECLOSED);
  /* b's receiver is still waiting and gets a real element. */
  int seven = 7;
  CHECK_OK(wp_queue_send(b, &seven));
  util_join(tb);
  CHECK_OK(rb.rc);
  CHECK_EQ(rb.value, 7);
  wp_queue_free(a);
  wp_queue_free(b);
}

int main(void) {
  test_drain_then_closed();
  test_close_full_and_empty();
  test_close_wakes_receivers(0);
  test_close_wakes_receivers(4);
  test_close_wakes_senders(0);
  test_close_wakes_senders(1);
  test_close_wakes_senders(3);
  test_close_one_of_two();
  return 0;
}
