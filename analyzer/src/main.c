/* wpcheck: parse every file, extract its facts and dispose of it, link the
 * facts across files, run the enabled rules, then print the findings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"
#include "cfg.h"
#include "cli.h"
#include "facts.h"
#include "files.h"
#include "output.h"
#include "parse.h"
#include "rules_run.h"
#include "suppress.h"
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
  if (o.help || o.version || o.list_rules || o.explain) {
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
  int could_not_run = 0;
  for (int i = 0; i < o.ninputs; i++)
    if (wp_files_add(&files, o.inputs[i]) != 0)
      could_not_run = 1;
  if (o.ninputs == 0) {
    fprintf(stderr, "wpcheck: error: no input files (see --help)\n");
    wp_cli_free(&o);
    return 2;
  }

  wp_program prog;
  memset(&prog, 0, sizeof prog);
  wp_parser ps;
  wp_parser_init(&ps, o.clang_args, o.nclang_args);
  if (wp_runtime_include_dir() == NULL)
    fprintf(stderr, "wpcheck: warning: wpool.h not found; pass -- -I<dir> if your files include it\n");
  for (int i = 0; i < files.n; i++) {
    CXTranslationUnit tu;
    if (wp_parse(&ps, files.v[i], &tu) != 0) {
      could_not_run = 1;
      continue;
    }
    wp_facts_extract(&prog, tu, i);
    clang_disposeTranslationUnit(tu);
  }
  wp_parser_free(&ps);

  wp_report report = {NULL, 0, 0};
  wp_analysis a;
  wp_analysis_init(&a, &prog, &report);
  if (o.dump_cfg)
    wp_cfg_dump(&prog, stderr);
  for (int r = 0; r < WP_NRULES; r++)
    if (o.enabled[r] && wp_rule_fns[r] != NULL)
      wp_rule_fns[r](&a);
  wp_analysis_free(&a);

  wp_report_finish(&report, &prog.strs);
  wp_sources *src = wp_sources_new();
  wp_suppress(&report, &prog.strs, src);
  if (o.format == WP_FORMAT_JSON) {
    wp_output_json(stdout, &report, &prog.strs);
  } else {
    int color = o.color == WP_COLOR_ALWAYS || (o.color == WP_COLOR_AUTO && isatty(STDOUT_FILENO) && !getenv("NO_COLOR"));
    wp_output_text(stdout, &report, &prog.strs, src, color);
  }
  fflush(stdout);
  status = could_not_run ? 2 : report.n > 0 ? 1 : 0;
  wp_sources_free(src);
  wp_report_free(&report);
  wp_program_free(&prog);
  wp_files_free(&files);
  wp_cli_free(&o);
  return status;
}
