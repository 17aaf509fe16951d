/* Findings: collected by the rules, then sorted (file, line, column, rule)
 * and deduplicated. */
#ifndef WPCHECK_REPORT_H
#define WPCHECK_REPORT_H
#include "ir.h"
#include "registry.h"

typedef struct wp_note {
  wp_loc loc;
  char *msg;
} wp_note;

/* A fix-it: replace [start, end) (same file; columns are 1-based bytes) by
 * text.  A finding's fix-its, which may lie in several files, are applied
 * together or not at all. */
typedef struct wp_fixit {
  wp_loc start, end;
  char *text;
} wp_fixit;

typedef struct wp_finding {
  wp_loc loc;
  int rule;
  char *msg;
  wp_note *notes;
  int nnotes, capnotes;
  long seq; /* insertion order, for a stable sort */
  wp_fixit *fixes;
  int nfixes, capfixes;
} wp_finding;

/* Findings about the suppression comments themselves: not a rule of
 * rules.def, reported as [wpcheck-suppression]. */
#define WP_RULE_SUPPRESSION WP_NRULES
/* The rule's name, id, severity, summary; also for WP_RULE_SUPPRESSION. */
const wp_rule_info *wp_rule_info_of(int rule);

typedef struct wp_report {
  wp_finding *v;
  int n, cap;
} wp_report;

/* Takes ownership of msg (malloc'd). Returns the finding's index. */
int wp_report_add(wp_report *r, int rule, wp_loc loc, char *msg);
void wp_report_note(wp_report *r, int finding, wp_loc loc, char *msg);
/* Takes ownership of text. */
void wp_report_fixit(wp_report *r, int finding, wp_loc start, wp_loc end, char *text);
void wp_report_finish(wp_report *r, const wp_strtab *strs);
void wp_report_remove(wp_report *r, int i);
void wp_report_free(wp_report *r);

#endif
