#include "report.h"

#include <stdlib.h>
#include <string.h>

int wp_report_add(wp_report *r, int rule, wp_loc loc, char *msg)
{
  wp_finding f;
  memset(&f, 0, sizeof f);
  f.loc = loc;
  f.rule = rule;
  f.msg = msg;
  f.seq = r->n;
  WP_PUSH(r->v, r->n, r->cap, f);
  return r->n - 1;
}

void wp_report_note(wp_report *r, int i, wp_loc loc, char *msg)
{
  if (i < 0 || i >= r->n || loc.file < 0) {
    free(msg);
    return;
  }
  wp_finding *f = &r->v[i];
  for (int k = 0; k < f->nnotes; k++)
    if (f->notes[k].loc.file == loc.file && f->notes[k].loc.line == loc.line &&
        strcmp(f->notes[k].msg, msg) == 0) {
      free(msg);
      return;
    }
  wp_note n = {loc, msg};
  WP_PUSH(f->notes, f->nnotes, f->capnotes, n);
}

static const wp_rule_info suppression_rule = {
    "wpcheck-suppression", "WP000", "warning", 1,
    "a suppression comment has no reason, names an unknown rule, or matches no finding"};

const wp_rule_info *wp_rule_info_of(int rule)
{
  return rule >= 0 && rule < WP_NRULES ? &wp_rules[rule] : &suppression_rule;
}

void wp_report_fixit(wp_report *r, int i, wp_loc start, wp_loc end, char *text)
{
  if (i < 0 || i >= r->n || start.file < 0 || start.file != end.file) {
    free(text);
    return;
  }
  wp_finding *f = &r->v[i];
  for (int k = 0; k < f->nfixes; k++) { /* the same edit reached twice (a macro using its argument twice) */
    const wp_fixit *y = &f->fixes[k];
    if (y->start.file == start.file && y->start.line == start.line && y->start.col == start.col &&
        y->end.line == end.line && y->end.col == end.col && strcmp(y->text, text) == 0) {
      free(text);
      return;
    }
  }
  wp_fixit x = {start, end, text};
  WP_PUSH(f->fixes, f->nfixes, f->capfixes, x);
}

static void finding_free(wp_finding *f)
{
  for (int k = 0; k < f->nfixes; k++)
    free(f->fixes[k].text);
  free(f->fixes);
  free(f->msg);
  for (int k = 0; k < f->nnotes; k++)
    free(f->notes[k].msg);
  free(f->notes);
}

static const wp_strtab *sort_strs;

static int cmp(const void *a, const void *b)
{
  const wp_finding *x = a, *y = b;
  int c = strcmp(wp_str(sort_strs, x->loc.file), wp_str(sort_strs, y->loc.file));
  if (c)
    return c;
  if (x->loc.line != y->loc.line)
    return x->loc.line < y->loc.line ? -1 : 1;
  if (x->loc.col != y->loc.col)
    return x->loc.col < y->loc.col ? -1 : 1;
  if (x->rule != y->rule)
    return x->rule < y->rule ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void wp_report_finish(wp_report *r, const wp_strtab *strs)
{
  sort_strs = strs;
  if (r->n > 1) /* qsort on a NULL array is undefined, even for 0 items */
    qsort(r->v, (size_t)r->n, sizeof *r->v, cmp);
  int out = 0;
  for (int i = 0; i < r->n; i++) {
    if (out > 0) {
      wp_finding *p = &r->v[out - 1];
      if (p->loc.file == r->v[i].loc.file && p->loc.line == r->v[i].loc.line &&
          p->loc.col == r->v[i].loc.col && p->rule == r->v[i].rule) {
        finding_free(&r->v[i]);
        continue;
      }
    }
    r->v[out++] = r->v[i];
  }
  r->n = out;
}

void wp_report_remove(wp_report *r, int i)
{
  finding_free(&r->v[i]);
  memmove(&r->v[i], &r->v[i + 1], (size_t)(r->n - i - 1) * sizeof *r->v);
  r->n--;
}

void wp_report_free(wp_report *r)
{
  for (int i = 0; i < r->n; i++)
    finding_free(&r->v[i]);
  free(r->v);
  memset(r, 0, sizeof *r);
}
