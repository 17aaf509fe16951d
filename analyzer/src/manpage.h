/* wpcheck --man: the man page wpcheck.1 in roff, made from the help text,
 * the rule registry and the rule docs (the build writes it with this). */
#ifndef WPCHECK_MANPAGE_H
#define WPCHECK_MANPAGE_H
#include <stdio.h>

void wp_manpage(FILE *out);

#endif
