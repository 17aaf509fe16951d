#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parallel.h"
#include "util.h"

#define WP_STR_(x) #x
#define WP_STR(x) WP_STR_(x)

/* The help text; the man page's OPTIONS section is made from the same lines
 * (manpage.c): an option line starts with two spaces and a dash. */
const char wp_cli_help[] =
    "usage: wpcheck [options] [files or directories...] [-- compiler flags]\n"
    "       wpcheck -p BUILD_DIR [options] [files...]\n"
    "\n"
    "Checks C programs that use wpool for the mistakes of Go's worker-pool\n"
    "toolkit (unclosed queues, sends after close, waitgroup misuse).\n"
    "Directories are searched recursively for .c files; all files of one run\n"
    "are analysed together (a worker in another file is linked to its spawner).\n"
    "\n"
    "options:\n"
    "  -p BUILD_DIR           read BUILD_DIR/compile_commands.json: check the .c files\n"
    "                         listed there (or only the files named) with their own flags\n"
    "  -j N, --jobs=N         check N files at a time (1 to " WP_STR(WP_MAX_JOBS) "; default: one per\n"
    "                         online core); the output does not depend on N\n"
    "  --format=text|json|sarif\n"
    "                         output format (default text; sarif: SARIF 2.1.0)\n"
    "  --color=auto|always|never\n"
    "                         colour the text output (auto: when stdout is a terminal)\n"
    "  --enable RULE,...      report only these rules (names or ids)\n"
    "  --disable RULE,...     do not report these rules\n"
    "  --fix                  apply the findings' fix-its to the files in place\n"
    "                         (waitgroup-by-value, add-inside-thread, missing-done:\n"
    "                         the repairs that are mechanical)\n"
    "  --diff REV             report only findings on lines changed since the git\n"
    "                         revision REV (or whose notes are on such lines)\n"
    "  --no-config            do not read .wpcheck files\n"
    "  --list-rules           list the rules and exit\n"
    "  --explain RULE         print a rule's documentation and exit\n"
    "  --man                  print the man page (roff) and exit\n"
    "  --version              print the version and the LLVM wpcheck was built with\n"
    "  --help                 print this help\n"
    "  -- FLAGS...            pass the rest to clang (-I, -D, -std=...)\n"
    "\n"
    "Configuration: the nearest .wpcheck file above each checked file, lines of\n"
    "`key = value` (# comments):\n"
    "  enable = RULE,...      report only these rules\n"
    "  disable = RULE,...     do not report these rules\n"
    "  spawner = NAME F A     NAME(...) starts a thread running argument F with\n"
    "                         argument A (1-based positions), like wp_go; the\n"
    "                         spawners of the .wpcheck files further up apply too\n"
    "  include-dir = DIR      add -IDIR (relative to the .wpcheck's directory)\n"
    "  header = FILE          add -include FILE\n"
    "--enable/--disable on the command line override the file's rules.\n"
    "\n"
    "Suppress a finding with `// wpcheck: ignore[RULE] reason` on its line or the\n"
    "line above it.  The reason is required; a suppression without one, or one\n"
    "that matches no finding, is itself reported as [wpcheck-suppression].\n"
    "Exit status: 0 no findings, 1 findings, 2 could not run.\n";

void wp_cli_usage(FILE *out)
{
  fputs(wp_cli_help, out);
}

static int set_rules(wp_options *o, const char *list, int on, int exclusive, char *err, size_t errlen)
{
  char *copy = wp_xstrdup(list);
  int rc = 0;
  if (exclusive)
    memset(o->enabled, 0, sizeof o->enabled);
  for (char *save = NULL, *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
    while (*t == ' ')
      t++;
    if (*t == '\0')
      continue;
    int r = wp_rule_find(t);
    if (r < 0) {
      snprintf(err, errlen, "unknown rule '%s' (see --list-rules)", t);
      rc = -1;
      break;
    }
    o->enabled[r] = (unsigned char)on;
  }
  free(copy);
  return rc;
}

/* --name=value or --name value */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
  size_t n = strlen(name);
  if (strncmp(argv[*i], name, n) != 0)
    return NULL;
  if (argv[*i][n] == '=')
    return argv[*i] + n + 1;
  if (argv[*i][n] == '\0' && *i + 1 < argc)
    return argv[++*i];
  return NULL;
}

/* -j N, -jN, --jobs N, --jobs=N: a count of worker threads */
static int set_jobs(int argc, char **argv, int *i, wp_options *o, char *err, size_t errlen)
{
  const char *a = argv[*i];
  const char *v;
  if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0)
    v = *i + 1 < argc ? argv[++*i] : NULL;
  else
    v = a[1] == 'j' ? a + 2 : a + strlen("--jobs=");
  if (v == NULL) {
    snprintf(err, errlen, "%s needs a number of threads (1 to %d)", a, WP_MAX_JOBS);
    return -1;
  }
  char *end = NULL;
  errno = 0;
  long n = strtol(v, &end, 10);
  if (*v == '\0' || *end != '\0' || errno != 0 || n < 1 || n > WP_MAX_JOBS) {
    snprintf(err, errlen, "-j takes a number of threads from 1 to %d, not '%s'", WP_MAX_JOBS, v);
    return -1;
  }
  o->jobs = (int)n;
  return 0;
}

static int is_opt(const char *arg, const char *name)
{
  size_t n = strlen(name);
  return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

int wp_cli_parse(int argc, char **argv, wp_options *o, char *err, size_t errlen)
{
  memset(o, 0, sizeof *o);
  memset(o->enabled, 1, sizeof o->enabled);
  int enable_seen = 0;
  o->inputs = wp_xcalloc((size_t)argc + 1, sizeof *o->inputs);
  o->clang_args = wp_xcalloc((size_t)argc + 1, sizeof *o->clang_args);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v;
    if (strcmp(a, "--") == 0) {
      for (i++; i < argc; i++)
        o->clang_args[o->nclang_args++] = argv[i];
      break;
    }
    if (a[0] != '-' || strcmp(a, "-") == 0) {
      o->inputs[o->ninputs++] = argv[i];
      continue;
    }
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      o->help = 1;
    } else if (strcmp(a, "--version") == 0) {
      o->version = 1;
    } else if (strcmp(a, "--list-rules") == 0) {
      o->list_rules = 1;
    } else if (strcmp(a, "--dump-cfg") == 0) {
      o->dump_cfg = 1;
    } else if (strcmp(a, "--man") == 0) {
      o->man = 1;
    } else if (strcmp(a, "--fix") == 0) {
      o->fix = 1;
    } else if (strcmp(a, "--no-config") == 0) {
      o->no_config = 1;
    } else if (strncmp(a, "-p", 2) == 0) { /* -p DIR, -pDIR, -p=DIR */
      v = a[2] == '\0' ? (i + 1 < argc ? argv[++i] : NULL) : a + 2 + (a[2] == '=');
      if (v == NULL || *v == '\0') {
        snprintf(err, errlen, "-p needs a build directory (holding compile_commands.json)");
        return -1;
      }
      o->compdb_dir = v;
    } else if (strncmp(a, "-j", 2) == 0 || is_opt(a, "--jobs")) {
      if (set_jobs(argc, argv, &i, o, err, errlen) != 0)
        return -1;
    } else if (is_opt(a, "--diff")) {
      v = opt_value(argc, argv, &i, "--diff");
      if (v == NULL || *v == '\0') {
        snprintf(err, errlen, "--diff needs a git revision");
        return -1;
      }
      o->diff_rev = v;
    } else if (is_opt(a, "--format")) {
      v = opt_value(argc, argv, &i, "--format");
      if (v != NULL && strcmp(v, "text") == 0) {
        o->format = WP_FORMAT_TEXT;
      } else if (v != NULL && strcmp(v, "json") == 0) {
        o->format = WP_FORMAT_JSON;
      } else if (v != NULL && strcmp(v, "sarif") == 0) {
        o->format = WP_FORMAT_SARIF;
      } else {
        snprintf(err, errlen, "--format takes text, json or sarif");
        return -1;
      }
    } else if (is_opt(a, "--color") || is_opt(a, "--colour")) {
      v = opt_value(argc, argv, &i, a[4] == 'o' && a[5] == 'u' ? "--colour" : "--color");
      if (v != NULL && strcmp(v, "auto") == 0) {
        o->color = WP_COLOR_AUTO;
      } else if (v != NULL && strcmp(v, "always") == 0) {
        o->color = WP_COLOR_ALWAYS;
      } else if (v != NULL && strcmp(v, "never") == 0) {
        o->color = WP_COLOR_NEVER;
      } else {
        snprintf(err, errlen, "--color takes auto, always or never");
        return -1;
      }
    } else if (is_opt(a, "--explain")) {
      v = opt_value(argc, argv, &i, "--explain");
      if (v == NULL) {
        snprintf(err, errlen, "--explain needs a rule name");
        return -1;
      }
      o->explain = v;
    } else if (is_opt(a, "--enable") || is_opt(a, "--disable")) {
      int on = a[2] == 'e';
      v = opt_value(argc, argv, &i, on ? "--enable" : "--disable");
      if (v == NULL) {
        snprintf(err, errlen, "%s needs a list of rules", on ? "--enable" : "--disable");
        return -1;
      }
      if (set_rules(o, v, on, on && !enable_seen, err, errlen) != 0)
        return -1;
      o->rules_set = 1;
      if (on)
        enable_seen = 1;
    } else {
      snprintf(err, errlen, "unknown option '%s' (see --help)", a);
      return -1;
    }
  }
  return 0;
}

void wp_cli_free(wp_options *o)
{
  free(o->inputs);
  free(o->clang_args);
}
