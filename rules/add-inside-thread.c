/* add-inside-thread (WP004): wp_wg_add inside a function that runs as a
 * thread, on a waitgroup its spawner (or another thread) waits on. Correct
 * when the thread still holds its own count on that waitgroup: it was
 * counted by its spawner (an add before the spawn, or wp_wg_go) and no done
 * of its own on that waitgroup can have run before the add.
 *
 * Fix-it: the add moves out of the thread function to just before each
 * statement that starts it, with the spawner's expression for the
 * waitgroup: the thread's `a->wg` (or `&a->t->wg`), `a` its argument, is
 * `args[i].wg` (`&args[i].t->wg`) where the spawner passes `&args[i]`; its
 * `wg`, when the argument is the waitgroup itself, is the spawner's `&wg`.  Only when the move is exact:
 * the add is a statement of the function itself that runs once on every
 * path (not in a loop or a branch, no done of its own before it), the
 * argument is never changed in the function, the function is only ever
 * started as a thread (never called, its address never taken) and every
 * spawn of it is a statement of a block passing a pointer to the same
 * record, free of side effects. */
#include <stdlib.h>
#include <string.h>

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

/* The spawner's expression for the waitgroup the thread's add names: the
 * thread's argument is the spawner's sx->arg (E), so its `a->t->wg` is
 * `E->t->wg`, or `X.t->wg` when E is `&X`. */
static char *spawner_wg(const wp_node_fix *ax, const wp_node_fix *sx)
{
  if (ax->via == 1)
    return wp_xstrdup(sx->arg);
  const char *amp = ax->via == 3 ? "&" : "";
  if (sx->arg_addr_of != NULL)
    return wp_xasprintf("%s%s.%s", amp, sx->arg_addr_of, ax->via_tail + 2);
  if (sx->arg_postfix)
    return wp_xasprintf("%s%s%s", amp, sx->arg, ax->via_tail);
  return wp_xasprintf("%s(%s)%s", amp, sx->arg, ax->via_tail);
}

/* Can the add move in front of this spawn? */
static int movable_to(wp_analysis *a, const wp_site_ref *r, const wp_node_fix *ax)
{
  const wp_node *sp = wp_nd(a, r->fn, r->node);
  const wp_node_fix *sx = sp->fix;
  return sx != NULL && !sp->guarded && sx->block >= 0 && sx->head && sx->indent != NULL && sx->arg != NULL &&
         sx->arg_ptr1 && sp->arg_type >= 0 && strcmp(wp_s(a->p, sp->arg_type), ax->via_record) == 0;
}

/* See the top: the fix-it, when the move is exact. */
static void fix_move(wp_analysis *a, const wp_spawn *s, const wp_effect *e, int finding)
{
  const wp_node *add = e->node;
  const wp_node_fix *ax = add->fix;
  int t = s->tctx.fn;
  if (finding < 0 || e->nhops != 1 || e->fn != t || ax == NULL || ax->del.text == NULL || ax->via == 0 ||
      !add->delta_known || add->delta <= 0 || add->in_loop || add->guarded)
    return;
  struct ctx x = {s, e->hops[0].node, e->cls};
  if (done_before(a, s, x.add_node, e->cls) || !wp_must(a, &s->tctx, is_add_node, &x) || a->callers[t].n > 0 ||
      wp_marked(a->p, WP_MARK_ADDR, wp_s(a->p, a->p->funcs[t].key)))
    return;
  const wp_sites *sites = &a->spawners[t];
  for (int i = 0; i < sites->n; i++)
    if (!movable_to(a, &sites->v[i], ax))
      return;
  wp_fix_edit(a, finding, t, &ax->del, NULL);
  for (int i = 0; i < sites->n; i++) {
    const wp_node_fix *sx = wp_nd(a, sites->v[i].fn, sites->v[i].node)->fix;
    char *wg = spawner_wg(ax, sx);
    /* the count as a number: a name the thread sees may mean nothing where it starts */
    char *text = wp_xasprintf("wp_wg_add(%s, %d);%s%s", wg, add->delta, sx->crlf ? "\r\n" : "\n", sx->indent);
    wp_edit ins = {sx->line, sx->col, sx->line, sx->col, text};
    wp_fix_edit(a, finding, sites->v[i].fn, &ins, NULL);
    free(text);
    free(wg);
  }
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
  fix_move(a, s, e, f);
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
