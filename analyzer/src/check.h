/* The analysis proper, between reading the command line and writing the
 * findings: every input parsed and its facts extracted (parallel.c), the
 * facts linked, the enabled rules run.  wpcheck's main and the fuzz target
 * (analyzer/fuzz/) both run it. */
#ifndef WPCHECK_CHECK_H
#define WPCHECK_CHECK_H
#include "cli.h"
#include "ir.h"
#include "parallel.h"
#include "report.h"

/* Fills prog with the inputs' facts and report with the findings of the
 * rules o enables (not yet sorted: wp_report_finish), on `jobs` workers as
 * wp_extract_all.  --dump-cfg's graphs go to stderr.  Returns how many
 * inputs could not be checked (each is named on stderr). */
int wp_check_inputs(wp_program *prog, wp_report *report, const wp_input *inputs, int ninputs, const wp_options *o,
                    int jobs);

#endif
