/* Writing the findings: GCC-style text, or a JSON array. */
#ifndef WPCHECK_OUTPUT_H
#define WPCHECK_OUTPUT_H
#include <stdio.h>

#include "report.h"
#include "suppress.h"

void wp_output_text(FILE *out, const wp_report *r, const wp_strtab *strs, wp_sources *src, int color);
void wp_output_json(FILE *out, const wp_report *r, const wp_strtab *strs);

#endif
