/* Fix-its: the mechanical repairs some findings carry (report.h's
 * wp_fixit), and --fix, which applies them to the files in place. */
#ifndef WPCHECK_FIXIT_H
#define WPCHECK_FIXIT_H
#include "report.h"

/* Applies every finding's fix-its, which may span files: all of a
 * finding's edits or none of them, the findings taken from the last to the
 * first, a finding whose edits overlap (or touch) one already taken
 * skipped.  Each file is read once and written once.  The number of
 * findings fixed; -1 if a file could not be read or written. */
int wp_fixit_apply(const wp_report *r, const wp_strtab *strs);

#endif
