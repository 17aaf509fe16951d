/* Path searches over one function's CFG: depth-first, each node once. */
#include <stdlib.h>
#include <string.h>

#include "analysis.h"

int wp_is_path_end(wp_analysis *a, const wp_ctx *c, int node, void *data)
{
  (void)data;
  int k = wp_nd(a, c->fn, node)->kind;
  return k == NK_RETURN || k == NK_END;
}

int wp_search(wp_analysis *a, const wp_ctx *c, int from, int from_included, wp_node_pred target,
              wp_node_pred stop, wp_edge_pred block, void *data)
{
  const wp_func *f = &a->p->funcs[c->fn];
  if (from < 0 || from >= f->nnodes)
    return -1;
  unsigned char *seen = wp_xcalloc((size_t)f->nnodes, 1);
  int *stack = wp_xmalloc((size_t)(f->nnodes + 1) * sizeof *stack);
  int sp = 0, found = -1;
  if (from_included) {
    stack[sp++] = from;
    seen[from] = 1;
  } else {
    for (int i = f->nodes[from].nsucc - 1; i >= 0; i--) {
      int s = f->nodes[from].succ[i];
      if (block != NULL && block(a, c, from, i, data))
        continue;
      if (!seen[s]) {
        seen[s] = 1;
        stack[sp++] = s;
      }
    }
  }
  while (sp > 0) {
    int n = stack[--sp];
    if (stop != NULL && stop(a, c, n, data))
      continue;
    if (target(a, c, n, data)) {
      found = n;
      break;
    }
    if (wp_node_is_sink(a, c->fn, n))
      continue;
    for (int i = f->nodes[n].nsucc - 1; i >= 0; i--) {
      int s = f->nodes[n].succ[i];
      if (block != NULL && block(a, c, n, i, data))
        continue;
      if (!seen[s]) {
        seen[s] = 1;
        stack[sp++] = s;
      }
    }
  }
  free(seen);
  free(stack);
  return found;
}

void wp_reach_all(wp_analysis *a, const wp_ctx *c, int from, wp_node_pred stop, wp_edge_pred block, void *data,
                  unsigned char *seen)
{
  const wp_func *f = &a->p->funcs[c->fn];
  int *stack = wp_xmalloc((size_t)(f->nnodes + 1) * sizeof *stack);
  int sp = 0;
  memset(seen, 0, (size_t)f->nnodes);
  stack[sp++] = from;
  seen[from] = 1;
  while (sp > 0) {
    int n = stack[--sp];
    if (stop != NULL && n != from && stop(a, c, n, data)) {
      seen[n] = 2; /* reached, but the path stops here */
      continue;
    }
    if (wp_node_is_sink(a, c->fn, n))
      continue;
    for (int i = 0; i < f->nodes[n].nsucc; i++) {
      int s = f->nodes[n].succ[i];
      if (block != NULL && block(a, c, n, i, data))
        continue;
      if (!seen[s]) {
        seen[s] = 1;
        stack[sp++] = s;
      }
    }
  }
  free(stack);
}
