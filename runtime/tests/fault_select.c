/* Fault injection: wp_select with few and with many cases, the n-th hooked
 * call failing, n = 1, 2, ... until a run triggers no failure.  A failing
 * run returns WP_ENOMEM having done nothing (no element taken, no waiter
 * left behind); no block leaks. */
#include "fault_util.h"

enum { READY_LAST, NONE_READY_POLL, NONE_READY_TIMED };

static const char *const variant_name[] = {"one ready", "none ready, poll",
                                           "none ready, timeout"};

static void sweep_select(size_t ncases, int variant) {
  wp_queue **qs = calloc(ncases, sizeof *qs);
  wp_case *cs = calloc(ncases, sizeof *cs);
  int *outs = calloc(ncases, sizeof *outs);
  CHECK_NOT_NULL(qs);
  CHECK_NOT_NULL(cs);
  CHECK_NOT_NULL(outs);
  for (size_t i = 0; i < ncases; i++) {
    qs[i] = wp_queue_new(sizeof(int), i % 2 ? 0 : 1);
    CHECK_NOT_NULL(qs[i]);
  }
  size_t ready = ncases - 1 - (ncases - 1) % 2; /* a buffered one */
  int failures = 0;
  for (long n = 1;; n++) {
    CHECK_LE(n, FAULT_MAX_N);
    for (size_t i = 0; i < ncases; i++)
      cs[i] = (wp_case){qs[i], i % 3 == 2 ? WP_SEND : WP_RECV, &outs[i], -100};
    if (variant == READY_LAST)
      cs[ready].op = WP_RECV;
    /* Send cases on unbuffered queues with nobody receiving, and on full
     * buffered ones, are never ready. */
    for (size_t i = 0; i < ncases; i++) {
      if (cs[i].op == WP_SEND && wp_queue_cap(qs[i]) == 1 &&
          wp_queue_len(qs[i]) == 0) {
        int filler = -1;
        CHECK_OK(wp_queue_send(qs[i], &filler));
      }
      if (cs[i].op == WP_RECV && wp_queue_cap(qs[i]) == 1 &&
          wp_queue_len(qs[i]) == 1) {
        int drop;
        CHECK_OK(wp_queue_recv(qs[i], &drop));
      }
    }
    if (variant == READY_LAST) {
      if (wp_queue_len(qs[ready]) == 0) {
        int v = 1234;
        CHECK_OK(wp_queue_send(qs[ready], &v));
      }
    }
    long timeout = variant == READY_LAST        ? -1
                   : variant == NONE_READY_POLL ? 0
                                                : 1;
    long base = wp__alloc_live();
    fault_arm(n);
    int r = wp_select(cs, ncases, timeout);
    long calls = fault_disarm();
    CHECK_EQ(wp__alloc_live(), base);
    if (calls >= n) {
      if (r != WP_ENOMEM)
        FAIL("wp_select(%zu cases, %s): hooked call %ld of %ld failed but "
             "it returned %d (%s), not WP_ENOMEM\n",
             ncases, variant_name[variant], n, calls, r, wp_err_name(r));
      if (variant == READY_LAST)
        CHECK_UEQ(wp_queue_len(qs[ready]), 1); /* not taken */
      failures++;
      continue;
    }
    switch (variant) {
    case READY_LAST:
      CHECK_EQ(r, (int)ready);
      CHECK_OK(cs[ready].status);
      CHECK_EQ(outs[ready], 1234);
      break;
    case NONE_READY_POLL:
      CHECK_ST(r, WP_EAGAIN);
      break;
    default:
      CHECK_ST(r, WP_ETIMEDOUT);
    }
    fprintf(stderr, "wp_select(%zu cases, %s): %d failing run(s), then ok\n",
            ncases, variant_name[variant], failures);
    break;
  }
  /* No waiter was left behind on the unbuffered queues. */
  for (size_t i = 1; i < ncases; i += 2) {
    int x = 5;
    CHECK_ST(wp_queue_try_send(qs[i], &x), WP_EAGAIN);
    CHECK_ST(wp_queue_try_recv(qs[i], &x), WP_EAGAIN);
  }
  for (size_t i = 0; i < ncases; i++)
    wp_queue_free(qs[i]);
  free(qs);
  free(cs);
  free(outs);
}

int main(void) {
  wp__fault_reset();
  long base = wp__alloc_live();
  static const size_t sizes[] = {1, 2, 8, 16, 17, 64, 1000};
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
    for (int variant = 0; variant < 3; variant++)
      sweep_select(sizes[i], variant);
  /* Invalid selects allocate nothing. */
  fault_arm(1);
  CHECK_ST(wp_select(NULL, 5, 0), WP_EINVAL);
  wp_case bad = {NULL, 99, NULL, 0};
  CHECK_ST(wp_select(&bad, 1, 0), WP_EINVAL);
  CHECK_EQ(fault_disarm(), 0);
  CHECK_EQ(wp__alloc_live(), base);
  return 0;
}
