/* `// wpcheck: ignore[RULE,...] reason` on the finding's line or the line
 * above it drops the finding.  The reason is required: a suppression without
 * one does not suppress and is reported, and so is one naming an unknown
 * rule or matching no finding (WP_RULE_SUPPRESSION), so none goes stale. */
#ifndef WPCHECK_SUPPRESS_H
#define WPCHECK_SUPPRESS_H
#include "report.h"

/* Source lines, read once per file (also used by the text output). */
typedef struct wp_sources wp_sources;
wp_sources *wp_sources_new(void);
void wp_sources_free(wp_sources *s);
/* Gives path's text (len bytes, copied) instead of reading the file: for a
 * file checked from memory.  -1 if path's text is already known. */
int wp_sources_set(wp_sources *s, const char *path, const char *text, size_t len);
/* The line's text without its newline (NULL if unknown); *len its length. */
const char *wp_source_line(wp_sources *s, const char *path, int line, int *len);

/* files: the checked files (scanned for stale suppressions); checked: the
 * rules that ran (NULL: all).  Sorts the report again. */
void wp_suppress(wp_report *r, wp_strtab *strs, wp_sources *src, char **files, int nfiles,
                 const unsigned char *checked);

#endif
