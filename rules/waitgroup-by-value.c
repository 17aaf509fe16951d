/* waitgroup-by-value (WP005): a wp_wg, or a struct holding one, passed,
 * returned, assigned or copied by value — go vet's copylocks for C. The
 * copies are found while the facts are extracted (facts_expr.c records
 * each by-value parameter of a definition, argument, assignment,
 * initialisation and return of such a type); this rule words them. */
#include <string.h>

#include "analysis.h"

static int holds_directly(const char *type)
{
  return strcmp(type, "wp_wg") == 0 || strcmp(type, "struct wp_wg") == 0 || strcmp(type, "const wp_wg") == 0;
}

void wp_rule_run_WAITGROUP_BY_VALUE(wp_analysis *a)
{
  const wp_program *p = a->p;
  for (int i = 0; i < p->ncopies; i++) {
    const wp_copy_fact *c = &p->copies[i];
    const char *type = wp_s(p, c->type);
    const char *what = c->what >= 0 ? wp_s(p, c->what) : "";
    const char *holds = holds_directly(type) ? "" : " (it holds a wp_wg)";
    char *msg = NULL;
    switch (c->kind) {
    case COPY_PARAM:
      msg = wp_xasprintf("parameter '%s' takes a %s%s by value: the function gets a copy of the waitgroup, and "
                         "wp_wg_done on the copy never reaches the original; take a pointer (%s *)",
                         what, type, holds, type);
      break;
    case COPY_ARG:
      msg = wp_xasprintf("call of '%s' passes a %s%s by value: it copies the waitgroup; pass its address instead",
                         what, type, holds);
      break;
    case COPY_ASSIGN:
      msg = wp_xasprintf("assignment copies a %s%s: a copied waitgroup counts separately from the original; "
                         "copy a pointer to it instead",
                         type, holds);
      break;
    case COPY_INIT:
      msg = wp_xasprintf("initialisation copies a %s%s: a copied waitgroup counts separately from the original; "
                         "use a pointer to it instead",
                         type, holds);
      break;
    case COPY_RETURN:
      msg = wp_xasprintf("return copies a %s%s out of '%s': return a pointer to the waitgroup, or let the caller "
                         "provide it",
                         type, holds, wp_s(p, c->func));
      break;
    }
    if (msg != NULL)
      wp_find_add(a, WP_RULE_WAITGROUP_BY_VALUE, c->loc, msg);
  }
}
