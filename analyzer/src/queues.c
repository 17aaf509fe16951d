/* Queues: which are received from until closed, what closes them on every
 * path, and the close / send sites a function reaches. */
#include <stdlib.h>
#include <string.h>

#include "analysis.h"

/* ---- receivers until closed ---------------------------------------------- */

static void mark_up(wp_analysis *a, unsigned char *set, int fn, int cls, int depth)
{
  if (cls < 0 || cls >= a->nkeys)
    return;
  if (a->global[cls] || a->param_fn[cls] != fn || depth > 6) {
    set[cls] = 1;
    return;
  }
  /* a parameter: whatever the callers and spawners pass */
  int idx = a->param_idx[cls];
  wp_sites *lists[2] = {&a->callers[fn], &a->spawners[fn]};
  for (int l = 0; l < 2; l++)
    for (int i = 0; i < lists[l]->n; i++) {
      const wp_node *n = wp_nd(a, lists[l]->v[i].fn, lists[l]->v[i].node);
      if (idx < n->nargs) {
        wp_ctx c;
        wp_ctx_root(a, lists[l]->v[i].fn, &c);
        mark_up(a, set, lists[l]->v[i].fn, wp_resolve(a, &c, n->args[idx]), depth + 1);
      }
    }
  set[cls] = 1;
}

unsigned char *wp_until_closed_set(wp_analysis *a)
{
  unsigned char *set = wp_xcalloc((size_t)(a->nkeys ? a->nkeys : 1), 1);
  for (int i = 0; i < a->p->nfuncs; i++) {
    const wp_func *f = &a->p->funcs[i];
    wp_ctx c;
    wp_ctx_root(a, i, &c);
    for (int j = 0; j < f->nnodes; j++) {
      const wp_node *n = &f->nodes[j];
      if (n->kind != NK_OP)
        continue;
      if (n->op == OP_RECV_LOOP || (n->op == OP_RECV && n->until_closed))
        mark_up(a, set, i, wp_resolve(a, &c, n->obj), 0);
      if (n->op == OP_SELECT)
        for (int k = 0; k < n->ncases; k++)
          if (n->cases[k].op == WP_RECV_OP && (n->until_closed || n->cases[k].elem_null))
            mark_up(a, set, i, wp_resolve(a, &c, n->cases[k].obj), 0);
    }
  }
  return set;
}

/* ---- closes on every path ------------------------------------------------ */

struct close_target {
  int cls, depth;
};

static int closes_pred(wp_analysis *a, const wp_ctx *c, int node, void *data)
{
  struct close_target *t = data;
  return wp_closes_all_paths(a, c, node, t->cls, t->depth);
}

int wp_closes_all_paths(wp_analysis *a, const wp_ctx *c, int node, int cls, int depth)
{
  const wp_node *n = wp_nd(a, c->fn, node);
  if (n->kind == NK_BRANCH && n->guarded) {
    /* wp_go(cond ? closer : other, ...): the queue is handed to a closer */
    for (int i = 0; i < n->nsucc; i++)
      if (wp_closes_all_paths(a, c, n->succ[i], cls, depth))
        return 1;
    return 0;
  }
  if (n->kind != NK_OP)
    return 0;
  if ((n->op == OP_CLOSE || n->op == OP_CLOSE_GUARD) && wp_resolve(a, c, n->obj) == cls)
    return 1;
  if ((n->op == OP_CALL || n->op == OP_SPAWN) && depth < 6) {
    wp_ctx inner;
    if (!wp_ctx_enter(a, c, node, &inner))
      return 0;
    struct close_target t = {cls, depth + 1};
    return wp_must(a, &inner, closes_pred, &t);
  }
  return 0;
}

/* ---- sites --------------------------------------------------------------- */

struct collect {
  wp_qsites *out;
  int op;
  int node;
};

static void site_cb(wp_analysis *a, const wp_effect *e, void *data)
{
  struct collect *s = data;
  if (s->op == OP_SEND && e->op == OP_SELECT) {
    for (int k = 0; k < e->node->ncases; k++)
      if (e->node->cases[k].op == WP_SEND_OP) {
        wp_qsite q;
        q.node = s->node;
        q.e = *e;
        q.cls = wp_resolve(a, &e->ctx, e->node->cases[k].obj);
        q.send_case = 1;
        if (q.cls >= 0)
          WP_PUSH(s->out->v, s->out->n, s->out->cap, q);
      }
    return;
  }
  if (e->op != s->op || e->cls < 0)
    return;
  if (s->op == OP_CLOSE && e->node->guarded)
    return;
  wp_qsite q;
  q.node = s->node;
  q.e = *e;
  q.cls = e->cls;
  q.send_case = 0;
  WP_PUSH(s->out->v, s->out->n, s->out->cap, q);
}

void wp_queue_sites(wp_analysis *a, const wp_ctx *root, int op, wp_qsites *out)
{
  const wp_func *f = &a->p->funcs[root->fn];
  struct collect s = {out, op, 0};
  for (int j = 0; j < f->nnodes; j++) {
    if (f->nodes[j].kind != NK_OP)
      continue;
    s.node = j;
    wp_effects(a, root, j, 1, site_cb, &s);
  }
}

/* ---- paths between sites ------------------------------------------------- */

struct between {
  int to, cls, base;
  const int *joiners;
  int nj;
};

static int is_to(wp_analysis *a, const wp_ctx *c, int node, void *data)
{
  (void)a;
  (void)c;
  return node == ((struct between *)data)->to;
}

static void may_wait_cb(wp_analysis *a, const wp_effect *e, void *data)
{
  (void)a;
  struct between *b = data;
  if (!wp_is_wait_op(e->op) || e->node->timed)
    return;
  for (int i = 0; i < b->nj; i++)
    if (b->joiners[i] == e->cls)
      b->to = -2; /* found */
}

static int between_stop(wp_analysis *a, const wp_ctx *c, int node, void *data)
{
  struct between *b = data;
  const wp_node *n = wp_nd(a, c->fn, node);
  if (n->kind != NK_OP || node == b->to)
    return 0;
  if (n->op == OP_QUEUE_NEW && wp_resolve(a, c, n->obj) == b->cls)
    return 1;
  if ((n->op == OP_RECV || n->op == OP_RECV_LOOP) && b->base >= 0 && n->lhs >= 0 && wp_resolve(a, c, n->lhs) == b->base)
    return 1; /* the queue's holder is received anew (a loop over requests) */
  if (b->nj == 0)
    return 0;
  if (wp_is_wait_op(n->op) && !n->timed) {
    int cls = wp_resolve(a, c, n->obj);
    for (int i = 0; i < b->nj; i++)
      if (b->joiners[i] == cls)
        return 1;
  }
  if (n->op == OP_CALL) {
    struct between probe = *b;
    probe.base = -1;
    wp_effects(a, c, node, 0, may_wait_cb, &probe);
    return probe.to == -2;
  }
  return 0;
}

/* The side of `if (wp_wg_wait_timeout(...) != WP_ETIMEDOUT)` where the
 * wait completed counts as a wait. */
static int waited_edge(wp_analysis *a, const wp_ctx *c, int node, int succ, void *data)
{
  struct between *b = data;
  const wp_node *n = wp_nd(a, c->fn, node);
  if (n->kind != NK_BRANCH || n->wait_ok != succ || b->nj == 0)
    return 0;
  int cls = wp_resolve(a, c, n->obj);
  for (int i = 0; i < b->nj; i++)
    if (b->joiners[i] == cls)
      return 1;
  return 0;
}

int wp_path_between(wp_analysis *a, const wp_ctx *c, int from, int to, int cls, int base, const int *joiners,
                    int njoiners)
{
  struct between b = {to, cls, base, joiners, njoiners};
  return wp_search(a, c, from, 0, is_to, between_stop, waited_edge, &b) >= 0;
}

int wp_site_fresh(wp_analysis *a, const wp_qsite *q)
{
  for (int i = 1; i < q->e.nhops; i++) {
    const wp_func *f = &a->p->funcs[q->e.hops[i].fn];
    wp_ctx c;
    wp_ctx_root(a, q->e.hops[i].fn, &c);
    for (int j = 0; j < f->nnodes; j++)
      if (f->nodes[j].kind == NK_OP && f->nodes[j].op == OP_QUEUE_NEW && wp_resolve(a, &c, f->nodes[j].obj) == q->cls)
        return 1;
  }
  return 0;
}

int wp_site_base(wp_analysis *a, const wp_ctx *root, const wp_qsite *x, const wp_qsite *y)
{
  if (x->e.nhops != 1 || y->e.nhops != 1 || x->e.node->base < 0)
    return -1;
  int bx = wp_resolve(a, root, x->e.node->base), by = wp_resolve(a, root, y->e.node->base);
  return bx == by ? bx : -1;
}

int wp_sites_unrelated(wp_analysis *a, const wp_qsite *x, const wp_qsite *y)
{
  if (x->e.node->indexed && y->e.node->indexed)
    return 1;
  return wp_site_fresh(a, x) || wp_site_fresh(a, y);
}

int wp_effect_spawn(const wp_effect *e, wp_spawn *s, wp_analysis *a)
{
  if (e->thread < 0)
    return 0;
  s->fn = e->hops[e->thread].fn;
  s->node = e->hops[e->thread].node;
  wp_ctx_root(a, s->fn, &s->sctx);
  return wp_ctx_enter(a, &s->sctx, s->node, &s->tctx);
}

int wp_chain_waits_before(wp_analysis *a, const wp_effect *e, int start, const int *joiners, int njoiners)
{
  if (njoiners == 0)
    return 0;
  wp_spawn s;
  int have_spawn = e->thread >= 0 && wp_effect_spawn(e, &s, a);
  /* in each function on the way to the operation: every path from its
   * entry to the next hop waits */
  for (int i = start; i < e->nhops; i++) {
    const wp_hop *h = &e->hops[i];
    wp_ctx c;
    if (have_spawn && h->fn == s.tctx.fn)
      c = s.tctx;
    else
      wp_ctx_root(a, h->fn, &c);
    struct between b = {h->node, -1, -1, joiners, njoiners};
    const wp_func *f = &a->p->funcs[h->fn];
    if (wp_search(a, &c, f->entry, 1, is_to, between_stop, waited_edge, &b) < 0)
      return 1;
    if (h->spawn && i > start)
      break;
  }
  return 0;
}

int wp_thread_waits_before(wp_analysis *a, const wp_effect *e, const int *joiners, int njoiners)
{
  if (e->thread < 0)
    return 0;
  return wp_chain_waits_before(a, e, e->thread + 1, joiners, njoiners);
}
