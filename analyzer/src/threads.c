/* Threads: spawn sites with the thread function's context, which
 * waitgroups count a thread, and what waiting for it looks like. */
#include <stdlib.h>
#include <string.h>

#include "analysis.h"

void wp_each_spawn(wp_analysis *a, wp_spawn_fn fn, void *data)
{
  for (int i = 0; i < a->p->nfuncs; i++) {
    const wp_func *f = &a->p->funcs[i];
    for (int j = 0; j < f->nnodes; j++) {
      const wp_node *n = &f->nodes[j];
      if (n->kind != NK_OP || n->op != OP_SPAWN)
        continue;
      wp_spawn s;
      s.fn = i;
      s.node = j;
      wp_ctx_root(a, i, &s.sctx);
      if (!wp_ctx_enter(a, &s.sctx, j, &s.tctx))
        continue;
      fn(a, &s, data);
    }
  }
}

struct has {
  int op, cls, found;
  wp_loc at;
};

static void has_cb(wp_analysis *a, const wp_effect *e, void *data)
{
  (void)a;
  struct has *h = data;
  if (h->found || e->cls != h->cls)
    return;
  int match = e->op == h->op;
  if (h->op == OP_WG_ADD)
    match = e->op == OP_WG_ADD && (!e->node->delta_known || e->node->delta > 0);
  if (h->op == OP_WG_DONE)
    match = e->op == OP_WG_DONE || e->op == OP_WG_DEFER_DONE;
  if (h->op == -1) /* any use */
    match = 1;
  if (h->op == OP_WG_WAIT)
    match = wp_is_wait_op(e->op);
  if (match) {
    h->found = 1;
    h->at = e->node->loc;
  }
}

int wp_has_effect(wp_analysis *a, const wp_ctx *c, int op, int cls, wp_loc *at)
{
  struct has h = {op, cls, 0, {-1, 0, 0}};
  if (cls < 0)
    return 0;
  wp_effects(a, c, -1, 0, has_cb, &h);
  if (h.found && at != NULL)
    *at = h.at;
  return h.found;
}

int wp_is_wait_op(int op)
{
  return op == OP_WG_WAIT || op == OP_POOL_WAIT || op == OP_JOIN;
}

struct add_before {
  int cls;
  int spawn_node;
  int found;
};

static int is_node(wp_analysis *a, const wp_ctx *c, int node, void *data)
{
  (void)a;
  (void)c;
  return node == ((struct add_before *)data)->spawn_node;
}

static void add_before_cb(wp_analysis *a, const wp_effect *e, void *data)
{
  struct add_before *x = data;
  if (x->found || e->op != OP_WG_ADD || e->cls != x->cls || (e->node->delta_known && e->node->delta <= 0))
    return;
  wp_ctx c;
  wp_ctx_root(a, e->hops[0].fn, &c);
  if (wp_search(a, &c, e->hops[0].node, 0, is_node, NULL, NULL, x) >= 0)
    x->found = 1;
}

static void any_done_cb(wp_analysis *a, const wp_effect *e, void *data)
{
  (void)a;
  if (e->op == OP_WG_DONE || e->op == OP_WG_DEFER_DONE)
    *(int *)data = 1;
}

int wp_thread_counted(wp_analysis *a, const wp_spawn *s, int cls)
{
  const wp_node *n = wp_nd(a, s->fn, s->node);
  if (n->spawn_kind == SPAWN_WG_GO)
    return wp_resolve(a, &s->sctx, n->obj2) == cls;
  /* an add on cls in the spawner that can run before the spawn */
  struct add_before x = {cls, s->node, 0};
  wp_effects(a, &s->sctx, -1, 0, add_before_cb, &x);
  if (!x.found)
    return 0;
  if (wp_has_effect(a, &s->tctx, OP_WG_WAIT, cls, NULL))
    return 0; /* a closer thread waits on it: it is not counted there */
  int arg = n->nargs > 0 ? wp_resolve(a, &s->sctx, n->args[0]) : -1;
  if (arg == cls || wp_has_effect(a, &s->tctx, -1, cls, NULL))
    return 1;
  /* the argument struct holds the waitgroup, and the thread does no done
   * on any other: it is the one it forgot */
  int any_done = 0;
  wp_effects(a, &s->tctx, -1, 0, any_done_cb, &any_done);
  return !any_done && wp_record_holds(a, n->arg_type, cls);
}

int wp_waited_elsewhere(wp_analysis *a, int except, int cls, wp_loc *at)
{
  for (int i = 0; i < a->p->nfuncs; i++) {
    if (i == except)
      continue;
    wp_ctx c;
    wp_ctx_root(a, i, &c);
    const wp_func *f = &a->p->funcs[i];
    for (int j = 0; j < f->nnodes; j++) {
      const wp_node *n = &f->nodes[j];
      if (n->kind == NK_OP && wp_is_wait_op(n->op) && wp_resolve(a, &c, n->obj) == cls) {
        if (at != NULL)
          *at = n->loc;
        return 1;
      }
    }
  }
  return 0;
}

struct joiners {
  int *out, n, cap;
};

static void add_joiner(struct joiners *j, int cls)
{
  if (cls < 0 || j->n >= j->cap)
    return;
  for (int i = 0; i < j->n; i++)
    if (j->out[i] == cls)
      return;
  j->out[j->n++] = cls;
}

static void done_cb(wp_analysis *a, const wp_effect *e, void *data)
{
  (void)a;
  if (e->op == OP_WG_DONE || e->op == OP_WG_DEFER_DONE)
    add_joiner(data, e->cls);
}

int wp_thread_joiners(wp_analysis *a, const wp_spawn *s, int *out, int cap)
{
  struct joiners j = {out, 0, cap};
  const wp_node *n = wp_nd(a, s->fn, s->node);
  if (n->spawn_kind != SPAWN_GO)
    add_joiner(&j, wp_resolve(a, &s->sctx, n->obj2)); /* wg_go's wg, the pool, the handle */
  wp_effects(a, &s->tctx, -1, 0, done_cb, &j);
  return j.n;
}
