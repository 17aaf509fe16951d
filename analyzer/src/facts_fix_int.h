/* Internal to facts_fix*.c: the main file's text (facts_fix_text.c) and the
 * fix-it facts of a node, shared by facts_fix.c (adds, spawns) and
 * facts_fix_byvalue.c (waitgroups by value, the whole unit). */
#ifndef WPCHECK_FACTS_FIX_INT_H
#define WPCHECK_FACTS_FIX_INT_H
#include <clang-c/Index.h>

#include "facts_int.h"

#define WP_MAX_WRITTEN_ARGS 32

/* ---- the main file's text ------------------------------------------------ */

typedef struct wp_text {
  CXTranslationUnit tu;
  CXFile file;
  const char *s;
  long len;
} wp_text;

/* 0 if libclang has no text for the unit's main file */
int wp_main_text(wp_builder *b, wp_text *t);
/* l's offset in the main file; -1 if it lies elsewhere */
long wp_offset_of(const wp_text *t, CXSourceLocation l);
/* The cursor's extent [*s, *e) in the main file; 0 if it is not there. */
int wp_span(const wp_text *t, CXCursor c, long *s, long *e);
/* the 1-based line and column of offset off; 0 if there is none */
int wp_line_col(const wp_text *t, long off, int *line, int *col);
/* replace [s, e) by repl; wp_no_edit if [s, e) is not in the text */
wp_edit wp_edit_at(const wp_text *t, long s, long e, const char *repl);
/* [s, e) as a malloc'd string */
char *wp_dup_span(const wp_text *t, long s, long e);
/* Is word at [i, e), not followed by more of an identifier? */
int wp_word_at(const wp_text *t, long i, long e, const char *word);
/* past the white space from i, at most e */
long wp_skip_space(const wp_text *t, long i, long e);

static const wp_edit wp_no_edit = {0, 0, 0, 0, NULL};

static inline int wp_blank(char c) { return c == ' ' || c == '\t'; }
static inline int wp_space(char c) { return wp_blank(c) || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
static inline enum CXCursorKind wp_kind(CXCursor c) { return clang_getCursorKind(c); }

/* ---- calls as written ---------------------------------------------------- */

typedef struct wp_written_call {
  long name_s, name_e, open;
  long arg_s[WP_MAX_WRITTEN_ARGS], arg_e[WP_MAX_WRITTEN_ARGS];
  int nargs;
} wp_written_call;

/* Reads `NAME ( ARGS )` at exactly [s, e); 0 if the text there is anything
 * else. */
int wp_read_call(const wp_text *t, long s, long e, wp_written_call *w);
/* Is the call, as written, of name? */
int wp_call_name_is(const wp_text *t, const wp_written_call *w, const char *name);

/* ---- facts_fix.c --------------------------------------------------------- */

/* Node n's fix-it facts (wp_node.fix), made on first use. */
wp_node_fix *wp_fix_node(wp_builder *b, int n);

#endif
