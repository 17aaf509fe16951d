/* The rules' names, ids, severities and summaries, from rules/rules.def. */
#ifndef WPCHECK_REGISTRY_H
#define WPCHECK_REGISTRY_H

enum wp_rule_id {
#define WP_RULE(E, name, id, sev, kind, summary) WP_RULE_##E,
#include "rules.def"
#undef WP_RULE
  WP_NRULES
};

typedef struct wp_rule_info {
  const char *name;
  const char *id;
  const char *severity; /* "warning" or "error" */
  int is_static;        /* wpcheck reports it (STATIC_AND_RUNTIME) */
  const char *summary;
} wp_rule_info;

extern const wp_rule_info wp_rules[WP_NRULES];

/* By name or id; -1 if unknown. */
int wp_rule_find(const char *name_or_id);

/* The rule's documentation (rules/<name>.md, embedded at build time). */
const char *wp_rule_doc(const char *name);

#endif
