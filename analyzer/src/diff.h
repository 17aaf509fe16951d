/* --diff REV: keep only the findings that touch lines changed since the git
 * revision REV (`git diff -U0 REV -- FILE`, the added and changed lines of
 * the new file, and the lines either side of a deletion): a finding counts
 * when its own line or one of its notes' lines (the spawn, the close, the
 * wait) changed.  A file git does not track counts as changed throughout. */
#ifndef WPCHECK_DIFF_H
#define WPCHECK_DIFF_H
#include "report.h"

/* 0; -1 (message on stderr) if git could not tell. */
int wp_diff_filter(wp_report *r, const wp_strtab *strs, const char *rev);

#endif
