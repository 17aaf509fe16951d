/* Path searches over one function's CFG: one depth-first walk (each node
 * once, sinks end paths, edges a caller refuses are not taken) under the
 * searches the rules ask for. */
#include <stdlib.h>
#include <string.h>

#include "analysis.h"

int wp_is_path_end(wp_analysis *a, const wp_ctx *c, int node, void *data)
{
  (void)data;
  int k = wp_nd(a, c->fn, node)->kind;
  return k == NK_RETURN || k == NK_END;
}

/* Pushes n's successors that the walk's block lets through and that were
 * not reached before; in reverse, so that succ[0] is walked first. */
static void push_succ(const wp_walk *w, int n, unsigned char *seen, int *stack, int *sp)
{
  const wp_node *nd = wp_nd(w->a, w->fn, n);
  for (int i = nd->nsucc - 1; i >= 0; i--) {
    int s = nd->succ[i];
    if (w->block != NULL && w->block(w->a, w->c, n, i, w->data))
      continue;
    if (!seen[s]) {
      seen[s] = 1;
      stack[(*sp)++] = s;
    }
  }
}

int wp_walk_run(const wp_walk *w, int from, int from_included, unsigned char *seen)
{
  const wp_func *f = &w->a->p->funcs[w->fn];
  unsigned char *own = NULL;
  if (seen == NULL)
    seen = own = wp_xcalloc((size_t)(f->nnodes > 0 ? f->nnodes : 1), 1);
  else
    memset(seen, 0, (size_t)f->nnodes);
  if (from < 0 || from >= f->nnodes) {
    free(own);
    return -1;
  }
  int *stack = wp_xmalloc((size_t)(f->nnodes + 1) * sizeof *stack);
  int sp = 0, found = -1;
  if (from_included) {
    stack[sp++] = from;
    seen[from] = 1;
  } else {
    push_succ(w, from, seen, stack, &sp);
  }
  while (sp > 0 && found < 0) {
    int n = stack[--sp];
    int v = w->visit(w, n, seen);
    if (v == WP_WALK_FOUND)
      found = n;
    else if (v == WP_WALK_ON && !wp_node_is_sink(w->a, w->fn, n))
      push_succ(w, n, seen, stack, &sp);
  }
  free(own);
  free(stack);
  return found;
}

/* ---- wp_search: the first node where target holds ------------------------ */

struct search {
  wp_node_pred target, stop;
};

static int search_visit(const wp_walk *w, int n, unsigned char *seen)
{
  (void)seen;
  const struct search *s = w->visit_data;
  if (s->stop != NULL && s->stop(w->a, w->c, n, w->data))
    return WP_WALK_SKIP;
  return s->target(w->a, w->c, n, w->data) ? WP_WALK_FOUND : WP_WALK_ON;
}

int wp_search(wp_analysis *a, const wp_ctx *c, int from, int from_included, wp_node_pred target,
              wp_node_pred stop, wp_edge_pred block, void *data)
{
  struct search s = {target, stop};
  wp_walk w = {a, c, c->fn, search_visit, &s, block, data};
  return wp_walk_run(&w, from, from_included, NULL);
}

/* ---- wp_reach_all: every node reached --------------------------------------- */

struct reach {
  int from;
  wp_node_pred stop;
};

static int reach_visit(const wp_walk *w, int n, unsigned char *seen)
{
  const struct reach *r = w->visit_data;
  if (r->stop != NULL && n != r->from && r->stop(w->a, w->c, n, w->data)) {
    seen[n] = 2; /* reached, but the path stops here */
    return WP_WALK_SKIP;
  }
  return WP_WALK_ON;
}

void wp_reach_all(wp_analysis *a, const wp_ctx *c, int from, wp_node_pred stop, wp_edge_pred block, void *data,
                  unsigned char *seen)
{
  struct reach r = {from, stop};
  wp_walk w = {a, c, c->fn, reach_visit, &r, block, data};
  wp_walk_run(&w, from, 1, seen);
}
