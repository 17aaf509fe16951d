/* Debug mode names the thread that made the reported operation, also when
 * another thread finds it later: a send found by the close it is not
 * ordered before, a first add found by the wait it races with.  A child
 * process (this program again, with WPOOL_DEBUG set: JSON reports to a
 * file) makes both mistakes, each thread signalling the main thread through an
 * atomic flag debug mode does not see; the parent reads the reports: each
 * is in the task's function, by a thread other than the main one (1). */
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* The report of `rule` in the log: in `func`, by a thread other than 1. */
static void check_report(const char *reports, const char *rule,
                         const char *func) {
  char want[128];
  snprintf(want, sizeof want, "{\"rule\":\"%s\"", rule);
  const char *r = strstr(reports, want);
  if (!r)
    FAIL("no %s report in:\n%s\n", rule, reports);
  const char *end = strchr(r, '\n');
  char line[4096];
  snprintf(line, sizeof line, "%.*s", (int)(end ? end - r : (long)strlen(r)),
           r);
  snprintf(want, sizeof want, "\"function\":\"%s\"", func);
  if (!strstr(line, want))
    FAIL("%s is not reported in %s: %s\n", rule, func, line);
  if (strstr(line, "\"thread\":1,") || strstr(line, "\"thread\":0,"))
    FAIL("%s names the wrong thread (the finder's): %s\n", rule, line);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "child") == 0)
    child();
  char log[64], opts[128];
  snprintf(log, sizeof log, "/tmp/wpool-who-%ld", (long)getpid());
  snprintf(opts, sizeof opts, "format=json:log_path=%s", log);
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0)
    FAIL("fork failed\n");
  if (pid == 0) {
    setenv("WPOOL_DEBUG", opts, 1);
    execl(argv[0], argv[0], "child", (char *)NULL);
    _exit(127);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) != pid)
    FAIL("waitpid failed\n");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 66)
    FAIL("the child's status is %#x, not debug mode's exit 66\n",
         (unsigned)status);

  char path[96];
  snprintf(path, sizeof path, "%s.%ld", log, (long)pid);
  FILE *f = fopen(path, "r");
  if (!f)
    FAIL("no report file %s\n", path);
  static char reports[65536];
  size_t n = fread(reports, 1, sizeof reports - 1, f);
  reports[n] = '\0';
  fclose(f);
  remove(path);
  check_report(reports, "send-after-close", "late_sender");
  check_report(reports, "add-inside-thread", "late_adder");
  return 0;
}
