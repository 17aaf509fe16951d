/* Objects: keys name what an expression refers to — L:<usr> a local,
 * P:<function usr>#<i> a parameter, G:<usr> a global, F:<field usr> a struct
 * field (any instance of the struct: args->wg and pool->jobs are followed
 * whatever the base), FN:<usr> a function. Assignments and initialisers
 * unite keys into classes (union-find over the whole program, so a field
 * set in one file is the same object in another). A class that holds only a
 * function's locals and parameters is bound per call through a context. */
#include <stdlib.h>
#include <string.h>

#include "analysis.h"

int wp_find(const wp_analysis *a, int key)
{
  if (key < 0)
    return -1;
  if (key >= a->nkeys)
    return key;
  int r = key;
  while (a->parent[r] != r)
    r = a->parent[r];
  while (a->parent[key] != r) {
    int next = a->parent[key];
    a->parent[key] = r;
    key = next;
  }
  return r;
}

static void unite(wp_analysis *a, int x, int y)
{
  x = wp_find(a, x);
  y = wp_find(a, y);
  if (x < 0 || y < 0 || x == y || x >= a->nkeys || y >= a->nkeys)
    return;
  a->parent[y] = x;
}

void wp_objects_build(wp_analysis *a)
{
  wp_program *p = a->p;
  a->nkeys = p->strs.len;
  a->parent = wp_xmalloc((size_t)(a->nkeys ? a->nkeys : 1) * sizeof *a->parent);
  for (int i = 0; i < a->nkeys; i++)
    a->parent[i] = i;
  for (int i = 0; i < p->nunions; i++)
    unite(a, p->unions[i][0], p->unions[i][1]);
  a->global = wp_xcalloc((size_t)a->nkeys, 1);
  a->param_fn = wp_xmalloc((size_t)(a->nkeys ? a->nkeys : 1) * sizeof *a->param_fn);
  a->param_idx = wp_xmalloc((size_t)(a->nkeys ? a->nkeys : 1) * sizeof *a->param_idx);
  for (int i = 0; i < a->nkeys; i++)
    a->param_fn[i] = a->param_idx[i] = -1;
  for (int k = 0; k < a->nkeys; k++) {
    const char *s = wp_s(p, k);
    int r = wp_find(a, k);
    if (strncmp(s, "F:", 2) == 0 || strncmp(s, "G:", 2) == 0) {
      a->global[r] = 1;
    } else if (strncmp(s, "P:", 2) == 0 && a->param_fn[r] < 0) {
      const char *hash = strrchr(s, '#');
      if (hash == NULL)
        continue;
      char *fkey = wp_xstrdup(s + 2);
      fkey[hash - (s + 2)] = '\0';
      int fid = wp_intern_find(&p->strs, fkey);
      free(fkey);
      int fn = fid >= 0 ? wp_func_of(a, fid) : -1;
      if (fn >= 0) {
        a->param_fn[r] = fn;
        a->param_idx[r] = atoi(hash + 1);
      }
    }
  }
}

int wp_resolve(const wp_analysis *a, const wp_ctx *c, int key)
{
  int r = wp_find(a, key);
  if (r < 0 || r >= a->nkeys || c == NULL)
    return r;
  if (!a->global[r] && a->param_fn[r] == c->fn && a->param_idx[r] >= 0 && a->param_idx[r] < c->np &&
      c->cls[a->param_idx[r]] >= 0)
    return c->cls[a->param_idx[r]];
  return r;
}

void wp_ctx_root(const wp_analysis *a, int fn, wp_ctx *out)
{
  out->fn = fn;
  out->np = a->p->funcs[fn].nparams < WP_MAX_CTX ? a->p->funcs[fn].nparams : WP_MAX_CTX;
  for (int i = 0; i < WP_MAX_CTX; i++)
    out->cls[i] = -1;
}

int wp_ctx_enter(const wp_analysis *a, const wp_ctx *c, int node, wp_ctx *out)
{
  const wp_node *n = wp_nd(a, c->fn, node);
  if (n->kind != NK_OP || (n->op != OP_CALL && n->op != OP_SPAWN) || n->callee < 0)
    return 0;
  int callee = wp_func_of(a, n->callee);
  if (callee < 0)
    return 0;
  wp_ctx_root(a, callee, out);
  for (int i = 0; i < n->nargs && i < out->np; i++)
    out->cls[i] = wp_resolve(a, c, n->args[i]);
  return 1;
}

int wp_record_holds(const wp_analysis *a, int record, int cls)
{
  if (record < 0 || cls < 0)
    return 0;
  const char *rec = wp_s(a->p, record);
  size_t n = strlen(rec);
  for (int k = 0; k < a->nkeys; k++) {
    const char *s = wp_s(a->p, k);
    if (strncmp(s, "F:", 2) == 0 && strncmp(s + 2, rec, n) == 0 && strncmp(s + 2 + n, "@FI@", 4) == 0 &&
        wp_find(a, k) == cls)
      return 1;
  }
  return 0;
}

/* A readable name for a key: the last component of its USR. */
const char *wp_key_name(const wp_analysis *a, int key)
{
  const char *s = wp_s(a->p, key);
  const char *at = strrchr(s, '@');
  if (strncmp(s, "P:", 2) == 0)
    return "the parameter";
  return at ? at + 1 : s;
}
