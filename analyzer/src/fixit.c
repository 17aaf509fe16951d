#include "fixit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

typedef struct edit {
  size_t start, end;
  const char *text;
} edit;

/* byte offset of line:col in text, or -1 */
static long offset_of(const char *text, size_t len, int line, int col)
{
  size_t off = 0;
  for (int l = 1; l < line; l++) {
    const char *nl = memchr(text + off, '\n', len - off);
    if (nl == NULL)
      return -1;
    off = (size_t)(nl - text) + 1;
  }
  const char *nl = memchr(text + off, '\n', len - off);
  size_t eol = nl ? (size_t)(nl - text) : len;
  if (col < 1 || off + (size_t)col - 1 > eol + 1)
    return -1;
  return (long)(off + (size_t)col - 1);
}

static int cmp_edit(const void *a, const void *b)
{
  const edit *x = a, *y = b;
  return x->start < y->start ? 1 : x->start > y->start ? -1 : 0; /* from the end backwards */
}

static int fix_file(const wp_report *r, const wp_strtab *strs, int file)
{
  const char *path = wp_str(strs, file);
  size_t len = 0;
  char *text = wp_read_file(path, &len);
  if (text == NULL) {
    fprintf(stderr, "wpcheck: error: --fix: cannot read '%s'\n", path);
    return -1;
  }
  edit *taken = NULL;
  int ntaken = 0, cap = 0, fixed = 0;
  for (int i = r->n - 1; i >= 0; i--) { /* findings are sorted: the last first */
    const wp_finding *f = &r->v[i];
    if (f->nfixes == 0 || f->fixes[0].start.file != file)
      continue;
    int ok = 1, first = ntaken;
    for (int k = 0; k < f->nfixes && ok; k++) {
      const wp_fixit *x = &f->fixes[k];
      long s = offset_of(text, len, x->start.line, x->start.col);
      long e = offset_of(text, len, x->end.line, x->end.col);
      if (x->start.file != file || s < 0 || e < s) {
        ok = 0;
        break;
      }
      for (int t = 0; t < ntaken && ok; t++) /* overlapping or touching: not both */
        if ((size_t)s <= taken[t].end && taken[t].start <= (size_t)e)
          ok = 0;
      edit ed = {(size_t)s, (size_t)e, x->text};
      if (ok)
        WP_PUSH(taken, ntaken, cap, ed);
    }
    if (!ok)
      ntaken = first; /* all of a finding's fix-its, or none */
    else
      fixed++;
  }
  int rc = 0;
  if (ntaken > 0) {
    qsort(taken, (size_t)ntaken, sizeof *taken, cmp_edit);
    char *tmp = wp_xasprintf("%s.wpcheck-fix", path);
    FILE *out = fopen(tmp, "wb");
    if (out == NULL) {
      fprintf(stderr, "wpcheck: error: --fix: cannot write '%s'\n", tmp);
      rc = -1;
    } else {
      /* taken is sorted from the end backwards; write the text forwards
       * between the edits */
      size_t pos = 0;
      for (int t = ntaken - 1; t >= 0; t--) {
        fwrite(text + pos, 1, taken[t].start - pos, out);
        fputs(taken[t].text, out);
        pos = taken[t].end;
      }
      fwrite(text + pos, 1, len - pos, out);
      if (fclose(out) != 0 || rename(tmp, path) != 0) {
        fprintf(stderr, "wpcheck: error: --fix: cannot write '%s'\n", path);
        remove(tmp);
        rc = -1;
      } else {
        fprintf(stderr, "wpcheck: %s: applied the fix-its of %d finding%s\n", path, fixed, fixed == 1 ? "" : "s");
      }
    }
    free(tmp);
  }
  free(taken);
  free(text);
  return rc < 0 ? -1 : fixed;
}

int wp_fixit_apply(const wp_report *r, const wp_strtab *strs)
{
  int total = 0, failed = 0;
  for (int i = 0; i < r->n; i++) {
    if (r->v[i].nfixes == 0)
      continue;
    int file = r->v[i].fixes[0].start.file, done = 0;
    for (int k = 0; k < i && !done; k++)
      done = r->v[k].nfixes > 0 && r->v[k].fixes[0].start.file == file;
    if (done)
      continue;
    int n = fix_file(r, strs, file);
    if (n < 0)
      failed = 1;
    else
      total += n;
  }
  return failed ? -1 : total;
}
