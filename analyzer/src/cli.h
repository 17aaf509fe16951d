/* Command line: wpcheck [options] [files or directories...] [-- compiler flags] */
#ifndef WPCHECK_CLI_H
#define WPCHECK_CLI_H
#include <stdio.h>

#include "registry.h"

enum wp_format { WP_FORMAT_TEXT, WP_FORMAT_JSON, WP_FORMAT_SARIF };
enum wp_color { WP_COLOR_AUTO, WP_COLOR_ALWAYS, WP_COLOR_NEVER };

typedef struct wp_options {
  char **inputs;
  int ninputs;
  char **clang_args;
  int nclang_args;
  int format;
  int color;
  int help, version, list_rules, dump_cfg, man;
  const char *explain;
  unsigned char enabled[WP_NRULES];
  int rules_set;          /* --enable or --disable given: .wpcheck's rules are ignored */
  const char *compdb_dir; /* -p BUILD_DIR */
  const char *diff_rev;   /* --diff REV */
  int fix;                /* --fix */
  int no_config;          /* --no-config */
  int jobs;               /* -j N; 0: one worker per online core */
} wp_options;

/* 0 on success; -1 with a message in err. */
int wp_cli_parse(int argc, char **argv, wp_options *o, char *err, size_t errlen);
void wp_cli_usage(FILE *out);
extern const char wp_cli_help[];
void wp_cli_free(wp_options *o);

#endif
