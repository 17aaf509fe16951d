/* file:line:col: warning: message [rule], the source line and a caret, then
 * the notes — as GCC and Clang print them. */
#include <string.h>

#include "output.h"
#include "registry.h"

#define BOLD "\033[1m"
#define MAGENTA "\033[1;35m"
#define RED "\033[1;31m"
#define CYAN "\033[1;36m"
#define GREEN "\033[1;32m"
#define RESET "\033[0m"

static void source_and_caret(FILE *out, wp_sources *src, const char *path, int line, int col, int color)
{
  int len = 0;
  const char *text = wp_source_line(src, path, line, &len);
  if (text == NULL)
    return;
  fprintf(out, "%.*s\n", len, text);
  for (int i = 0; i < col - 1 && i < len; i++)
    fputc(text[i] == '\t' ? '\t' : ' ', out);
  fprintf(out, "%s^%s\n", color ? GREEN : "", color ? RESET : "");
}

/* s escaped as clang escapes a fix-it's file and text (raw_ostream's
 * write_escaped) */
static void put_escaped(FILE *out, const char *s)
{
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    if (*c == '\n')
      fputs("\\n", out);
    else if (*c == '\t')
      fputs("\\t", out);
    else if (*c == '"' || *c == '\\')
      fprintf(out, "\\%c", *c);
    else if (*c < 0x20 || *c == 0x7f)
      fprintf(out, "\\%03o", *c);
    else
      fputc(*c, out);
  }
}

void wp_output_text(FILE *out, const wp_report *r, const wp_strtab *strs, wp_sources *src, int color)
{
  for (int i = 0; i < r->n; i++) {
    const wp_finding *f = &r->v[i];
    const wp_rule_info *ri = wp_rule_info_of(f->rule);
    const char *path = wp_str(strs, f->loc.file);
    int is_error = strcmp(ri->severity, "error") == 0;
    fprintf(out, "%s%s:%d:%d:%s %s%s:%s %s%s%s [%s]\n", color ? BOLD : "", path, f->loc.line, f->loc.col,
            color ? RESET : "", color ? (is_error ? RED : MAGENTA) : "", ri->severity, color ? RESET : "",
            color ? BOLD : "", f->msg, color ? RESET : "", ri->name);
    source_and_caret(out, src, path, f->loc.line, f->loc.col, color);
    for (int k = 0; k < f->nnotes; k++) {
      const wp_note *n = &f->notes[k];
      const char *np = wp_str(strs, n->loc.file);
      fprintf(out, "%s%s:%d:%d:%s %snote:%s %s\n", color ? BOLD : "", np, n->loc.line, n->loc.col,
              color ? RESET : "", color ? CYAN : "", color ? RESET : "", n->msg);
      source_and_caret(out, src, np, n->loc.line, n->loc.col, color);
    }
    for (int k = 0; k < f->nfixes; k++) { /* as clang's -fdiagnostics-parseable-fixits */
      const wp_fixit *x = &f->fixes[k];
      fputs("fix-it:\"", out);
      put_escaped(out, wp_str(strs, x->start.file));
      fprintf(out, "\":{%d:%d-%d:%d}:\"", x->start.line, x->start.col, x->end.line, x->end.col);
      put_escaped(out, x->text);
      fputs("\"\n", out);
    }
  }
  if (r->n > 0)
    fprintf(out, "%d warning%s generated.\n", r->n, r->n == 1 ? "" : "s");
}
