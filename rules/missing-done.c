/* missing-done (WP006): a thread counted by an add in its spawner has a
 * path that ends without wp_wg_done on that waitgroup. For each spawn (not
 * wp_wg_go, whose done is automatic) and each waitgroup the spawner adds to
 * and the thread reaches, every return / closing brace of the thread
 * function reachable from its entry without a done is reported. A helper
 * that calls done on every path counts as a done at its call.
 *
 * Fix-it: `wp_wg_add(&wg, 1);` right before `wp_go(fn, arg)` becomes
 * `wp_wg_go(&wg, fn, arg)`, which counts the thread and calls done when fn
 * returns.  Only when that is all it takes: fn (with its helpers) never
 * calls done on the waitgroup (a done on some paths would then be one too
 * many), the spawner never calls done on it (a failed wp_wg_go adds
 * nothing, so an error path's done would drive it below zero), and the add
 * is the statement just before the spawn's, adding 1. */
#include <stdlib.h>
#include <string.h>

#include "analysis.h"

struct wg_target {
  int cls;
  int depth;
};

static int is_done(wp_analysis *a, const wp_ctx *c, int node, void *data);

static int helper_dones(wp_analysis *a, const wp_ctx *c, int node, struct wg_target *t)
{
  wp_ctx inner;
  if (t->depth > 6 || !wp_ctx_enter(a, c, node, &inner))
    return 0;
  struct wg_target deeper = {t->cls, t->depth + 1};
  return wp_must(a, &inner, is_done, &deeper);
}

static int is_done(wp_analysis *a, const wp_ctx *c, int node, void *data)
{
  struct wg_target *t = data;
  const wp_node *n = wp_nd(a, c->fn, node);
  if (n->kind != NK_OP)
    return 0;
  if ((n->op == OP_WG_DONE || n->op == OP_WG_DEFER_DONE) && wp_resolve(a, c, n->obj) == t->cls)
    return 1;
  if (n->op == OP_CALL)
    return helper_dones(a, c, node, t);
  return 0;
}

struct adds {
  int cls[16];
  int n;
};

static void add_cb(wp_analysis *a, const wp_effect *e, void *data)
{
  (void)a;
  struct adds *s = data;
  if (e->op != OP_WG_ADD || (e->node->delta_known && e->node->delta <= 0) || e->cls < 0)
    return;
  for (int i = 0; i < s->n; i++)
    if (s->cls[i] == e->cls)
      return;
  if (s->n < 16)
    s->cls[s->n++] = e->cls;
}

/* The node control comes from, when it is the only one and goes nowhere
 * else; -1 otherwise. */
static int straight_pred(const wp_func *f, int node)
{
  int pred = -1;
  for (int i = 0; i < f->nnodes; i++)
    for (int k = 0; k < f->nodes[i].nsucc; k++) {
      if (f->nodes[i].succ[k] != node)
        continue;
      if (pred >= 0 && pred != i)
        return -1;
      pred = i;
    }
  return pred >= 0 && f->nodes[pred].nsucc == 1 ? pred : -1;
}

struct done_on {
  int cls, found;
};

static void done_on_cb(wp_analysis *a, const wp_effect *e, void *data)
{
  (void)a;
  struct done_on *d = data;
  if ((e->op == OP_WG_DONE || e->op == OP_WG_DEFER_DONE) && (e->cls == d->cls || e->cls < 0))
    d->found = 1;
}

/* The add the spawn can become wp_wg_go with (see the top), or NULL. */
static const wp_node *wg_go_add(wp_analysis *a, const wp_spawn *s, int cls)
{
  const wp_func *f = &a->p->funcs[s->fn];
  const wp_node *sp = &f->nodes[s->node];
  const wp_node_fix *sx = sp->fix;
  if (sp->spawn_kind != SPAWN_GO || sp->guarded || sx == NULL || sx->go.text == NULL || !sx->head || sx->block < 0)
    return NULL;
  int p = straight_pred(f, s->node);
  for (int guard = 0; p >= 0 && f->nodes[p].kind == NK_JOIN && guard < f->nnodes; guard++)
    p = straight_pred(f, p);
  if (p < 0)
    return NULL;
  const wp_node *add = &f->nodes[p];
  const wp_node_fix *ax = add->fix;
  if (add->kind != NK_OP || add->op != OP_WG_ADD || !add->delta_known || add->delta != 1 || add->guarded ||
      ax == NULL || ax->del.text == NULL || ax->wg == NULL || ax->block != sx->block || ax->index + 1 != sx->index ||
      wp_resolve(a, &s->sctx, add->obj) != cls)
    return NULL;
  struct done_on d = {cls, 0};
  wp_effects(a, &s->tctx, -1, 0, done_on_cb, &d);
  if (d.found || wp_has_effect(a, &s->sctx, OP_WG_DONE, cls, NULL))
    return NULL;
  return add;
}

/* The finding that survives deduplication (the first at its place). */
static int first_at(wp_analysis *a, int f)
{
  const wp_report *r = a->report;
  for (int i = 0; i < f; i++)
    if (r->v[i].rule == r->v[f].rule && r->v[i].loc.file == r->v[f].loc.file &&
        r->v[i].loc.line == r->v[f].loc.line && r->v[i].loc.col == r->v[f].loc.col)
      return i;
  return f;
}

static void fix_wg_go(wp_analysis *a, const wp_spawn *s, const wp_node *add, int finding)
{
  if (add == NULL || finding < 0)
    return;
  const wp_node_fix *sx = wp_nd(a, s->fn, s->node)->fix;
  char *go = wp_xasprintf("wp_wg_go(%s, ", add->fix->wg);
  int f = first_at(a, finding);
  wp_fix_edit(a, f, s->fn, &add->fix->del, NULL);
  wp_fix_edit(a, f, s->fn, &sx->go, go);
  free(go);
}

static void check_spawn(wp_analysis *a, const wp_spawn *s, void *data)
{
  (void)data;
  const wp_node *sp = wp_nd(a, s->fn, s->node);
  if (sp->spawn_kind == SPAWN_WG_GO)
    return;
  struct adds adds = {{0}, 0};
  wp_effects(a, &s->sctx, -1, 0, add_cb, &adds);
  const wp_func *t = &a->p->funcs[s->tctx.fn];
  unsigned char *seen = wp_xmalloc((size_t)t->nnodes);
  for (int i = 0; i < adds.n; i++) {
    int cls = adds.cls[i];
    if (!wp_thread_counted(a, s, cls))
      continue;
    struct wg_target target = {cls, 0};
    const wp_node *add = NULL;
    int tried = 0;
    wp_reach_all(a, &s->tctx, t->entry, is_done, NULL, &target, seen);
    for (int j = 0; j < t->nnodes; j++) {
      if (seen[j] != 1 || (t->nodes[j].kind != NK_RETURN && t->nodes[j].kind != NK_END))
        continue;
      const char *how = t->nodes[j].kind == NK_RETURN ? "returns" : "ends";
      int f = wp_find_add(a, WP_RULE_MISSING_DONE, t->nodes[j].loc,
                          wp_xasprintf("thread function '%s' %s here without calling wp_wg_done on the waitgroup its "
                                       "spawner added it to, so wp_wg_wait never returns; put WP_DEFER_DONE first in "
                                       "the function, or start the thread with wp_wg_go",
                                       wp_s(a->p, t->name), how));
      wp_note_add(a, f, sp->loc, wp_xasprintf("the thread is started here, counted by a wp_wg_add in '%s'",
                                               wp_fname(a, s->fn)));
      if (!tried) {
        add = wg_go_add(a, s, cls);
        tried = 1;
      }
      fix_wg_go(a, s, add, f);
    }
  }
  free(seen);
}

void wp_rule_run_MISSING_DONE(wp_analysis *a)
{
  wp_each_spawn(a, check_spawn, NULL);
}
