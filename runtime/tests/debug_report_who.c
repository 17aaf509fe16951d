/* Debug mode names the thread that made the reported operation, also when
 * another thread finds it later: a send found by the close it is not
 * ordered before, a first add found by the wait it races with.  A child
 * process (this program again, with WPOOL_DEBUG set: JSON reports to a
 * file) makes both mistakes, each thread signalling the main thread through an
 * atomic flag debug mode does not see; the parent reads the reports: each
 * is in the task's function, by a thread other than the main one (1). */
#include <string.h>

#include "debug_child.h"
#include "util.h"

static _Atomic int sent, added;

static void late_sender(void *arg) {
  int x = 1;
  CHECK_OK(wp_queue_send(arg, &x));
  atomic_store(&sent, 1);
}

static void late_adder(void *arg) {
  CHECK_OK(wp_wg_add(arg, 1));
  atomic_store(&added, 1);
  CHECK_OK(wp_wg_done(arg));
}

static void wait_for(_Atomic int *flag) {
  unsigned spins = 0;
  while (atomic_load(flag) == 0)
    util_backoff(&spins);
}

static void child(void) {
  wp_wg tasks = WP_WG_INIT, counted = WP_WG_INIT;
  wp_queue *q = wp_queue_new(sizeof(int), 2);
  CHECK_NOT_NULL(q);
  CHECK_OK(wp_wg_go(&tasks, late_sender, q));
  wait_for(&sent);
  CHECK_OK(wp_queue_close(q)); /* the send came first, unordered */
  CHECK_OK(wp_wg_go(&tasks, late_adder, &counted));
  wait_for(&added);
  CHECK_OK(wp_wg_wait(&counted)); /* the add came first, unordered */
  CHECK_OK(wp_wg_wait(&tasks));
  wp_queue_free(q);
  exit(0); /* debug mode's exit code if it reported anything */
}

/* The report of `rule` in `func` names a thread other than 1. */
static void check_report(const char *reports, const char *rule,
                         const char *func) {
  const char *line = debug_report(reports, rule, func, 0);
  if (strstr(line, "\"thread\":1,") || strstr(line, "\"thread\":0,"))
    FAIL("%s names the wrong thread (the finder's): %s\n", rule, line);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "child") == 0)
    child();
  const char *reports = debug_child_reports(argv[0]);
  check_report(reports, "send-after-close", "late_sender");
  check_report(reports, "add-inside-thread", "late_adder");
  return 0;
}
