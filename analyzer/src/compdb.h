/* -p BUILD_DIR: compile_commands.json read through libclang's
 * CXCompilationDatabase; each file's flags as clang needs them to parse it
 * (the compiler, -c, -o, dependency outputs and -Werror dropped, the
 * command's directory kept as -working-directory). */
#ifndef WPCHECK_COMPDB_H
#define WPCHECK_COMPDB_H

typedef struct wp_compdb_entry {
  char *file; /* absolute (resolved when it exists) */
  char **args;
  int nargs, capargs;
} wp_compdb_entry;

typedef struct wp_compdb {
  wp_compdb_entry *v;
  int n, cap;
} wp_compdb;

/* 0 on success; -1 with a message on stderr. */
int wp_compdb_load(wp_compdb *db, const char *build_dir);
/* The entry for path (compared after resolving it), or NULL. */
const wp_compdb_entry *wp_compdb_find(const wp_compdb *db, const char *path);
void wp_compdb_free(wp_compdb *db);

#endif
