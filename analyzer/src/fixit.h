/* Fix-its: the mechanical repairs some findings carry (report.h's
 * wp_fixit), and --fix, which applies them to the files in place. */
#ifndef WPCHECK_FIXIT_H
#define WPCHECK_FIXIT_H
#include "report.h"

/* Applies every finding's fix-its, file by file, from the end of the file
 * backwards; a finding whose fix-its overlap one already taken is skipped.
 * The number of findings fixed; -1 if a file could not be written. */
int wp_fixit_apply(const wp_report *r, const wp_strtab *strs);

#endif
