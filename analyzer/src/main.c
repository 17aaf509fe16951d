/* wpcheck: parse every file, extract its facts and dispose of it, link the
 * facts across files, run the enabled rules (check.c), then print the
 * findings (session.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "files.h"
#include "manpage.h"
#include "parallel.h"
#include "parse.h"
#include "registry.h"
#include "session.h"
#include "util.h"
#include "wpcheck_config.h"

static void list_rules(void)
{
  for (int i = 0; i < WP_NRULES; i++)
    printf("%-6s %-19s %-8s %-14s %s\n", wp_rules[i].id, wp_rules[i].name, wp_rules[i].severity,
           wp_rules[i].is_static ? "static+runtime" : "runtime-only", wp_rules[i].summary);
}

static int explain(const char *name)
{
  int r = wp_rule_find(name);
  if (r < 0) {
    fprintf(stderr, "wpcheck: error: unknown rule '%s' (see --list-rules)\n", name);
    return 2;
  }
  const char *doc = wp_rule_doc(wp_rules[r].name);
  if (doc == NULL) {
    printf("%s (%s): %s\n", wp_rules[r].name, wp_rules[r].id, wp_rules[r].summary);
    return 0;
  }
  fputs(doc, stdout);
  return 0;
}

int main(int argc, char **argv)
{
  wp_options o;
  char err[256] = "";
  if (wp_cli_parse(argc, argv, &o, err, sizeof err) != 0) {
    fprintf(stderr, "wpcheck: error: %s\n", err);
    wp_cli_free(&o);
    return 2;
  }
  int status = 0;
  if (o.help || o.version || o.list_rules || o.explain || o.man) {
    if (o.man)
      wp_manpage(stdout);
    if (o.help)
      wp_cli_usage(stdout);
    if (o.version)
      printf("wpcheck %s (wpool %s), built with LLVM %s\n", WPCHECK_VERSION, WPCHECK_VERSION, WPCHECK_LLVM_VERSION);
    if (o.list_rules)
      list_rules();
    if (o.explain)
      status = explain(o.explain);
    wp_cli_free(&o);
    return status;
  }

  wp_files files = {NULL, 0, 0};
  wp_session sess; /* session.c: -p, .wpcheck, and what becomes of the findings */
  int could_not_run = wp_session_inputs(&sess, &o, &files);
  if (could_not_run < 0) {
    wp_session_free(&sess);
    wp_files_free(&files);
    wp_cli_free(&o);
    return 2;
  }

  wp_program prog;
  memset(&prog, 0, sizeof prog);
  if (wp_runtime_include_dir() == NULL)
    fprintf(stderr, "wpcheck: warning: wpool.h not found; pass -- -I<dir> if your files include it\n");
  wp_input *inputs = wp_xcalloc((size_t)(files.n > 0 ? files.n : 1), sizeof *inputs);
  for (int i = 0; i < files.n; i++) {
    inputs[i].path = files.v[i];
    inputs[i].args = wp_session_args(&sess, i, &inputs[i].nargs);
    inputs[i].spawners = wp_session_spawners(&sess, i);
  }
  wp_report report = {NULL, 0, 0};
  if (wp_check_inputs(&prog, &report, inputs, files.n, &o, o.jobs) > 0)
    could_not_run = 1;
  free(inputs);

  status = wp_session_finish(&sess, &report, &prog, &files, could_not_run);
  wp_session_free(&sess);
  wp_report_free(&report);
  wp_program_free(&prog);
  wp_files_free(&files);
  wp_cli_free(&o);
  return status;
}
