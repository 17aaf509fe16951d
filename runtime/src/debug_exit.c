/* Debug mode at exit: after a short grace for threads that are finishing,
 * report what is left (threads waiting on a queue nobody closes, objects
 * never freed, waitgroups never brought to zero), then the summary. */
#include <stdlib.h>
#include <time.h>

#include "debug.h"
#include "debug_exit.h"

enum { GRACE_MS = 50 };

static void at_exit(void) {
  struct timespec ts = {0, GRACE_MS * 1000000L};
  nanosleep(&ts, NULL);
  wp__dbg_exit_checks_begin();
  wp__dbg_check_missing_done_at_exit();
  int blocked = wp__dbg_check_queues_at_exit(true);
  wp__dbg_check_pools_at_exit();
  if (blocked == 0)
    wp__dbg_check_wgs_at_exit();
  wp__dbg_summary_and_exit();
}

void wp__dbg_exit_install(void) { atexit(at_exit); }
