/* Writing the findings: GCC-style text, a JSON array, or SARIF. */
#ifndef WPCHECK_OUTPUT_H
#define WPCHECK_OUTPUT_H
#include <stdio.h>

#include "ir.h"
#include "report.h"
#include "suppress.h"

void wp_output_text(FILE *out, const wp_report *r, const wp_strtab *strs, wp_sources *src, int color);
void wp_output_json(FILE *out, const wp_report *r, const wp_strtab *strs);
/* SARIF 2.1.0; uris relative to root (%SRCROOT%) when under it. */
void wp_output_sarif(FILE *out, const wp_report *r, const wp_program *prog, wp_sources *src, const char *root);
/* s as a JSON string literal. */
void wp_json_string(FILE *out, const char *s);

#endif
