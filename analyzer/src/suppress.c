#include "suppress.h"

#include <ctype.h>
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

static wp_source_file *load(wp_sources *s, const char *path)
{
  for (int i = 0; i < s->n; i++)
    if (strcmp(s->v[i].path, path) == 0)
      return &s->v[i];
  wp_source_file f;
  memset(&f, 0, sizeof f);
  f.path = wp_xstrdup(path);
  f.text = wp_read_file(path, NULL);
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

/* Does the line carry `wpcheck: ignore[...]` naming the rule? */
static int line_ignores(const char *line, int rule)
{
  const char *p = line;
  while ((p = strstr(p, "wpcheck:")) != NULL) {
    p += 8;
    while (*p == ' ' || *p == '\t')
      p++;
    if (strncmp(p, "ignore[", 7) != 0)
      continue;
    p += 7;
    const char *end = strchr(p, ']');
    if (end == NULL)
      return 0;
    while (p < end) {
      while (p < end && (isspace((unsigned char)*p) || *p == ','))
        p++;
      const char *w = p;
      while (p < end && *p != ',' && !isspace((unsigned char)*p))
        p++;
      size_t n = (size_t)(p - w);
      if (n == 0)
        continue;
      if ((strlen(wp_rules[rule].name) == n && strncmp(w, wp_rules[rule].name, n) == 0) ||
          (strlen(wp_rules[rule].id) == n && strncasecmp(w, wp_rules[rule].id, n) == 0) ||
          (n == 3 && strncmp(w, "all", 3) == 0))
        return 1;
    }
  }
  return 0;
}

void wp_suppress(wp_report *r, const wp_strtab *strs, wp_sources *src)
{
  for (int i = 0; i < r->n;) {
    wp_finding *f = &r->v[i];
    const char *path = wp_str(strs, f->loc.file);
    int drop = 0;
    for (int d = 0; d <= 1 && !drop; d++) {
      const char *l = wp_source_line(src, path, f->loc.line - d, NULL);
      drop = l != NULL && line_ignores(l, f->rule);
    }
    if (drop)
      wp_report_remove(r, i);
    else
      i++;
  }
}
