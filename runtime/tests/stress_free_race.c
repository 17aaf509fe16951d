/* Stress: a queue freed as soon as its owner has seen the last thing it
 * waited for (an element, a close, the end of its own blocked send), while
 * the peer that made it visible may still be inside its wpool call.  The
 * runtime must not touch the queue after that point; AddressSanitizer and
 * valgrind runs of this test catch it if it does.  WPOOL_STRESS_SCALE x
 * 20,000 rounds of each pattern, over capacities 0, 1 and 4. */
#include "check.h"
#include "util.h"
#include "wpool.h"

static void send_one(void *arg) {
  long v = 7;
  CHECK_EQ(wp_queue_send(arg, &v), WP_OK);
}

static void close_it(void *arg) { CHECK_EQ(wp_queue_close(arg), WP_OK); }

static void recv_one(void *arg) {
  long v;
  CHECK_EQ(wp_queue_recv(arg, &v), WP_OK);
}

/* The peer sends one element; we free the queue once we have it. */
static void element_then_free(size_t cap) {
  wp_queue *q = wp_queue_new(sizeof(long), cap);
  CHECK_NOT_NULL(q);
  wp_wg wg = WP_WG_INIT;
  CHECK_EQ(wp_wg_go(&wg, send_one, q), WP_OK);
  long v = 0;
  CHECK_EQ(wp_queue_recv(q, &v), WP_OK);
  CHECK_EQ(v, 7);
  wp_queue_free(q);
  CHECK_EQ(wp_wg_wait(&wg), WP_OK);
}

/* The peer closes; we free the queue once we see the close. */
static void close_then_free(size_t cap) {
  wp_queue *q = wp_queue_new(sizeof(long), cap);
  CHECK_NOT_NULL(q);
  wp_wg wg = WP_WG_INIT;
  CHECK_EQ(wp_wg_go(&wg, close_it, q), WP_OK);
  long v;
  CHECK_EQ(wp_queue_recv(q, &v), WP_ECLOSED);
  wp_queue_free(q);
  CHECK_EQ(wp_wg_wait(&wg), WP_OK);
}

/* We block sending to a full queue; the peer's receive makes room and
 * completes our send; we free the queue as soon as our send returns. */
static void room_then_free(size_t cap) {
  wp_queue *q = wp_queue_new(sizeof(long), cap);
  CHECK_NOT_NULL(q);
  long v = 7;
  for (size_t i = 0; i < cap; i++)
    CHECK_EQ(wp_queue_send(q, &v), WP_OK);
  wp_wg wg = WP_WG_INIT;
  CHECK_EQ(wp_wg_go(&wg, recv_one, q), WP_OK);
  CHECK_EQ(wp_queue_send(q, &v), WP_OK);
  wp_queue_free(q);
  CHECK_EQ(wp_wg_wait(&wg), WP_OK);
}

int main(int argc, char **argv) {
  long rounds = util_stress_scale(argc, argv) * 20000;
  static const size_t caps[] = {0, 1, 4};
  for (long i = 0; i < rounds; i++) {
    size_t cap = caps[i % 3];
    element_then_free(cap);
    close_then_free(cap);
    room_then_free(cap);
  }
  printf("%ld rounds of each pattern\n", rounds);
  return 0;
}
