/* Parsing one file into a translation unit, with the flags wpcheck adds
 * (the runtime's include directory, found without flags) and clang's own
 * diagnostics printed on stderr when the file does not parse. */
#ifndef WPCHECK_PARSE_H
#define WPCHECK_PARSE_H
#include <clang-c/Index.h>
#include <stdio.h>

typedef struct wp_parser {
  CXIndex index;
  char **args;
  int nargs;
  char *include_arg;
  FILE *diag; /* where wp_parse writes its messages (stderr by default) */
} wp_parser;

void wp_parser_init(wp_parser *ps, char **user_args, int nuser);
/* 0 and *tu on success; -1 (message on stderr) if the file does not parse. */
int wp_parse(wp_parser *ps, const char *path, CXTranslationUnit *tu);
/* As wp_parse, with the file's own flags (compile database, .wpcheck) put
 * before the command line's, and with the file's text taken from memory
 * when contents is not NULL (len bytes, given to libclang as the unsaved
 * file named path: nothing is read from path itself). */
int wp_parse_args(wp_parser *ps, const char *path, const char *contents, size_t len, char **file_args, int nfile,
                  CXTranslationUnit *tu);
void wp_parser_free(wp_parser *ps);
/* The directory holding wpool.h that wpcheck uses, or NULL. */
const char *wp_runtime_include_dir(void);

#endif
