/* The rule entry points by registry index, generated from rules.def: a
 * STATIC_AND_RUNTIME rule NAME is run by wp_rule_run_NAME (in
 * <rule-name>.c); a RUNTIME_ONLY rule has none here. */
#include "rules_run.h"

#define WP_DECL_STATIC_AND_RUNTIME(E) void wp_rule_run_##E(wp_analysis *a);
#define WP_DECL_RUNTIME_ONLY(E)
#define WP_RULE(E, name, id, sev, kind, summary) WP_DECL_##kind(E)
#include "rules.def"
#undef WP_RULE

#define WP_FN_STATIC_AND_RUNTIME(E) wp_rule_run_##E
#define WP_FN_RUNTIME_ONLY(E) NULL
const wp_rule_fn wp_rule_fns[WP_NRULES] = {
#define WP_RULE(E, name, id, sev, kind, summary) WP_FN_##kind(E),
#include "rules.def"
#undef WP_RULE
};
