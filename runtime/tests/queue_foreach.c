/* WP_QUEUE_FOREACH: receives every element until the queue is closed and
 * drained; break leaves the rest in the queue; continue goes on with the
 * next element; a loop variable whose size differs from the element size
 * ends the loop without running the body (and without losing an element);
 * nesting; a producer thread on an unbuffered queue. */
#include "util.h"

static void test_all_in_order(void) {
  wp_queue *q = wp_queue_new(sizeof(int), 16);
  CHECK_NOT_NULL(q);
  for (int i = 1; i <= 10; i++)
    CHECK_OK(wp_queue_send(q, &i));
  CHECK_OK(wp_queue_close(q));
  int v, expect = 1, sum = 0;
  WP_QUEUE_FOREACH(q, v) {
    CHECK_EQ(v, expect);
    expect++;
    sum += v;
  }
  CHECK_EQ(expect, 11);
  CHECK_EQ(sum, 55);
  CHECK_UEQ(wp_queue_len(q), 0);
  /* A second loop over the drained closed queue runs no body. */
  int runs = 0;
  WP_QUEUE_FOREACH(q, v) { runs++; }
  CHECK_EQ(runs, 0);
  wp_queue_free(q);
}

static void test_break(void) {
  wp_queue *q = wp_queue_new(sizeof(int), 16);
  CHECK_NOT_NULL(q);
  for (int i = 1; i <= 6; i++)
    CHECK_OK(wp_queue_send(q, &i));
  int v = 0, runs = 0;
  WP_QUEUE_FOREACH(q, v) {
    runs++;
    if (v == 3)
      break;
  }
  CHECK_EQ(runs, 3);
  CHECK_EQ(v, 3);
  /* The queue is still open and holds 4, 5, 6 (break received no more). */
  CHECK_UEQ(wp_queue_len(q), 3);
  CHECK_OK(wp_queue_close(q));
  int expect = 4;
  WP_QUEUE_FOREACH(q, v) {
    CHECK_EQ(v, expect);
    expect++;
  }
  CHECK_EQ(expect, 7);
  wp_queue_free(q);
}

static void test_continue(void) {
  wp_queue *q = wp_queue_new(sizeof(long), 32);
  CHECK_NOT_NULL(q);
  for (long i = 1; i <= 20; i++)
    CHECK_OK(wp_queue_send(q, &i));
  CHECK_OK(wp_queue_close(q));
  long v, odd_sum = 0;
  int runs = 0, after_continue = 0;
  WP_QUEUE_FOREACH(q, v) {
    runs++;
    if (v % 2 == 0)
      continue;
    after_continue++;
    odd_sum += v;
  }
  CHECK_EQ(runs, 20);
  CHECK_EQ(after_continue, 10);
  CHECK_EQ(odd_sum, 100);
  CHECK_UEQ(wp_queue_len(q), 0);
  wp_queue_free(q);
}

static void test_size_mismatch(void) {
  wp_queue *q = wp_queue_new(sizeof(int), 4);
  CHECK_NOT_NULL(q);
  int one = 1;
  CHECK_OK(wp_queue_send(q, &one));

  /* Larger variable than the element. */
  long long big = -1;
  int runs = 0;
  WP_QUEUE_FOREACH(q, big) { runs++; }
  CHECK_EQ(runs, 0);
  /* Smaller variable than the element. */
  short small = -1;
  WP_QUEUE_FOREACH(q, small) { runs++; }
  CHECK_EQ(runs, 0);
  /* The element was not consumed by the refused loops. */
  CHECK_UEQ(wp_queue_len(q), 1);

  /* On an empty open queue the mismatch ends the loop rather than block. */
  int v;
  CHECK_OK(wp_queue_recv(q, &v));
  CHECK_EQ(v, 1);
  WP_QUEUE_FOREACH(q, big) { runs++; }
  CHECK_EQ(runs, 0);

  /* The matching size still works afterwards. */
  CHECK_OK(wp_queue_send(q, &one));
  CHECK_OK(wp_queue_close(q));
  WP_QUEUE_FOREACH(q, v) { runs++; }
  CHECK_EQ(runs, 1);
  wp_queue_free(q);

  /* The underlying call: a mismatch or NULL is not WP_OK. */
  q = wp_queue_new(sizeof(int), 1);
  CHECK_NOT_NULL(q);
  CHECK_OK(wp_queue_send(q, &one));
  CHECK_ST(wp__queue_recv_sized_at(NULL, &v, sizeof v, NULL), WP_EINVAL);
  CHECK(wp__queue_recv_sized_at(q, &big, sizeof big, NULL) != WP_OK);
  CHECK_UEQ(wp_queue_len(q), 1);
  CHECK_OK(wp__queue_recv_sized_at(q, &v, sizeof v, NULL));
  CHECK_EQ(v, 1);
  wp_queue_free(q);
}

/* A NULL queue: the loop does not run (the receive fails with WP_EINVAL). */
static void test_null_queue(void) {
  int v, runs = 0;
  wp_queue *none = NULL;
  WP_QUEUE_FOREACH(none, v) { runs++; }
  CHECK_EQ(runs, 0);
}

struct pair {
  int a;
  double b;
};

static void test_nested_and_structs(void) {
  wp_queue *outer = wp_queue_new(sizeof(struct pair), 4);
  CHECK_NOT_NULL(outer);
  for (int i = 0; i < 3; i++) {
    struct pair p = {i, i * 0.5};
    CHECK_OK(wp_queue_send(outer, &p));
  }
  CHECK_OK(wp_queue_close(outer));
  struct pair p;
  int total = 0;
  WP_QUEUE_FOREACH(outer, p) {
    CHECK(p.b == p.a * 0.5);
    wp_queue *inner = wp_queue_new(sizeof(int), 8);
    CHECK_NOT_NULL(inner);
    for (int k = 0; k <= p.a; k++)
      CHECK_OK(wp_queue_send(inner, &k));
    CHECK_OK(wp_queue_close(inner));
    int k;
    WP_QUEUE_FOREACH(inner, k) { total += 1 + k; }
    wp_queue_free(inner);
  }
  /* p.a = 0: 1; p.a = 1: 1+2; p.a = 2: 1+2+3 */
  CHECK_EQ(total, 10);
  wp_queue_free(outer);
}

/* A producer thread sends on an unbuffered queue and closes it. */
static void *producer(void *arg) {
  wp_queue *q = arg;
  for (int i = 0; i < 1000; i++)
    CHECK_OK(wp_queue_send(q, &i));
  CHECK_OK(wp_queue_close(q));
  return NULL;
}

static void test_with_producer(void) {
  wp_queue *q = wp_queue_new(sizeof(int), 0);
  CHECK_NOT_NULL(q);
  pthread_t t = util_thread(producer, q);
  int v, expect = 0;
  WP_QUEUE_FOREACH(q, v) {
    CHECK_EQ(v, expect);
    expect++;
  }
  CHECK_EQ(expect, 1000);
  util_join(t);
  wp_queue_free(q);
}

int main(void) {
  test_all_in_order();
  test_break();
  test_continue();
  test_size_mismatch();
  test_null_queue();
  test_nested_and_structs();
  test_with_producer();
  return 0;
}
