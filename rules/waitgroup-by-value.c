/* waitgroup-by-value (WP005): a wp_wg, or a struct holding one, passed,
 * returned, assigned or copied by value — go vet's copylocks for C. The
 * copies are found while the facts are extracted (facts*.c record each
 * by-value parameter of a definition, argument, assignment, initialisation
 * and return of such a type); this rule words them.
 *
 * Fix-it, for a wp_wg parameter (exactly that type): the parameter becomes
 * a wp_wg *, its uses in the function follow (`&wg` -> `wg`, `wg.f` ->
 * `wg->f`), every call passes the address (`wg` -> `&wg`, `*p` -> `p`) and
 * every prototype changes with the definition, across the files checked
 * together.  Offered with the parameter's finding and each call's, only
 * when all of that is mechanical: any other use of the parameter, a call
 * whose argument is not an lvalue or is written by a macro, a prototype in
 * a header (or in a file with no call to carry its edit), the function's
 * address taken or the function started as a thread leaves it out, since
 * the program would no longer compile. */
#include <stdlib.h>
#include <string.h>

#include "analysis.h"

static int holds_directly(const char *type)
{
  return strcmp(type, "wp_wg") == 0 || strcmp(type, "struct wp_wg") == 0 || strcmp(type, "const wp_wg") == 0;
}

/* The edits of one fix-it, each in the file of its function. */
struct fix {
  struct edit_ref {
    int fn;
    const wp_edit *e;
  } *v;
  int n, cap;
  wp_loc *at; /* where its findings are: the parameter, each call's argument */
  int nat, capat;
};

static void take(struct fix *x, int fn, const wp_edit *e)
{
  struct edit_ref r = {fn, e};
  WP_PUSH(x->v, x->n, x->cap, r);
}

static void take_loc(wp_analysis *a, struct fix *x, int fn, int line, int col)
{
  wp_loc l = {a->p->funcs[fn].loc.file, line, col};
  WP_PUSH(x->at, x->nat, x->capat, l);
}

/* The call's edits for parameter idx: its argument, the prototypes in its
 * file. */
static int take_call(wp_analysis *a, struct fix *x, const wp_site_ref *r, int idx)
{
  const wp_node_fix *nf = wp_nd(a, r->fn, r->node)->fix;
  const wp_wg_arg *arg = NULL;
  for (int i = 0; nf != NULL && i < nf->nwgargs; i++)
    if (nf->wgargs[i].idx == idx)
      arg = &nf->wgargs[i];
  if (arg == NULL || arg->edit.text == NULL)
    return 0;
  take(x, r->fn, &arg->edit);
  take_loc(a, x, r->fn, arg->line, arg->col);
  for (int i = 0; i < nf->nprotos; i++)
    for (int k = 0; nf->protos[i].idx == idx && k < nf->protos[i].edits.n; k++)
      take(x, r->fn, &nf->protos[i].edits.v[k]);
  return 1;
}

/* See the top: the fix-it of function g's parameter prm, if mechanical. */
static int param_fix(wp_analysis *a, int g, const wp_wg_param *prm, struct fix *x)
{
  const wp_func *f = &a->p->funcs[g];
  const char *usr = wp_s(a->p, f->key);
  if (!prm->ok || wp_func_of(a, f->key) != g || a->spawners[g].n > 0 || wp_marked(a->p, WP_MARK_ADDR, usr) ||
      wp_marked(a->p, WP_MARK_DECL, usr))
    return 0;
  for (int k = 0; k < prm->edits.n; k++)
    take(x, g, &prm->edits.v[k]);
  take_loc(a, x, g, prm->line, prm->col);
  const wp_sites *calls = &a->callers[g];
  for (int i = 0; i < calls->n; i++)
    if (!take_call(a, x, &calls->v[i], prm->idx))
      return 0;
  return 1;
}

static void attach(wp_analysis *a, const struct fix *x, const int *findings)
{
  const wp_program *p = a->p;
  for (int i = 0; i < p->ncopies; i++) {
    const wp_copy_fact *c = &p->copies[i];
    if (findings[i] < 0 || (c->kind != COPY_PARAM && c->kind != COPY_ARG))
      continue;
    for (int k = 0; k < x->nat; k++)
      if (x->at[k].file == c->loc.file && x->at[k].line == c->loc.line && x->at[k].col == c->loc.col) {
        for (int j = 0; j < x->n; j++)
          wp_fix_edit(a, findings[i], x->v[j].fn, x->v[j].e, NULL);
        break;
      }
  }
}

static void fix_params(wp_analysis *a, const int *findings)
{
  for (int g = 0; g < a->p->nfuncs; g++) {
    const wp_func *f = &a->p->funcs[g];
    for (int k = 0; k < f->nwgparams; k++) {
      struct fix x;
      memset(&x, 0, sizeof x);
      if (param_fix(a, g, &f->wgparams[k], &x))
        attach(a, &x, findings);
      free(x.v);
      free(x.at);
    }
  }
}

void wp_rule_run_WAITGROUP_BY_VALUE(wp_analysis *a)
{
  const wp_program *p = a->p;
  int *findings = wp_xmalloc((size_t)(p->ncopies > 0 ? p->ncopies : 1) * sizeof *findings);
  for (int i = 0; i < p->ncopies; i++) {
    findings[i] = -1;
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
      findings[i] = wp_find_add(a, WP_RULE_WAITGROUP_BY_VALUE, c->loc, msg);
  }
  fix_params(a, findings);
  free(findings);
}
