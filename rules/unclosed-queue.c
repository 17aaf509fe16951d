/* unclosed-queue (WP001): a queue that some thread receives from until it
 * is closed, created by wp_queue_new in a function that has a path ending
 * without closing it. Closes count when made directly, by a helper that
 * closes on every path, by a thread started with the queue (producer or
 * closer), or on the already-closed side of a once-guard. The edge where
 * the queue was tested NULL needs no close. A queue stored in a struct the
 * function got from its caller (or returns), or in a global, is the
 * caller's to close: the check moves to each call site. */
#include <stdlib.h>
#include <string.h>

#include "analysis.h"

struct target {
  int cls;
};

static int closes(wp_analysis *a, const wp_ctx *c, int node, void *data)
{
  return wp_closes_all_paths(a, c, node, ((struct target *)data)->cls, 0);
}

static int null_edge(wp_analysis *a, const wp_ctx *c, int node, int succ, void *data)
{
  const wp_node *n = wp_nd(a, c->fn, node);
  if (n->kind != NK_BRANCH || succ > 1)
    return 0;
  for (int i = 0; i < n->nnulls[succ]; i++)
    if (wp_resolve(a, c, n->nulls[succ][i]) == ((struct target *)data)->cls)
      return 1;
  return 0;
}

static int any_close(wp_analysis *a, const wp_ctx *c, int node, void *data)
{
  (void)a;
  (void)c;
  (void)node;
  (void)data;
  return 0;
}

/* Does the queue leave the function: stored through a parameter or a
 * global, or returned? */
static int escapes(wp_analysis *a, const wp_ctx *c, const wp_node *n)
{
  const char *base = wp_s(a->p, n->obj2 >= 0 ? n->obj2 : n->obj);
  if (strncmp(base, "P:", 2) == 0 || strncmp(base, "G:", 2) == 0)
    return 1;
  int bcls = wp_resolve(a, c, n->obj2 >= 0 ? n->obj2 : n->obj);
  const wp_func *f = &a->p->funcs[c->fn];
  for (int j = 0; j < f->nnodes; j++)
    if (f->nodes[j].kind == NK_RETURN && f->nodes[j].obj >= 0 && wp_resolve(a, c, f->nodes[j].obj) == bcls)
      return 1;
  return 0;
}

static int reaches_a_close(wp_analysis *a, const wp_ctx *c, int from, int cls)
{
  struct target t = {cls};
  (void)any_close;
  return wp_search(a, c, from, 0, closes, NULL, NULL, &t) >= 0;
}

struct may {
  int cls, found;
};

static void may_cb(wp_analysis *a, const wp_effect *e, void *data)
{
  (void)a;
  struct may *m = data;
  if ((e->op == OP_CLOSE || e->op == OP_CLOSE_GUARD) && e->cls == m->cls)
    m->found = 1;
}

static int may_close(wp_analysis *a, const wp_ctx *c, int node, void *data)
{
  struct may m = {((struct target *)data)->cls, 0};
  wp_effects(a, c, node, 1, may_cb, &m);
  return m.found;
}

static int may_close_from(wp_analysis *a, const wp_ctx *c, int from, int cls)
{
  struct target t = {cls};
  return wp_search(a, c, from, 0, may_close, NULL, NULL, &t) >= 0;
}

static int closed_somewhere(wp_analysis *a, int cls)
{
  for (int i = 0; i < a->p->nfuncs; i++) {
    wp_ctx c;
    wp_ctx_root(a, i, &c);
    const wp_func *f = &a->p->funcs[i];
    for (int j = 0; j < f->nnodes; j++)
      if (f->nodes[j].kind == NK_OP && f->nodes[j].op == OP_CLOSE && wp_resolve(a, &c, f->nodes[j].obj) == cls)
        return 1;
  }
  return 0;
}

static void check_from(wp_analysis *a, int fn, int from, int cls, const wp_node *made, int may_escape, int depth)
{
  wp_ctx c;
  wp_ctx_root(a, fn, &c);
  struct target t = {cls};
  int end = wp_search(a, &c, from, 0, wp_is_path_end, closes, null_edge, &t);
  if (end < 0)
    return;
  if (may_escape && depth < 4 && a->callers[fn].n > 0) {
    /* the caller owns it: check from each call on */
    for (int i = 0; i < a->callers[fn].n; i++) {
      wp_site_ref r = a->callers[fn].v[i];
      wp_ctx cc;
      wp_ctx_root(a, r.fn, &cc);
      int next = cls;
      const wp_node *call = wp_nd(a, r.fn, r.node);
      if (!a->global[cls] && call->lhs >= 0)
        next = wp_resolve(a, &cc, call->lhs); /* returned */
      int further = !reaches_a_close(a, &cc, r.node, next);
      check_from(a, r.fn, r.node, next, made, further, depth + 1);
    }
    return;
  }
  /* never closed here, but closed elsewhere: handed over in a way not
   * followed (sent in a message to the thread that closes it) */
  if (!may_close_from(a, &c, from, cls) && closed_somewhere(a, cls))
    return;
  const wp_node *e = wp_nd(a, fn, end);
  const char *qname = wp_key_name(a, made->obj);
  int f = wp_find_add(a, WP_RULE_UNCLOSED_QUEUE, made->loc,
                      wp_xasprintf("queue '%s' is received from until it is closed, but not closed on every path: "
                                   "its receivers wait forever; close '%s' after the last send on every path "
                                   "(a cleanup label, or before the early return)",
                                   qname, qname));
  wp_note_add(a, f, e->loc,
              wp_xasprintf("this path of '%s' ends without closing '%s'", wp_fname(a, fn), qname));
}

void wp_rule_run_UNCLOSED_QUEUE(wp_analysis *a)
{
  unsigned char *until_closed = wp_until_closed_set(a);
  for (int i = 0; i < a->p->nfuncs; i++) {
    const wp_func *f = &a->p->funcs[i];
    wp_ctx c;
    wp_ctx_root(a, i, &c);
    for (int j = 0; j < f->nnodes; j++) {
      const wp_node *n = &f->nodes[j];
      if (n->kind != NK_OP || n->op != OP_QUEUE_NEW || n->obj < 0)
        continue;
      int cls = wp_resolve(a, &c, n->obj);
      if (cls < 0 || cls >= a->nkeys || !until_closed[cls])
        continue;
      check_from(a, i, j, cls, n, escapes(a, &c, n), 0);
    }
  }
  free(until_closed);
}
