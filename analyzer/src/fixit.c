#include "fixit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

typedef struct edit {
  size_t start, end;
  const char *text;
  long seq; /* the order edits were taken in: two insertions at one place keep it */
} edit;

/* A file the fix-its touch: its text as read, and the edits taken for it. */
typedef struct file_fix {
  int file;   /* interned path */
  char *text; /* NULL: it could not be read */
  size_t len;
  edit *taken;
  int ntaken, cap;
  int nfindings; /* findings with edits here */
} file_fix;

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
  if (line < 1 || col < 1 || off + (size_t)col - 1 > eol + 1 || off + (size_t)col - 1 > len)
    return -1;
  return (long)(off + (size_t)col - 1);
}

static int cmp_edit(const void *a, const void *b)
{
  const edit *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end) /* an insertion before a replacement starting at the same place */
    return x->end < y->end ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static file_fix *file_of(file_fix *files, int n, int file)
{
  for (int i = 0; i < n; i++)
    if (files[i].file == file)
      return &files[i];
  return NULL;
}

static int same_edit(const edit *x, const edit *y)
{
  return x->start == y->start && x->end == y->end && strcmp(x->text, y->text) == 0;
}

/* Is every edit already taken, from another finding with the same fix-it
 * (a parameter's and its calls' findings share one)? */
static int already_taken(edit *mine, file_fix **where, int n)
{
  for (int k = 0; k < n; k++) {
    int found = 0;
    for (int t = 0; t < where[k]->ntaken && !found; t++)
      found = same_edit(&mine[k], &where[k]->taken[t]);
    if (!found)
      return 0;
  }
  return 1;
}

/* Takes all of a finding's edits, or none: none if one cannot be placed,
 * if two of its own overlap, or if one overlaps or touches an edit of a
 * finding taken before (two fixes of one place: the first one wins).
 * 1 if the finding is fixed (taken now, or all of it before). */
static int take_finding(file_fix *files, int nfiles, const wp_finding *f, long *seq)
{
  edit *mine = wp_xcalloc((size_t)f->nfixes, sizeof *mine);
  file_fix **where = wp_xcalloc((size_t)f->nfixes, sizeof *where);
  int ok = 1;
  for (int k = 0; k < f->nfixes && ok; k++) {
    const wp_fixit *x = &f->fixes[k];
    file_fix *ff = file_of(files, nfiles, x->start.file);
    long s = ff && ff->text ? offset_of(ff->text, ff->len, x->start.line, x->start.col) : -1;
    long e = ff && ff->text ? offset_of(ff->text, ff->len, x->end.line, x->end.col) : -1;
    ok = s >= 0 && e >= s;
    mine[k] = (edit){(size_t)s, (size_t)e, x->text, 0};
    where[k] = ff;
  }
  for (int k = 0; k < f->nfixes && ok; k++)
    for (int j = 0; j < k && ok; j++)
      if (where[j] == where[k] && mine[j].start < mine[k].end && mine[k].start < mine[j].end)
        ok = 0;
  int before = ok && already_taken(mine, where, f->nfixes);
  for (int k = 0; k < f->nfixes && ok && !before; k++)
    for (int t = 0; t < where[k]->ntaken && ok; t++)
      if (mine[k].start <= where[k]->taken[t].end && where[k]->taken[t].start <= mine[k].end)
        ok = 0;
  for (int k = 0; k < f->nfixes && ok; k++) {
    int first_here = 1;
    for (int j = 0; j < k; j++)
      first_here &= where[j] != where[k];
    where[k]->nfindings += first_here;
    if (before)
      continue;
    mine[k].seq = (*seq)++;
    WP_PUSH(where[k]->taken, where[k]->ntaken, where[k]->cap, mine[k]);
  }
  free(mine);
  free(where);
  return ok;
}

/* Writes the file with its edits, through a temporary file renamed over it
 * (with the original's permissions). */
static int write_fixed(const wp_strtab *strs, file_fix *ff)
{
  const char *path = wp_str(strs, ff->file);
  qsort(ff->taken, (size_t)ff->ntaken, sizeof *ff->taken, cmp_edit);
  char *tmp = wp_xasprintf("%s.wpcheck-fix", path);
  FILE *out = fopen(tmp, "wb");
  if (out == NULL) {
    fprintf(stderr, "wpcheck: error: --fix: cannot write '%s'\n", tmp);
    free(tmp);
    return -1;
  }
  size_t pos = 0;
  for (int t = 0; t < ff->ntaken; t++) {
    fwrite(ff->text + pos, 1, ff->taken[t].start - pos, out);
    fputs(ff->taken[t].text, out);
    pos = ff->taken[t].end;
  }
  fwrite(ff->text + pos, 1, ff->len - pos, out);
  struct stat st;
  int bad = ferror(out);
  bad |= fclose(out) != 0;
  if (!bad && stat(path, &st) == 0)
    bad |= chmod(tmp, st.st_mode & 07777) != 0;
  if (bad || rename(tmp, path) != 0) {
    fprintf(stderr, "wpcheck: error: --fix: cannot write '%s'\n", path);
    remove(tmp);
    free(tmp);
    return -1;
  }
  fprintf(stderr, "wpcheck: %s: applied the fix-its of %d finding%s\n", path, ff->nfindings,
          ff->nfindings == 1 ? "" : "s");
  free(tmp);
  return 0;
}

int wp_fixit_apply(const wp_report *r, const wp_strtab *strs)
{
  file_fix *files = NULL;
  int nfiles = 0, cap = 0, failed = 0, fixed = 0;
  /* every file some fix-it touches, read once */
  for (int i = 0; i < r->n; i++)
    for (int k = 0; k < r->v[i].nfixes; k++) {
      int file = r->v[i].fixes[k].start.file;
      if (file_of(files, nfiles, file) != NULL)
        continue;
      file_fix ff;
      memset(&ff, 0, sizeof ff);
      ff.file = file;
      ff.text = wp_read_file(wp_str(strs, file), &ff.len);
      if (ff.text == NULL) {
        fprintf(stderr, "wpcheck: error: --fix: cannot read '%s'\n", wp_str(strs, file));
        failed = 1;
      }
      WP_PUSH(files, nfiles, cap, ff);
    }
  /* findings are sorted: from the last to the first, as before */
  long seq = 0;
  for (int i = r->n - 1; i >= 0; i--)
    if (r->v[i].nfixes > 0 && take_finding(files, nfiles, &r->v[i], &seq))
      fixed++;
  for (int i = 0; i < nfiles; i++) {
    if (files[i].ntaken > 0 && write_fixed(strs, &files[i]) != 0)
      failed = 1;
    free(files[i].taken);
    free(files[i].text);
  }
  free(files);
  return failed ? -1 : fixed;
}
