#include "compdb.h"

#include <clang-c/CXCompilationDatabase.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static char *cxstr(CXString s)
{
  const char *c = clang_getCString(s);
  char *r = wp_xstrdup(c ? c : "");
  clang_disposeString(s);
  return r;
}

static char *resolve(const char *dir, const char *file)
{
  char *joined = file[0] == '/' ? wp_xstrdup(file) : wp_xasprintf("%s/%s", dir, file);
  char abs[PATH_MAX];
  if (realpath(joined, abs) != NULL) {
    free(joined);
    return wp_xstrdup(abs);
  }
  return joined;
}

/* flags that write files or turn warnings into errors; the second list takes
 * a value as the next argument */
static int dropped(const char *a)
{
  static const char *const exact[] = {"-c", "-M", "-MM", "-MD", "-MMD", "-MP", "-MG", "-Werror",
                                      "-pedantic-errors", "-fsyntax-only", NULL};
  for (int i = 0; exact[i]; i++)
    if (strcmp(a, exact[i]) == 0)
      return 1;
  return strncmp(a, "-Werror=", 8) == 0 || strncmp(a, "-o", 2) == 0 || strncmp(a, "-MF", 3) == 0 ||
         strncmp(a, "-MT", 3) == 0 || strncmp(a, "-MQ", 3) == 0;
}

static int takes_value(const char *a)
{
  return strcmp(a, "-o") == 0 || strcmp(a, "-MF") == 0 || strcmp(a, "-MT") == 0 || strcmp(a, "-MQ") == 0;
}

static void add_command(wp_compdb *db, CXCompileCommand cmd)
{
  char *dir = cxstr(clang_CompileCommand_getDirectory(cmd));
  char *file = cxstr(clang_CompileCommand_getFilename(cmd));
  wp_compdb_entry e;
  memset(&e, 0, sizeof e);
  e.file = resolve(dir, file);
  if (wp_compdb_find(db, e.file) != NULL) { /* the first command of a file wins */
    free(e.file);
    free(dir);
    free(file);
    return;
  }
  WP_PUSH(e.args, e.nargs, e.capargs, wp_xasprintf("-working-directory=%s", dir));
  unsigned n = clang_CompileCommand_getNumArgs(cmd);
  for (unsigned i = 1; i < n; i++) { /* 0 is the compiler */
    char *a = cxstr(clang_CompileCommand_getArg(cmd, i));
    char *abs = NULL;
    if (a[0] != '-')
      abs = resolve(dir, a);
    if (takes_value(a)) {
      i++;
    } else if (dropped(a) || strcmp(a, file) == 0 || (abs != NULL && strcmp(abs, e.file) == 0) ||
               strcmp(a, "--") == 0) {
      /* dropped */
    } else {
      WP_PUSH(e.args, e.nargs, e.capargs, a);
      a = NULL;
    }
    free(a);
    free(abs);
  }
  WP_PUSH(db->v, db->n, db->cap, e);
  free(dir);
  free(file);
}

int wp_compdb_load(wp_compdb *db, const char *build_dir)
{
  memset(db, 0, sizeof *db);
  CXCompilationDatabase_Error err = CXCompilationDatabase_NoError;
  CXCompilationDatabase cdb = clang_CompilationDatabase_fromDirectory(build_dir, &err);
  /* as clang-tidy does: both the handle and the error code */
  if (cdb == NULL || err != CXCompilationDatabase_NoError) {
    fprintf(stderr, "wpcheck: error: cannot load a compilation database from '%s' (is there a "
                    "compile_commands.json? cmake -DCMAKE_EXPORT_COMPILE_COMMANDS=ON writes one)\n",
            build_dir);
    if (cdb != NULL)
      clang_CompilationDatabase_dispose(cdb);
    return -1;
  }
  CXCompileCommands cmds = clang_CompilationDatabase_getAllCompileCommands(cdb);
  unsigned n = cmds != NULL ? clang_CompileCommands_getSize(cmds) : 0;
  for (unsigned i = 0; i < n; i++) {
    CXCompileCommand c = clang_CompileCommands_getCommand(cmds, i);
    if (c != NULL)
      add_command(db, c);
  }
  if (cmds != NULL)
    clang_CompileCommands_dispose(cmds);
  clang_CompilationDatabase_dispose(cdb);
  return 0;
}

const wp_compdb_entry *wp_compdb_find(const wp_compdb *db, const char *path)
{
  char abs[PATH_MAX];
  const char *p = realpath(path, abs) != NULL ? abs : path;
  for (int i = 0; i < db->n; i++)
    if (strcmp(db->v[i].file, p) == 0)
      return &db->v[i];
  return NULL;
}

void wp_compdb_free(wp_compdb *db)
{
  for (int i = 0; i < db->n; i++) {
    free(db->v[i].file);
    for (int k = 0; k < db->v[i].nargs; k++)
      free(db->v[i].args[k]);
    free(db->v[i].args);
  }
  free(db->v);
  memset(db, 0, sizeof *db);
}
