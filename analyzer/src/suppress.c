#include "suppress.h"

#include <ctype.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"

typedef struct wp_source_file {
  char *path;
  char *text; /* NULL: unreadable */
  const char **lines;
  int nlines, cap;
} wp_source_file;

struct wp_sources {
  wp_source_file *v;
  int n, cap;
};

wp_sources *wp_sources_new(void)
{
  return wp_xcalloc(1, sizeof(wp_sources));
}

void wp_sources_free(wp_sources *s)
{
  if (s == NULL)
    return;
  for (int i = 0; i < s->n; i++) {
    free(s->v[i].path);
    free(s->v[i].text);
    free(s->v[i].lines);
  }
  free(s->v);
  free(s);
}

static wp_source_file *find(wp_sources *s, const char *path)
{
  for (int i = 0; i < s->n; i++)
    if (strcmp(s->v[i].path, path) == 0)
      return &s->v[i];
  return NULL;
}

/* Adds path with text (malloc'd, NUL-terminated, owned; NULL: unreadable),
 * split into lines in place. */
static wp_source_file *add(wp_sources *s, const char *path, char *text)
{
  wp_source_file f;
  memset(&f, 0, sizeof f);
  f.path = wp_xstrdup(path);
  f.text = text;
  if (f.text != NULL) {
    char *p = f.text;
    for (;;) {
      WP_PUSH(f.lines, f.nlines, f.cap, p);
      char *nl = strchr(p, '\n');
      if (nl == NULL)
        break;
      *nl = '\0';
      p = nl + 1;
    }
  }
  WP_PUSH(s->v, s->n, s->cap, f);
  return &s->v[s->n - 1];
}

static wp_source_file *load(wp_sources *s, const char *path)
{
  wp_source_file *f = find(s, path);
  return f != NULL ? f : add(s, path, wp_read_file(path, NULL));
}

int wp_sources_set(wp_sources *s, const char *path, const char *text, size_t len)
{
  if (find(s, path) != NULL)
    return -1;
  char *copy = wp_xmalloc(len + 1);
  memcpy(copy, text, len);
  copy[len] = '\0';
  add(s, path, copy);
  return 0;
}

const char *wp_source_line(wp_sources *s, const char *path, int line, int *len)
{
  wp_source_file *f = load(s, path);
  if (f->text == NULL || line < 1 || line > f->nlines)
    return NULL;
  const char *l = f->lines[line - 1];
  int n = (int)strlen(l);
  if (n > 0 && l[n - 1] == '\r')
    n--;
  if (len)
    *len = n;
  return l;
}

/* One `wpcheck: ignore[RULE,...] reason` comment. */
typedef struct supp {
  int file; /* interned path */
  int line, col;
  char **rules; /* as written */
  int nrules;
  int has_reason;
  int used;
} supp;

typedef struct supps {
  supp *v;
  int n, cap;
  int *scanned; /* files already scanned */
  int nscanned, capscanned;
} supps;

/* Does the text before p end with a comment opener (spaces between)? */
static int after_comment_opener(const char *line, const char *p)
{
  while (p > line && (p[-1] == ' ' || p[-1] == '\t'))
    p--;
  return p - line >= 2 && p[-2] == '/' && (p[-1] == '/' || p[-1] == '*');
}

static void scan_line(supps *ss, int file, int lineno, const char *line, int len)
{
  const char *end = line + len;
  for (const char *p = line; (p = strstr(p, "wpcheck:")) != NULL && p < end;) {
    const char *at = p;
    p += 8;
    if (!after_comment_opener(line, at))
      continue;
    while (*p == ' ' || *p == '\t')
      p++;
    if (strncmp(p, "ignore[", 7) != 0)
      continue;
    p += 7;
    const char *close = strchr(p, ']');
    if (close == NULL || close > end)
      continue;
    supp s;
    memset(&s, 0, sizeof s);
    s.file = file;
    s.line = lineno;
    s.col = (int)(at - line) + 1;
    int cap = 0;
    while (p < close) {
      while (p < close && (isspace((unsigned char)*p) || *p == ','))
        p++;
      const char *w = p;
      while (p < close && *p != ',' && !isspace((unsigned char)*p))
        p++;
      if (p > w) {
        char *r = wp_xmalloc((size_t)(p - w) + 1);
        memcpy(r, w, (size_t)(p - w));
        r[p - w] = '\0';
        WP_PUSH(s.rules, s.nrules, cap, r);
      }
    }
    /* the reason: any word after the ']' before the comment ends */
    const char *q = close + 1;
    while (q < end && (isspace((unsigned char)*q) || *q == '-' || *q == ':'))
      q++;
    s.has_reason = q < end && !(q[0] == '*' && q + 1 < end && q[1] == '/');
    WP_PUSH(ss->v, ss->n, ss->cap, s);
    p = close + 1;
  }
}

static void scan_file(supps *ss, wp_sources *src, const wp_strtab *strs, int file)
{
  for (int i = 0; i < ss->nscanned; i++)
    if (ss->scanned[i] == file)
      return;
  WP_PUSH(ss->scanned, ss->nscanned, ss->capscanned, file);
  const char *path = wp_str(strs, file);
  /* A file not read yet is read for the scan alone and let go: keeping
   * every checked file's text until the output would make memory grow
   * with the number of files; the output reads again the few it shows. */
  wp_sources *from = find(src, path) != NULL ? src : wp_sources_new();
  for (int line = 1;; line++) {
    int len = 0;
    const char *l = wp_source_line(from, path, line, &len);
    if (l == NULL)
      break;
    if (memmem(l, (size_t)len, "wpcheck:", 8) != NULL)
      scan_line(ss, file, line, l, len);
  }
  if (from != src)
    wp_sources_free(from);
}

static int names_rule(const char *w, int rule)
{
  return strcmp(w, wp_rules[rule].name) == 0 || strcasecmp(w, wp_rules[rule].id) == 0 || strcmp(w, "all") == 0;
}

static int known_rule(const char *w)
{
  return strcmp(w, "all") == 0 || wp_rule_find(w) >= 0;
}

void wp_suppress(wp_report *r, wp_strtab *strs, wp_sources *src, char **files, int nfiles,
                 const unsigned char *checked)
{
  supps ss;
  memset(&ss, 0, sizeof ss);
  for (int i = 0; i < nfiles; i++)
    scan_file(&ss, src, strs, wp_intern(strs, files[i]));
  for (int i = 0; i < r->n; i++)
    scan_file(&ss, src, strs, r->v[i].loc.file);

  for (int i = 0; i < r->n;) {
    wp_finding *f = &r->v[i];
    int drop = 0;
    for (int k = 0; k < ss.n; k++) {
      supp *s = &ss.v[k];
      if (s->file != f->loc.file || (s->line != f->loc.line && s->line != f->loc.line - 1) || !s->has_reason)
        continue;
      for (int w = 0; w < s->nrules; w++)
        if (names_rule(s->rules[w], f->rule)) {
          s->used = 1;
          drop = 1;
        }
    }
    if (drop)
      wp_report_remove(r, i);
    else
      i++;
  }

  for (int k = 0; k < ss.n; k++) {
    supp *s = &ss.v[k];
    wp_loc loc = {s->file, s->line, s->col};
    char *msg = NULL;
    if (s->nrules == 0) {
      msg = wp_xstrdup("suppression names no rule: write `wpcheck: ignore[RULE] reason`");
    } else if (!s->has_reason) {
      msg = wp_xasprintf("suppression of [%s] has no reason, so it does not suppress anything; write why "
                         "after the ']'",
                         s->rules[0]);
    } else if (!s->used) {
      int stale = 1;
      for (int w = 0; w < s->nrules; w++) {
        int rule = wp_rule_find(s->rules[w]);
        if (!known_rule(s->rules[w])) {
          msg = wp_xasprintf("suppression names an unknown rule '%s' (see --list-rules)", s->rules[w]);
          break;
        }
        /* a rule that was not checked in this run cannot go stale */
        if (rule >= 0 && (!wp_rules[rule].is_static || (checked != NULL && !checked[rule])))
          stale = 0;
      }
      if (msg == NULL && stale)
        msg = wp_xasprintf("suppression of [%s] matches no finding on this line or the next; remove it",
                           s->rules[0]);
    }
    if (msg != NULL)
      wp_report_add(r, WP_RULE_SUPPRESSION, loc, msg);
    for (int w = 0; w < s->nrules; w++)
      free(s->rules[w]);
    free(s->rules);
  }
  free(ss.v);
  free(ss.scanned);
  wp_report_finish(r, strs);
}
