/* Queues: wp_queue_new's argument checks, send/recv/try_send/try_recv on
 * buffered queues, FIFO order across the ring's wrap-around, len/cap, large
 * elements, blocked senders and receivers woken by the other side, and NULL
 * arguments everywhere. */
#include <stdint.h>

#include "util.h"

static void test_new_args(void) {
  /* elem_size 0 */
  CHECK_NULL(wp_queue_new(0, 0));
  CHECK_NULL(wp_queue_new(0, 16));
  /* capacity * elem_size overflows size_t */
  CHECK_NULL(wp_queue_new(SIZE_MAX / 2, 4));
  CHECK_NULL(wp_queue_new(4, SIZE_MAX / 2));
  CHECK_NULL(wp_queue_new(SIZE_MAX, 2));
  CHECK_NULL(wp_queue_new(2, SIZE_MAX));
  CHECK_NULL(wp_queue_new((size_t)1 << 33, (size_t)1 << 33));
  /* no overflow, but absurdly large */
  CHECK_NULL(wp_queue_new(1, SIZE_MAX));
  CHECK_NULL(wp_queue_new(SIZE_MAX, 1));
  CHECK_NULL(wp_queue_new(8, SIZE_MAX / 8));
  CHECK_NULL(wp_queue_new(SIZE_MAX - 64, 0 + 1));

  /* Valid shapes. */
  wp_queue *q = wp_queue_new(sizeof(int), 4);
  CHECK_NOT_NULL(q);
  CHECK_UEQ(wp_queue_cap(q), 4);
  CHECK_UEQ(wp_queue_len(q), 0);
  wp_queue_free(q);

  q = wp_queue_new(sizeof(int), 0);
  CHECK_NOT_NULL(q);
  CHECK_UEQ(wp_queue_cap(q), 0);
  CHECK_UEQ(wp_queue_len(q), 0);
  wp_queue_free(q);

  q = wp_queue_new(1, 1);
  CHECK_NOT_NULL(q);
  CHECK_UEQ(wp_queue_cap(q), 1);
  wp_queue_free(q);

  /* A huge element size with capacity 0 needs no buffer. */
  q = wp_queue_new(1 << 20, 0);
  CHECK_NOT_NULL(q);
  wp_queue_free(q);
}

static void test_null_args(void) {
  int x = 7;
  wp_queue *q = wp_queue_new(sizeof(int), 2);
  CHECK_NOT_NULL(q);

  CHECK_ST(wp_queue_send(NULL, &x), WP_EINVAL);
  CHECK_ST(wp_queue_send(q, NULL), WP_EINVAL);
  CHECK_ST(wp_queue_try_send(NULL, &x), WP_EINVAL);
  CHECK_ST(wp_queue_try_send(q, NULL), WP_EINVAL);
  CHECK_ST(wp_queue_send_timeout(NULL, &x, 10), WP_EINVAL);
  CHECK_ST(wp_queue_send_timeout(q, NULL, 10), WP_EINVAL);
  CHECK_ST(wp_queue_send_timeout(q, NULL, -1), WP_EINVAL);
  CHECK_UEQ(wp_queue_len(q), 0); /* none of them sent anything */

  CHECK_OK(wp_queue_send(q, &x));
  CHECK_ST(wp_queue_recv(NULL, &x), WP_EINVAL);
  CHECK_ST(wp_queue_recv(q, NULL), WP_EINVAL);
  CHECK_ST(wp_queue_try_recv(NULL, &x), WP_EINVAL);
  CHECK_ST(wp_queue_try_recv(q, NULL), WP_EINVAL);
  CHECK_ST(wp_queue_recv_timeout(NULL, &x, 10), WP_EINVAL);
  CHECK_ST(wp_queue_recv_timeout(q, NULL, 10), WP_EINVAL);
  CHECK_ST(wp_queue_recv_timeout(q, NULL, -1), WP_EINVAL);
  CHECK_UEQ(wp_queue_len(q), 1); /* none of them took the element */

  CHECK_ST(wp_queue_close(NULL), WP_EINVAL);
  CHECK_UEQ(wp_queue_len(NULL), 0);
  CHECK_UEQ(wp_queue_cap(NULL), 0);
  wp_queue_free(NULL);

  /* The plain functions behave alike. */
  CHECK_ST((wp_queue_send)(NULL, &x), WP_EINVAL);
  CHECK_ST((wp_queue_recv)(q, NULL), WP_EINVAL);
  CHECK_ST((wp_queue_close)(NULL), WP_EINVAL);
  (wp_queue_free)(NULL);

  int y = 0;
  CHECK_OK(wp_queue_recv(q, &y));
  CHECK_EQ(y, 7);
  wp_queue_free(q);
}

static void test_try_and_len(void) {
  wp_queue *q = wp_queue_new(sizeof(int), 3);
  CHECK_NOT_NULL(q);
  int v = -1;
  CHECK_ST(wp_queue_try_recv(q, &v), WP_EAGAIN);
  CHECK_EQ(v, -1);
  CHECK_ST(wp_queue_recv_timeout(q, &v, 0), WP_EAGAIN);
  for (int i = 1; i <= 3; i++) {
    CHECK_OK(wp_queue_try_send(q, &i));
    CHECK_UEQ(wp_queue_len(q), (size_t)i);
  }
  int four = 4;
  CHECK_ST(wp_queue_try_send(q, &four), WP_EAGAIN);
  CHECK_ST(wp_queue_send_timeout(q, &four, 0), WP_EAGAIN);
  CHECK_UEQ(wp_queue_len(q), 3);
  CHECK_UEQ(wp_queue_cap(q), 3);
  for (int i = 1; i <= 3; i++) {
    CHECK_OK(wp_queue_try_recv(q, &v));
    CHECK_EQ(v, i);
    CHECK_UEQ(wp_queue_len(q), (size_t)(3 - i));
  }
  CHECK_ST(wp_queue_try_recv(q, &v), WP_EAGAIN);
  CHECK_EQ(v, 3);
  /* The timeout variants with room / elements succeed at once. */
  CHECK_OK(wp_queue_send_timeout(q, &four, 0));
  CHECK_OK(wp_queue_send_timeout(q, &four, 1000));
  CHECK_OK(wp_queue_recv_timeout(q, &v, 0));
  CHECK_EQ(v, 4);
  CHECK_OK(wp_queue_recv_timeout(q, &v, 1000));
  CHECK_EQ(v, 4);
  wp_queue_free(q);
}

/* FIFO order while the ring wraps around many times, with a varying fill. */
static void test_fifo_wrap(void) {
  wp_queue *q = wp_queue_new(sizeof(uint64_t), 5);
  CHECK_NOT_NULL(q);
  uint64_t next_send = 0, next_recv = 0;
  for (int round = 0; round < 2000; round++) {
    int nsend = 1 + round % 5;
    for (int i = 0; i < nsend && wp_queue_len(q) < 5; i++) {
      CHECK_OK(wp_queue_send(q, &next_send));
      next_send++;
    }
    CHECK_UEQ(wp_queue_len(q), next_send - next_recv);
    int nrecv = 1 + (round * 7) % 5;
    for (int i = 0; i < nrecv && next_recv < next_send; i++) {
      uint64_t v;
      CHECK_OK(wp_queue_recv(q, &v));
      CHECK_UEQ(v, next_recv);
      next_recv++;
    }
  }
  while (next_recv < next_send) {
    uint64_t v;
    CHECK_OK(wp_queue_try_recv(q, &v));
    CHECK_UEQ(v, next_recv);
    next_recv++;
  }
  CHECK_UEQ(wp_queue_len(q), 0);
  wp_queue_free(q);
}

/* Elements of unusual sizes are copied whole. */
struct big {
  unsigned char bytes[1021];
};

static void fill(struct big *b, unsigned seed) {
  for (size_t i = 0; i < sizeof b->bytes; i++)
    b->bytes[i] = (unsigned char)(seed * 31u + i * 7u);
}

static void test_big_elements(void) {
  wp_queue *q = wp_queue_new(sizeof(struct big), 3);
  CHECK_NOT_NULL(q);
  for (unsigned round = 0; round < 10; round++) {
    struct big in, out, want;
    for (unsigned k = 0; k < 3; k++) {
      fill(&in, round * 3 + k);
      CHECK_OK(wp_queue_send(q, &in));
    }
    memset(&in, 0, sizeof in); /* the queue holds copies */
    for (unsigned k = 0; k < 3; k++) {
      CHECK_OK(wp_queue_recv(q, &out));
      fill(&want, round * 3 + k);
      CHECK(memcmp(&out, &want, sizeof out) == 0);
    }
  }
  wp_queue_free(q);

  /* One-byte elements with a large capacity. */
  q = wp_queue_new(1, 1 << 16);
  CHECK_NOT_NULL(q);
  for (unsigned i = 0; i < (1u << 16); i++) {
    unsigned char c = (unsigned char)i;
    CHECK_OK(wp_queue_try_send(q, &c));
  }
  unsigned char c = 0;
  CHECK_ST(wp_queue_try_send(q, &c), WP_EAGAIN);
  for (unsigned i = 0; i < (1u << 16); i++) {
    CHECK_OK(wp_queue_try_recv(q, &c));
    CHECK_UEQ(c, (unsigned char)i);
  }
  wp_queue_free(q);
}

/* A sender blocked on a full queue completes once a receiver makes room; a
 * receiver blocked on an empty queue completes once a sender sends. */
struct peer {
  wp_queue *q;
  int value;
  int rc;
  _Atomic int done;
};

static void *blocking_sender(void *arg) {
  struct peer *p = arg;
  p->rc = wp_queue_send(p->q, &p->value);
  atomic_store(&p->done, 1);
  return NULL;
}

static void *blocking_receiver(void *arg) {
  struct peer *p = arg;
  p->rc = wp_queue_recv(p->q, &p->value);
  atomic_store(&p->done, 1);
  return NULL;
}

static void test_blocking_wakeups(void) {
  wp_queue *q = wp_queue_new(sizeof(int), 1);
  CHECK_NOT_NULL(q);
  int first = 1;
  CHECK_OK(wp_queue_send(q, &first));

  struct peer s = {q, 2, -100, 0};
  pthread_t t = util_thread(blocking_sender, &s);
  util_sleep_ms(20); /* let it block on the full queue (likely) */
  CHECK_EQ(atomic_load(&s.done), 0); /* a full queue cannot take it */
  int v = 0;
  CHECK_OK(wp_queue_recv(q, &v));
  CHECK_EQ(v, 1);
  util_join(t);
  CHECK_OK(s.rc);
  CHECK_OK(wp_queue_recv(q, &v));
  CHECK_EQ(v, 2);
  CHECK_UEQ(wp_queue_len(q), 0);

  struct peer r = {q, 0, -100, 0};
  t = util_thread(blocking_receiver, &r);
  util_sleep_ms(20); /* let it block on the empty queue (likely) */
  CHECK_EQ(atomic_load(&r.done), 0); /* nothing to receive yet */
  int three = 3;
  CHECK_OK(wp_queue_send(q, &three));
  util_join(t);
  CHECK_OK(r.rc);
  CHECK_EQ(r.value, 3);
  CHECK_UEQ(wp_queue_len(q), 0);

  /* A receiver blocked with a long timeout is served too. */
  struct peer r2 = {q, 0, -100, 0};
  t = util_thread(blocking_receiver, &r2);
  int four = 4;
  CHECK_OK(wp_queue_send(q, &four));
  util_join(t);
  CHECK_OK(r2.rc);
  CHECK_EQ(r2.value, 4);
  wp_queue_free(q);
}

/* Several blocked receivers each get exactly one of the elements sent. */
static void test_many_blocked_receivers(void) {
  enum { N = 8 };
  wp_queue *q = wp_queue_new(sizeof(int), 2);
  CHECK_NOT_NULL(q);
  struct peer r[N];
  pthread_t t[N];
  for (int i = 0; i < N; i++) {
    r[i] = (struct peer){q, -1, -100, 0};
    t[i] = util_thread(blocking_receiver, &r[i]);
  }
  util_sleep_ms(20);
  for (int i = 0; i < N; i++)
    CHECK_OK(wp_queue_send(q, &i));
  int seen[N] = {0};
  for (int i = 0; i < N; i++) {
    util_join(t[i]);
    CHECK_OK(r[i].rc);
    CHECK_GE(r[i].value, 0);
    CHECK_LT(r[i].value, N);
    seen[r[i].value]++;
  }
  for (int i = 0; i < N; i++)
    CHECK_EQ(seen[i], 1);
  CHECK_UEQ(wp_queue_len(q), 0);
  wp_queue_free(q);
}

int main(void) {
  test_new_args();
  test_null_args();
  test_try_and_len();
  test_fifo_wrap();
  test_big_elements();
  test_blocking_wakeups();
  test_many_blocked_receivers();
  return 0;
}
