/* missing-done (WP006): a thread counted by an add in its spawner has a
 * path that ends without wp_wg_done on that waitgroup. For each spawn (not
 * wp_wg_go, whose done is automatic) and each waitgroup the spawner adds to
 * and the thread reaches, every return / closing brace of the thread
 * function reachable from its entry without a done is reported. A helper
 * that calls done on every path counts as a done at its call. */
#include <stdlib.h>

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
    }
  }
  free(seen);
}

void wp_rule_run_MISSING_DONE(wp_analysis *a)
{
  wp_each_spawn(a, check_spawn, NULL);
}
