/* Findings: collected by the rules, then sorted (file, line, column, rule)
 * and deduplicated. */
#ifndef WPCHECK_REPORT_H
#define WPCHECK_REPORT_H
#include "ir.h"

typedef struct wp_note {
  wp_loc loc;
  char *msg;
} wp_note;

typedef struct wp_finding {
  wp_loc loc;
  int rule;
  char *msg;
  wp_note *notes;
  int nnotes, capnotes;
  long seq; /* insertion order, for a stable sort */
} wp_finding;

typedef struct wp_report {
  wp_finding *v;
  int n, cap;
} wp_report;

/* Takes ownership of msg (malloc'd). Returns the finding's index. */
int wp_report_add(wp_report *r, int rule, wp_loc loc, char *msg);
void wp_report_note(wp_report *r, int finding, wp_loc loc, char *msg);
void wp_report_finish(wp_report *r, const wp_strtab *strs);
void wp_report_remove(wp_report *r, int i);
void wp_report_free(wp_report *r);

#endif
