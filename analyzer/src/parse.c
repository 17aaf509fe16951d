#include "parse.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "wpcheck_config.h"

static int has_header(const char *dir)
{
  char *p = wp_xasprintf("%s/wpool.h", dir);
  int ok = access(p, R_OK) == 0;
  free(p);
  return ok;
}

const char *wp_runtime_include_dir(void)
{
  static char found[PATH_MAX];
  static int done;
  if (done)
    return found[0] ? found : NULL;
  done = 1;
  const char *env = getenv("WPCHECK_INCLUDE_DIR");
  const char *candidates[] = {env, WPCHECK_SOURCE_INCLUDE_DIR, WPCHECK_INSTALL_INCLUDE_DIR};
  for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
    if (candidates[i] != NULL && candidates[i][0] && has_header(candidates[i])) {
      snprintf(found, sizeof found, "%s", candidates[i]);
      return found;
    }
  /* an installed tree moved elsewhere: <prefix>/bin/wpcheck, <prefix>/include */
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash != NULL) {
      *slash = '\0';
      char *dir = wp_xasprintf("%s/../include", exe);
      if (has_header(dir))
        snprintf(found, sizeof found, "%s", dir);
      free(dir);
    }
  }
  return found[0] ? found : NULL;
}

void wp_parser_init(wp_parser *ps, char **user_args, int nuser)
{
  memset(ps, 0, sizeof *ps);
  ps->diag = stderr;
  ps->index = clang_createIndex(0, 0);
  ps->args = wp_xcalloc((size_t)nuser + 8, sizeof *ps->args);
  ps->args[ps->nargs++] = "-xc";
  ps->args[ps->nargs++] = "-std=gnu11";
  for (int i = 0; i < nuser; i++)
    ps->args[ps->nargs++] = user_args[i];
  const char *inc = wp_runtime_include_dir();
  if (inc != NULL) {
    ps->include_arg = wp_xasprintf("-I%s", inc);
    ps->args[ps->nargs++] = ps->include_arg; /* after the user's -I: theirs win */
  }
}

static const char *describe(enum CXErrorCode e)
{
  switch (e) {
  case CXError_Success: return "success";
  case CXError_Failure: return "libclang could not parse it";
  case CXError_Crashed: return "libclang crashed while parsing it";
  case CXError_InvalidArguments: return "invalid arguments to libclang";
  case CXError_ASTReadError: return "AST read error";
  }
  return "unknown libclang error";
}

static int parse_with(wp_parser *ps, const char *path, struct CXUnsavedFile *unsaved, char **args, int nargs,
                      CXTranslationUnit *tu);

int wp_parse(wp_parser *ps, const char *path, CXTranslationUnit *tu)
{
  return wp_parse_args(ps, path, NULL, 0, NULL, 0, tu);
}

int wp_parse_args(wp_parser *ps, const char *path, const char *contents, size_t len, char **file_args, int nfile,
                  CXTranslationUnit *tu)
{
  *tu = NULL;
  /* -xc -std=gnu11, the file's own flags, then the command line's */
  char **args = ps->args;
  int nargs = ps->nargs;
  if (nfile > 0) {
    args = wp_xcalloc((size_t)(ps->nargs + nfile), sizeof *args);
    nargs = 0;
    for (int i = 0; i < 2 && i < ps->nargs; i++)
      args[nargs++] = ps->args[i];
    for (int i = 0; i < nfile; i++)
      args[nargs++] = file_args[i];
    for (int i = 2; i < ps->nargs; i++)
      args[nargs++] = ps->args[i];
  }
  struct CXUnsavedFile unsaved = {path, contents, (unsigned long)len};
  int rc = parse_with(ps, path, contents != NULL ? &unsaved : NULL, args, nargs, tu);
  if (args != ps->args)
    free(args);
  return rc;
}

static int parse_with(wp_parser *ps, const char *path, struct CXUnsavedFile *unsaved, char **args, int nargs,
                      CXTranslationUnit *tu)
{
  FILE *out = ps->diag != NULL ? ps->diag : stderr;
  if (ps->index == NULL) {
    fprintf(out, "wpcheck: error: %s: libclang could not create an index\n", path);
    return -1;
  }
  enum CXErrorCode e = clang_parseTranslationUnit2(ps->index, path, (const char *const *)args, nargs, unsaved,
                                                   unsaved != NULL ? 1 : 0, CXTranslationUnit_KeepGoing, tu);
  if (e != CXError_Success || *tu == NULL) {
    fprintf(out, "wpcheck: error: %s: %s\n", path, describe(e));
    *tu = NULL;
    return -1;
  }
  unsigned n = clang_getNumDiagnostics(*tu);
  int errors = 0;
  for (unsigned i = 0; i < n; i++) {
    CXDiagnostic d = clang_getDiagnostic(*tu, i);
    if (d == NULL)
      continue;
    enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
    if (sev >= CXDiagnostic_Error) {
      if (errors == 0)
        fprintf(out, "wpcheck: error: %s does not parse; it is not checked:\n", path);
      errors++;
      CXString s = clang_formatDiagnostic(d, clang_defaultDiagnosticDisplayOptions());
      const char *cs = clang_getCString(s);
      fprintf(out, "%s\n", cs ? cs : "(no text)");
      clang_disposeString(s);
    }
    clang_disposeDiagnostic(d);
  }
  if (errors > 0) {
    clang_disposeTranslationUnit(*tu);
    *tu = NULL;
    return -1;
  }
  return 0;
}

void wp_parser_free(wp_parser *ps)
{
  if (ps->index != NULL)
    clang_disposeIndex(ps->index);
  free(ps->args);
  free(ps->include_arg);
  memset(ps, 0, sizeof *ps);
}
