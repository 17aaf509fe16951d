/* One run of wpcheck around the analysis proper (main.c): which files to
 * check and with which flags (-p's compile database, the .wpcheck files),
 * and what becomes of the findings (the .wpcheck rules, suppressions,
 * --diff, --fix, the output format, the exit status). */
#ifndef WPCHECK_SESSION_H
#define WPCHECK_SESSION_H
#include "cli.h"
#include "compdb.h"
#include "config.h"
#include "files.h"
#include "ir.h"
#include "report.h"

typedef struct wp_session {
  const wp_options *o;
  int have_db;
  wp_compdb db;
  wp_configs cfgs;
  char ***args; /* per checked file: its own clang flags */
  int *nargs;
  const wp_spawners **spawners; /* per checked file: its spawn wrappers, NULL: none */
  int nfiles;
} wp_session;

/* Fills files from the command line (or the compile database); 0, 1 if some
 * input could not be read (the others are checked), -1 if nothing can run
 * (messages on stderr). */
int wp_session_inputs(wp_session *s, const wp_options *o, wp_files *files);
/* The file's own clang flags (compile database, then .wpcheck). */
char **wp_session_args(wp_session *s, int file, int *nargs);
/* The file's spawn wrappers (its .wpcheck files), NULL if none. */
const wp_spawners *wp_session_spawners(const wp_session *s, int file);
/* Filters, suppresses, fixes and prints the findings; the exit status. */
int wp_session_finish(wp_session *s, wp_report *r, wp_program *prog, const wp_files *files, int could_not_run);
void wp_session_free(wp_session *s);

#endif
