/* The call graph: functions linked across translation units by key (the
 * USR: an external function's is its name, a static one's names its file),
 * with the call sites and spawn sites of each, and the functions that never
 * return (declared so, or no path reaches their end). */
#include <stdlib.h>
#include <string.h>

#include "analysis.h"

int wp_func_of(const wp_analysis *a, int key)
{
  const wp_program *p = a->p;
  if (key < 0 || key >= p->nfunc_index)
    return -1;
  return p->func_index[key] - 1;
}

int wp_node_is_sink(const wp_analysis *a, int fn, int node)
{
  const wp_node *n = wp_nd(a, fn, node);
  if (n->kind != NK_OP)
    return 0;
  if (n->op == OP_EXIT)
    return 1;
  if (n->op == OP_CALL && n->callee >= 0) {
    int g = wp_func_of(a, n->callee);
    return g >= 0 && a->p->funcs[g].noreturn;
  }
  return 0;
}

static int exit_visit(const wp_walk *w, int n, unsigned char *seen)
{
  (void)seen;
  return n == w->a->p->funcs[w->fn].exit ? WP_WALK_FOUND : WP_WALK_ON;
}

static int reaches_exit(wp_analysis *a, int fn)
{
  wp_walk w = {a, NULL, fn, exit_visit, NULL, NULL, NULL};
  return wp_walk_run(&w, a->p->funcs[fn].entry, 1, NULL) >= 0;
}

void wp_callgraph_build(wp_analysis *a)
{
  wp_program *p = a->p;
  free(p->func_index);
  p->nfunc_index = p->strs.len;
  p->func_index = wp_xcalloc((size_t)(p->nfunc_index ? p->nfunc_index : 1), sizeof *p->func_index);
  for (int i = 0; i < p->nfuncs; i++)
    if (p->funcs[i].key >= 0 && p->func_index[p->funcs[i].key] == 0)
      p->func_index[p->funcs[i].key] = i + 1;
  a->callers = wp_xcalloc((size_t)(p->nfuncs ? p->nfuncs : 1), sizeof *a->callers);
  a->spawners = wp_xcalloc((size_t)(p->nfuncs ? p->nfuncs : 1), sizeof *a->spawners);
  for (int i = 0; i < p->nfuncs; i++) {
    const wp_func *f = &p->funcs[i];
    for (int j = 0; j < f->nnodes; j++) {
      const wp_node *n = &f->nodes[j];
      if (n->kind != NK_OP || (n->op != OP_CALL && n->op != OP_SPAWN))
        continue;
      int g = wp_func_of(a, n->callee);
      if (g < 0)
        continue;
      wp_sites *s = n->op == OP_CALL ? &a->callers[g] : &a->spawners[g];
      wp_site_ref r = {i, j};
      WP_PUSH(s->v, s->n, s->cap, r);
    }
  }
  for (int changed = 1, round = 0; changed && round < 32; round++) {
    changed = 0;
    for (int i = 0; i < p->nfuncs; i++)
      if (!p->funcs[i].noreturn && !reaches_exit(a, i)) {
        p->funcs[i].noreturn = 1;
        changed = 1;
      }
  }
}
