/* Debug mode reports a use of a freed queue or pool at the use, and the
 * call fails with WP_EINVAL instead of touching the freed object (debug
 * mode keeps it in quarantine).  A child process (this program again, in
 * debug mode, JSON reports to a file) sends on a freed queue and submits
 * to a freed pool; the parent finds each report at its line. */
#include <string.h>

#include "debug_child.h"
#include "util.h"

static void job(void *arg) { (void)arg; }

enum { SEND_LINE = __LINE__ + 2 };
static int send_on(wp_queue *q, const int *x) {
  return wp_queue_send(q, x);
}

enum { SUBMIT_LINE = __LINE__ + 2 };
static int submit_to(wp_pool *p) {
  return wp_pool_submit(p, job, NULL);
}

static void child(void) {
  int x = 1;
  wp_queue *q = wp_queue_new(sizeof(int), 4);
  CHECK_NOT_NULL(q);
  CHECK_OK(send_on(q, &x));
  wp_queue_free(q);
  CHECK_ST(send_on(q, &x), WP_EINVAL);

  wp_pool *p = wp_pool_new(2, 4);
  CHECK_NOT_NULL(p);
  CHECK_OK(submit_to(p));
  CHECK_OK(wp_pool_wait(p));
  wp_pool_free(p);
  CHECK_ST(submit_to(p), WP_EINVAL);
  exit(0); /* debug mode's exit code, as it reported */
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "child") == 0)
    child();
  const char *reports = debug_child_reports(argv[0]);
  debug_report(reports, "use-after-free", "send_on", SEND_LINE);
  debug_report(reports, "use-after-free", "submit_to", SUBMIT_LINE);
  return 0;
}
