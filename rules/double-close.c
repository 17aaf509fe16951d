/* double-close (WP003): a queue that can be closed twice — twice on one
 * path of a function (directly, through helpers, or by threads it starts),
 * or by a thread started more than once (in a loop) that closes it. Closes
 * behind a once-guard are not counted. Reported at the second close. */
#include <stdlib.h>

#include "analysis.h"

/* Threads started in a loop with &args[i], on queues created in a loop:
 * one queue per thread. */
static int per_thread_queue(wp_analysis *a, int fn, const wp_qsite *p)
{
  if (!wp_nd(a, fn, p->node)->indexed)
    return 0;
  for (int i = 0; i < a->p->nfuncs; i++) {
    const wp_func *f = &a->p->funcs[i];
    wp_ctx c;
    wp_ctx_root(a, i, &c);
    for (int j = 0; j < f->nnodes; j++)
      if (f->nodes[j].kind == NK_OP && f->nodes[j].op == OP_QUEUE_NEW && f->nodes[j].in_loop &&
          wp_resolve(a, &c, f->nodes[j].obj) == p->cls)
        return 1;
  }
  return 0;
}

static void report(wp_analysis *a, const wp_qsite *first, const wp_qsite *second, int same_spawn)
{
  const char *qname = wp_key_name(a, second->e.node->obj);
  int f;
  if (same_spawn) {
    f = wp_find_add(a, WP_RULE_DOUBLE_CLOSE, second->e.node->loc,
                    wp_xasprintf("queue '%s' is closed by every thread started here, so it is closed more than "
                                 "once; close it in one place, after waiting for all of them (or behind a "
                                 "once-guard)",
                                 qname));
  } else {
    f = wp_find_add(a, WP_RULE_DOUBLE_CLOSE, second->e.node->loc,
                    wp_xasprintf("queue '%s' can be closed twice: it may already be closed when this close runs; "
                                 "close it in exactly one place",
                                 qname));
    wp_note_add(a, f, first->e.node->loc, wp_xasprintf("'%s' is first closed here", qname));
    wp_note_hops(a, f, &first->e);
  }
  wp_note_hops(a, f, &second->e);
}

void wp_rule_run_DOUBLE_CLOSE(wp_analysis *a)
{
  for (int i = 0; i < a->p->nfuncs; i++) {
    wp_ctx c;
    wp_ctx_root(a, i, &c);
    wp_qsites s = {NULL, 0, 0};
    wp_queue_sites(a, &c, OP_CLOSE, &s);
    for (int x = 0; x < s.n; x++)
      for (int y = 0; y < s.n; y++) {
        const wp_qsite *p = &s.v[x], *q = &s.v[y];
        if (p->cls != q->cls)
          continue;
        if (p->node != q->node && wp_sites_unrelated(a, p, q))
          continue;
        if (p->node == q->node) {
          /* one node: a thread (or helper) started again by a loop */
          if (x == y && p->e.thread >= 0 && !wp_nd(a, i, p->node)->guarded && !wp_site_fresh(a, p) &&
              !per_thread_queue(a, i, p) &&
              wp_path_between(a, &c, p->node, p->node, p->cls, -1, NULL, 0))
            report(a, p, q, 1);
          continue;
        }
        if (wp_path_between(a, &c, p->node, q->node, p->cls, wp_site_base(a, &c, p, q), NULL, 0))
          report(a, p, q, 0);
      }
    free(s.v);
  }
}
