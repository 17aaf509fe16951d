#include "registry.h"

#include <string.h>
#include <strings.h>

#define WP_SEV_WARNING "warning"
#define WP_SEV_ERROR "error"
#define WP_KIND_STATIC_AND_RUNTIME 1
#define WP_KIND_RUNTIME_ONLY 0

const wp_rule_info wp_rules[WP_NRULES] = {
#define WP_RULE(E, name, id, sev, kind, summary) {name, id, WP_SEV_##sev, WP_KIND_##kind, summary},
#include "rules.def"
#undef WP_RULE
};

int wp_rule_find(const char *s)
{
  for (int i = 0; i < WP_NRULES; i++)
    if (strcmp(wp_rules[i].name, s) == 0 || strcasecmp(wp_rules[i].id, s) == 0)
      return i;
  return -1;
}
