/* Linked with wpool_debug (not wpool_static): debug mode is on without
 * WPOOL_DEBUG, so this double close is reported and the process exits with
 * debug mode's exit code.  The test command checks both. */
#include "check.h"

int main(void) {
  wp_queue *q = wp_queue_new(sizeof(int), 1);
  CHECK_NOT_NULL(q);
  CHECK_OK(wp_queue_close(q));
  CHECK_ST(wp_queue_close(q), WP_ECLOSED); /* reported: double-close */
  wp_queue_free(q);
  return 0;
}
