/* The per-file phase run on several threads (-j N): each file is parsed and
 * its facts extracted on a worker of a wpool pool (wp_pool_new /
 * wp_pool_submit / wp_pool_wait: the checker uses the runtime it checks).
 * Every worker owns one CXIndex (libclang's index is not shared between
 * threads that parse) and disposes of each translation unit before it parses
 * the next.  A file's facts go into a program of their own and are merged
 * into the whole program in file order, with clang's messages for the file,
 * so the output does not depend on N or on the schedule. */
#ifndef WPCHECK_PARALLEL_H
#define WPCHECK_PARALLEL_H
#include <stddef.h>

#include "config.h"
#include "ir.h"

/* The most workers -j may ask for (cli.c checks it). */
#define WP_MAX_JOBS 256

typedef struct wp_input {
  const char *path;
  char **args; /* the file's own clang flags (compile database, .wpcheck), put before the command line's */
  int nargs;
  const char *contents; /* NULL: read from path; else the file's text (len bytes), checked from memory */
  size_t len;
  const wp_spawners *spawners; /* the file's spawn wrappers (its .wpcheck files), NULL: none */
} wp_input;

/* Parses and extracts every input into prog (tu index = position in
 * inputs) with `jobs` workers (<= 0: one per online core).  Messages about
 * files that do not parse are printed on stderr in input order.  Returns how
 * many inputs could not be parsed.  Whatever the inputs point to
 * (configuration files, spawner wrappers) must be read before the call:
 * the workers only read it. */
int wp_extract_all(wp_program *prog, const wp_input *inputs, int ninputs, char **clang_args, int nclang_args,
                   int jobs);

/* The default for -j: the number of online cores (at least 1). */
int wp_default_jobs(void);

/* Appends src's facts to dst, renumbering src's strings into dst's table,
 * and empties src (its storage is moved or freed). */
void wp_program_merge(wp_program *dst, wp_program *src);

#endif
