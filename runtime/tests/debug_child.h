/* For tests of debug mode's reports: run this program again as a child
 * with WPOOL_DEBUG set to JSON reports in a file, and read them back.
 *
 *   main(argc, argv): if (argc > 1 && strcmp(argv[1], "child") == 0) ...;
 *   const char *r = debug_child_reports(argv[0]);
 *   const char *line = debug_report(r, "use-after-free", "child", 42);
 *
 * The child must exit through exit() (debug mode's exit code, 66, when it
 * reported anything: anything else fails the test). */
#ifndef WPOOL_TESTS_DEBUG_CHILD_H
#define WPOOL_TESTS_DEBUG_CHILD_H

#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

/* Runs `argv0 child` in debug mode; returns its reports, one JSON object
 * a line (static storage, valid until the next call). */
static inline const char *debug_child_reports(const char *argv0) {
  char log[64], opts[128];
  snprintf(log, sizeof log, "/tmp/wpool-test-%ld", (long)getpid());
  snprintf(opts, sizeof opts, "format=json:log_path=%s", log);
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0)
    FAIL("fork failed\n");
  if (pid == 0) {
    setenv("WPOOL_DEBUG", opts, 1);
    execl(argv0, argv0, "child", (char *)NULL);
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
  return reports;
}

/* The report of `rule` in function `func` (at `line` if line > 0), as one
 * line of text (static storage); fails the test if there is none. */
static inline const char *debug_report(const char *reports, const char *rule,
                                       const char *func, int line) {
  static char found[4096];
  char want_rule[128], want_func[128], want_line[64];
  snprintf(want_rule, sizeof want_rule, "{\"rule\":\"%s\"", rule);
  snprintf(want_func, sizeof want_func, "\"function\":\"%s\"", func);
  snprintf(want_line, sizeof want_line, "\"line\":%d,", line);
  for (const char *r = strstr(reports, want_rule); r;
       r = strstr(r + 1, want_rule)) {
    const char *end = strchr(r, '\n');
    snprintf(found, sizeof found, "%.*s",
             (int)(end ? end - r : (long)strlen(r)), r);
    if (strstr(found, want_func) && (line <= 0 || strstr(found, want_line)))
      return found;
  }
  FAIL("no %s report in %s (line %d) in:\n%s\n", rule, func, line, reports);
  return NULL;
}

#endif
