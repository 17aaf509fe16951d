/* Effects: the wpool operations a node or a function leads to, followed
 * through helper calls and thread starts with the callee's parameters bound
 * to the caller's objects; and "on every path" questions. */
#include <stdlib.h>
#include <string.h>

#include "analysis.h"

struct walk {
  wp_effect_fn fn;
  void *data;
  int follow_spawns;
  int stack[WP_MAX_HOPS]; /* functions being walked: no recursion */
  int nstack;
};

static void walk_node(wp_analysis *a, struct walk *w, wp_effect *e, const wp_ctx *c, int node);

static void walk_fn(wp_analysis *a, struct walk *w, wp_effect *e, const wp_ctx *c)
{
  for (int i = 0; i < w->nstack; i++)
    if (w->stack[i] == c->fn)
      return;
  if (w->nstack >= WP_MAX_HOPS || e->nhops >= WP_MAX_HOPS)
    return;
  w->stack[w->nstack++] = c->fn;
  const wp_func *f = &a->p->funcs[c->fn];
  for (int j = 0; j < f->nnodes; j++)
    walk_node(a, w, e, c, j);
  w->nstack--;
}

static void walk_node(wp_analysis *a, struct walk *w, wp_effect *e, const wp_ctx *c, int node)
{
  const wp_node *n = wp_nd(a, c->fn, node);
  if (n->kind != NK_OP || e->nhops >= WP_MAX_HOPS)
    return;
  e->hops[e->nhops].fn = c->fn;
  e->hops[e->nhops].node = node;
  e->hops[e->nhops].spawn = n->op == OP_SPAWN;
  e->nhops++;
  if ((n->op == OP_CALL || (n->op == OP_SPAWN && w->follow_spawns))) {
    wp_ctx inner;
    if (wp_ctx_enter(a, c, node, &inner)) {
      int saved = e->thread;
      if (n->op == OP_SPAWN && e->thread < 0)
        e->thread = e->nhops - 1;
      walk_fn(a, w, e, &inner);
      e->thread = saved;
    }
  }
  if (n->op != OP_CALL) {
    e->op = n->op;
    e->cls = wp_resolve(a, c, n->obj);
    e->node = n;
    e->fn = c->fn;
    e->ctx = *c;
    w->fn(a, e, w->data);
  }
  e->nhops--;
}

void wp_effects(wp_analysis *a, const wp_ctx *root, int node, int follow_spawns, wp_effect_fn fn, void *data)
{
  struct walk w;
  memset(&w, 0, sizeof w);
  w.fn = fn;
  w.data = data;
  w.follow_spawns = follow_spawns;
  wp_effect e;
  memset(&e, 0, sizeof e);
  e.thread = -1;
  if (node < 0) {
    walk_fn(a, &w, &e, root);
  } else {
    w.stack[w.nstack++] = root->fn;
    walk_node(a, &w, &e, root, node);
  }
}

static int not_pred(wp_analysis *a, const wp_ctx *c, int node, void *data);

struct must {
  wp_node_pred pred;
  void *data;
};

static int must_stop(wp_analysis *a, const wp_ctx *c, int node, void *data)
{
  struct must *m = data;
  return m->pred(a, c, node, m->data);
}

static int not_pred(wp_analysis *a, const wp_ctx *c, int node, void *data)
{
  (void)data;
  return wp_nd(a, c->fn, node)->kind == NK_EXIT;
}

int wp_must(wp_analysis *a, const wp_ctx *c, wp_node_pred pred, void *data)
{
  struct must m = {pred, data};
  const wp_func *f = &a->p->funcs[c->fn];
  return wp_search(a, c, f->entry, 1, not_pred, must_stop, NULL, &m) < 0;
}

/* ---- reporting ----------------------------------------------------------- */

int wp_find_add(wp_analysis *a, int rule, wp_loc loc, char *msg)
{
  return wp_report_add(a->report, rule, loc, msg);
}

void wp_note_add(wp_analysis *a, int finding, wp_loc loc, char *msg)
{
  wp_report_note(a->report, finding, loc, msg);
}

void wp_fix_edit(wp_analysis *a, int finding, int fn, const wp_edit *e, const char *text)
{
  int file = a->p->funcs[fn].loc.file;
  wp_loc start = {file, e->line, e->col}, end = {file, e->end_line, e->end_col};
  wp_report_fixit(a->report, finding, start, end, wp_xstrdup(text != NULL ? text : e->text));
}

void wp_note_hops(wp_analysis *a, int finding, const wp_effect *e)
{
  for (int i = 0; i + 1 < e->nhops; i++) {
    const wp_node *n = wp_nd(a, e->hops[i].fn, e->hops[i].node);
    const char *callee = n->callee_name >= 0 ? wp_s(a->p, n->callee_name) : "it";
    if (e->hops[i].spawn)
      wp_note_add(a, finding, n->loc, wp_xasprintf("in the thread running '%s', started here", callee));
    else
      wp_note_add(a, finding, n->loc, wp_xasprintf("through the call of '%s' here", callee));
  }
}

void wp_analysis_init(wp_analysis *a, wp_program *p, wp_report *r)
{
  memset(a, 0, sizeof *a);
  a->p = p;
  a->report = r;
  wp_callgraph_build(a);
  wp_objects_build(a);
}

void wp_analysis_free(wp_analysis *a)
{
  free(a->parent);
  free(a->global);
  free(a->param_fn);
  free(a->param_idx);
  for (int i = 0; i < a->p->nfuncs; i++) {
    free(a->callers[i].v);
    free(a->spawners[i].v);
  }
  free(a->callers);
  free(a->spawners);
}
