/* add-inside-thread (WP004): wp_wg_add inside a function that runs as a
 * thread, on a waitgroup its spawner (or another thread) waits on. Correct
 * when the thread still holds its own count on that waitgroup: it was
 * counted by its spawner (an add before the spawn, or wp_wg_go) and no done
 * of its own on that waitgroup can have run before the add. */
#include <stdlib.h>

#include "analysis.h"

struct ctx {
  const wp_spawn *s;
  int add_node; /* node in the thread function leading to the add */
  int cls;
};

static int is_own_done(wp_analysis *a, const wp_ctx *c, int node, void *data)
{
  struct ctx *x = data;
  const wp_node *n = wp_nd(a, c->fn, node);
  return n->kind == NK_OP && n->op == OP_WG_DONE && wp_resolve(a, c, n->obj) == x->cls;
}

static int is_add_node(wp_analysis *a, const wp_ctx *c, int node, void *data)
{
  (void)a;
  (void)c;
  return node == ((struct ctx *)data)->add_node;
}

/* Can one of the thread's own dones run before the add? */
static int done_before(wp_analysis *a, const wp_spawn *s, int add_node, int cls)
{
  const wp_func *t = &a->p->funcs[s->tctx.fn];
  struct ctx x = {s, add_node, cls};
  for (int j = 0; j < t->nnodes; j++)
    if (is_own_done(a, &s->tctx, j, &x) && wp_search(a, &s->tctx, j, 0, is_add_node, NULL, NULL, &x) >= 0)
      return 1;
  return 0;
}

static void add_cb(wp_analysis *a, const wp_effect *e, void *data)
{
  const wp_spawn *s = data;
  if (e->op != OP_WG_ADD || (e->node->delta_known && e->node->delta <= 0) || e->cls < 0)
    return;
  wp_loc wait;
  if (!wp_has_effect(a, &s->sctx, OP_WG_WAIT, e->cls, &wait) &&
      !wp_waited_elsewhere(a, s->tctx.fn, e->cls, &wait))
    return;
  if (wp_thread_counted(a, s, e->cls) && !done_before(a, s, e->hops[0].node, e->cls))
    return;
  const wp_node *sp = wp_nd(a, s->fn, s->node);
  int f = wp_find_add(a, WP_RULE_ADD_INSIDE_THREAD, e->node->loc,
                      wp_xasprintf("wp_wg_add inside thread function '%s': its spawner may reach wp_wg_wait before "
                                   "this add runs, and the wait returns too early; add before starting the thread "
                                   "(or use wp_wg_go)",
                                   wp_fname(a, s->tctx.fn)));
  wp_note_hops(a, f, e);
  wp_note_add(a, f, sp->loc, wp_xasprintf("'%s' is started as a thread here", wp_fname(a, s->tctx.fn)));
  wp_note_add(a, f, wait, wp_xstrdup("the waitgroup is waited on here"));
}

static void check_spawn(wp_analysis *a, const wp_spawn *s, void *data)
{
  (void)data;
  wp_effects(a, &s->tctx, -1, 0, add_cb, (void *)s);
}

void wp_rule_run_ADD_INSIDE_THREAD(wp_analysis *a)
{
  wp_each_spawn(a, check_spawn, NULL);
}
