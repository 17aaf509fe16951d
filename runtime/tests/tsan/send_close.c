/* ThreadSanitizer build only: a send and a close of the same queue that the
 * program does not order are a data race in TSan's report, whichever came
 * first on this run (tsan.h models a send as a read and a close as a write
 * of the queue).  Three pairs: each order, and a select's send; CTest
 * expects exactly three warnings.  The sending thread stays in its task until both accesses are
 * made: TSan (LLVM 14) can fail to rebuild the stack of an access by a
 * thread that has moved on and then drops the report. */
#include "relaxed_flag.h"

static atomic_int sent_a, closed_a, sent_b, closed_b, sent_c, closed_c;

static void send_then_flag(void *arg) {
  int v = 1;
  CHECK_OK(wp_queue_send(arg, &v));
  flag_raise(&sent_a);
  flag_await(&closed_a);
}

static void send_after_flag(void *arg) {
  int v = 2;
  flag_await(&closed_b);
  CHECK_ST(wp_queue_send(arg, &v), WP_ECLOSED);
  flag_raise(&sent_b);
}

static void select_send_then_flag(void *arg) {
  int v = 3;
  wp_case c = {arg, WP_SEND, &v, 0};
  CHECK_EQ(wp_select(&c, 1, -1), 0);
  flag_raise(&sent_c);
  flag_await(&closed_c);
}

int main(void) {
  /* The send first, then the close. */
  wp_queue *a = wp_queue_new(sizeof(int), 4);
  CHECK_NOT_NULL(a);
  CHECK_OK(wp_go(send_then_flag, a));
  flag_await(&sent_a);
  CHECK_OK(wp_queue_close(a));
  flag_raise(&closed_a);

  /* The close first, then the send. */
  wp_queue *b = wp_queue_new(sizeof(int), 4);
  CHECK_NOT_NULL(b);
  CHECK_OK(wp_go(send_after_flag, b));
  CHECK_OK(wp_queue_close(b));
  flag_raise(&closed_b);
  flag_await(&sent_b);

  /* A select that sends, then the close. */
  wp_queue *c = wp_queue_new(sizeof(int), 4);
  CHECK_NOT_NULL(c);
  CHECK_OK(wp_go(select_send_then_flag, c));
  flag_await(&sent_c);
  CHECK_OK(wp_queue_close(c));
  flag_raise(&closed_c);
  return 0; /* the queues stay: freeing them would race too */
}
