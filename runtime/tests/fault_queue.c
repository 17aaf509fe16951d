/* Fault injection: wp_queue_new with the n-th allocation failing, n = 1, 2,
 * ... until it succeeds without a failure.  A failed construction returns
 * NULL and leaves no block behind; the queue built in the end works and
 * frees every block.  Queue operations themselves make no hooked calls. */
#include "fault_util.h"

static void sweep_new(size_t elem_size, size_t cap) {
  int failures = 0;
  for (long n = 1;; n++) {
    CHECK_LE(n, FAULT_MAX_N);
    long base = wp__alloc_live();
    fault_arm(n);
    wp_queue *q = wp_queue_new(elem_size, cap);
    long calls = fault_disarm();
    if (calls >= n) {
      if (q != NULL)
        FAIL("wp_queue_new(%zu, %zu): hooked call %ld of %ld failed, but it "
             "returned a queue\n",
             elem_size, cap, n, calls);
      CHECK_EQ(wp__alloc_live(), base);
      failures++;
      continue;
    }
    CHECK_NOT_NULL(q);
    CHECK_UEQ(wp_queue_cap(q), cap);
    /* It works, and its operations allocate nothing. */
    unsigned char *in = calloc(1, elem_size), *out = calloc(1, elem_size);
    CHECK_NOT_NULL(in);
    CHECK_NOT_NULL(out);
    memset(in, 0x3c, elem_size);
    fault_arm(1);
    if (cap > 0) {
      CHECK_OK(wp_queue_send(q, in));
      CHECK_OK(wp_queue_try_recv(q, out));
      CHECK(memcmp(in, out, elem_size) == 0);
    } else {
      CHECK_ST(wp_queue_try_send(q, in), WP_EAGAIN);
    }
    CHECK_ST(wp_queue_recv_timeout(q, out, 1), WP_ETIMEDOUT);
    CHECK_OK(wp_queue_close(q));
    CHECK_ST(wp_queue_recv(q, out), WP_ECLOSED);
    CHECK_EQ(fault_disarm(), 0);
    free(in);
    free(out);
    wp_queue_free(q);
    CHECK_EQ(wp__alloc_live(), base);
    fprintf(stderr, "wp_queue_new(%zu, %zu): %d failing run(s), then ok\n",
            elem_size, cap, failures);
    break;
  }
  CHECK_GE(failures, 1); /* a queue needs memory */
}

int main(void) {
  wp__fault_reset();
  CHECK_EQ(wp__fault_calls(), 0);
  sweep_new(sizeof(int), 16);
  sweep_new(sizeof(int), 0);
  sweep_new(1, 1);
  sweep_new(4096, 64);
  /* Refused arguments allocate nothing. */
  long base = wp__alloc_live();
  fault_arm(1);
  CHECK_NULL(wp_queue_new(0, 4));
  CHECK_NULL(wp_queue_new(SIZE_MAX / 2, 4));
  CHECK_EQ(fault_disarm(), 0);
  CHECK_EQ(wp__alloc_live(), base);
  return 0;
}
