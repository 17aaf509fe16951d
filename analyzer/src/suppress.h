/* `// wpcheck: ignore[RULE,...] reason` on the finding's line or the line
 * above it drops the finding. */
#ifndef WPCHECK_SUPPRESS_H
#define WPCHECK_SUPPRESS_H
#include "report.h"

/* Source lines, read once per file (also used by the text output). */
typedef struct wp_sources wp_sources;
wp_sources *wp_sources_new(void);
void wp_sources_free(wp_sources *s);
/* The line's text without its newline (NULL if unknown); *len its length. */
const char *wp_source_line(wp_sources *s, const char *path, int line, int *len);

void wp_suppress(wp_report *r, const wp_strtab *strs, wp_sources *src);

#endif
