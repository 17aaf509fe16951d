/* The rule entry points (rules/<rule-name>.c), by registry index; NULL for a
 * runtime-only rule. Defined in rules/rule_table.c from rules.def. */
#ifndef WPCHECK_RULES_RUN_H
#define WPCHECK_RULES_RUN_H
#include "analysis.h"

typedef void (*wp_rule_fn)(wp_analysis *a);
extern const wp_rule_fn wp_rule_fns[WP_NRULES];

#endif
