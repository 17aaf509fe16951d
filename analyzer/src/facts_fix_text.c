/* The main file's text for the fix-it facts (facts_fix.c,
 * facts_fix_byvalue.c): offsets and spans of cursors in it, edits of it, and
 * a call's name and arguments as written there. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "facts_fix_int.h"

/* ---- the main file's text ------------------------------------------------ */

int wp_main_text(wp_builder *b, wp_text *t)
{
  CXString name = clang_getTranslationUnitSpelling(b->tu);
  const char *cs = clang_getCString(name);
  t->tu = b->tu;
  t->file = cs != NULL ? clang_getFile(b->tu, cs) : NULL;
  clang_disposeString(name);
  size_t n = 0;
  t->s = t->file != NULL ? clang_getFileContents(b->tu, t->file, &n) : NULL;
  t->len = (long)n;
  return t->s != NULL;
}

/* l's offset in the main file (a macro's argument where it is written, the
 * rest of a macro where it is used); -1 if it lies elsewhere */
long wp_offset_of(const wp_text *t, CXSourceLocation l)
{
  CXFile f = NULL;
  unsigned off = 0;
  clang_getFileLocation(l, &f, NULL, NULL, &off);
  if (f == NULL || !clang_File_isEqual(f, t->file) || (long)off > t->len)
    return -1;
  return (long)off;
}

/* The cursor's extent [*s, *e) in the main file; 0 if it is not there. */
int wp_span(const wp_text *t, CXCursor c, long *s, long *e)
{
  CXSourceRange r = clang_getCursorExtent(c);
  *s = wp_offset_of(t, clang_getRangeStart(r));
  *e = wp_offset_of(t, clang_getRangeEnd(r));
  return *s >= 0 && *e >= *s;
}

int wp_line_col(const wp_text *t, long off, int *line, int *col)
{
  unsigned l = 0, c = 0;
  clang_getFileLocation(clang_getLocationForOffset(t->tu, t->file, (unsigned)off), NULL, &l, &c, NULL);
  *line = (int)l;
  *col = (int)c;
  return l > 0 && c > 0;
}

/* replace [s, e) by repl */
wp_edit wp_edit_at(const wp_text *t, long s, long e, const char *repl)
{
  wp_edit x = wp_no_edit;
  if (s < 0 || e < s || e > t->len || !wp_line_col(t, s, &x.line, &x.col) ||
      !wp_line_col(t, e, &x.end_line, &x.end_col))
    return wp_no_edit;
  x.text = wp_xstrdup(repl);
  return x;
}

char *wp_dup_span(const wp_text *t, long s, long e)
{
  char *r = wp_xmalloc((size_t)(e - s) + 1);
  memcpy(r, t->s + s, (size_t)(e - s));
  r[e - s] = '\0';
  return r;
}

static int ident_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* Is word at [i, e), not followed by more of an identifier? */
int wp_word_at(const wp_text *t, long i, long e, const char *word)
{
  long n = (long)strlen(word);
  return i + n <= e && memcmp(t->s + i, word, (size_t)n) == 0 && (i + n == e || !ident_char(t->s[i + n]));
}

long wp_skip_space(const wp_text *t, long i, long e)
{
  while (i < e && wp_space(t->s[i]))
    i++;
  return i;
}

/* ---- calls as written ---------------------------------------------------- */

/* past the string or character literal, or the comment, starting at i;
 * i itself if there is none there; -1 if it does not end before e */
static long skip_literal(const wp_text *t, long i, long e)
{
  const char *p = t->s;
  if (p[i] == '"' || p[i] == '\'') {
    char q = p[i];
    for (i++; i < e && p[i] != q; i++)
      if (p[i] == '\\')
        i++;
    return i < e ? i + 1 : -1;
  }
  if (p[i] == '/' && i + 1 < e && p[i + 1] == '*') {
    for (i += 2; i + 1 < e && !(p[i] == '*' && p[i + 1] == '/'); i++)
      ;
    return i + 1 < e ? i + 2 : -1;
  }
  if (p[i] == '/' && i + 1 < e && p[i + 1] == '/') {
    while (i < e && p[i] != '\n')
      i++;
    return i;
  }
  return i;
}

static int push_arg(const wp_text *t, wp_written_call *w, long s, long e)
{
  if (w->nargs >= WP_MAX_WRITTEN_ARGS)
    return 0;
  s = wp_skip_space(t, s, e);
  while (e > s && wp_space(t->s[e - 1]))
    e--;
  w->arg_s[w->nargs] = s;
  w->arg_e[w->nargs] = e;
  w->nargs++;
  return 1;
}

/* Reads `NAME ( ARGS )` at exactly [s, e), splitting the arguments at the
 * commas outside brackets; 0 if the text there is anything else (a call
 * some other macro makes, a parenthesised callee). */
int wp_read_call(const wp_text *t, long s, long e, wp_written_call *w)
{
  const char *p = t->s;
  w->nargs = 0;
  if (s >= e || !(isalpha((unsigned char)p[s]) || p[s] == '_'))
    return 0;
  long i = s;
  while (i < e && ident_char(p[i]))
    i++;
  w->name_s = s;
  w->name_e = i;
  i = wp_skip_space(t, i, e);
  if (i >= e || p[i] != '(')
    return 0;
  w->open = i++;
  long start = i;
  int depth = 0;
  while (i < e) {
    long j = skip_literal(t, i, e);
    if (j < 0)
      return 0;
    if (j != i) {
      i = j;
      continue;
    }
    char c = p[i];
    if (c == '(' || c == '[' || c == '{') {
      depth++;
    } else if (c == ')' || c == ']' || c == '}') {
      if (depth == 0)
        break;
      depth--;
    } else if (c == ',' && depth == 0) {
      if (!push_arg(t, w, start, i))
        return 0;
      start = i + 1;
    }
    i++;
  }
  if (i != e - 1 || p[i] != ')')
    return 0;
  if ((w->nargs > 0 || wp_skip_space(t, start, i) < i) && !push_arg(t, w, start, i))
    return 0;
  return 1;
}

int wp_call_name_is(const wp_text *t, const wp_written_call *w, const char *name)
{
  size_t n = strlen(name);
  return (size_t)(w->name_e - w->name_s) == n && memcmp(t->s + w->name_s, name, n) == 0;
}
