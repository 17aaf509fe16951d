/* send-after-close (WP002): a send (or a select's send case) that can run
 * after a close of the same queue — later on a path of the same function
 * (directly, in a helper, or in a thread started after the close), or from
 * a thread started before the close when the closer does not wait for it
 * (no wait on a waitgroup / pool / join that covers the sender, neither in
 * the function between the start and the close, nor in the closer thread
 * before its close). Reported at the send, with a note at the close. */
#include <stdlib.h>

#include "analysis.h"

static void report(wp_analysis *a, const wp_qsite *close, const wp_qsite *send, const char *why)
{
  const char *qname = wp_key_name(a, close->e.node->obj);
  int f = wp_find_add(a, WP_RULE_SEND_AFTER_CLOSE, send->e.node->loc,
                      wp_xasprintf("send on queue '%s' can run after it is closed (%s): the element is refused "
                                   "with WP_ECLOSED and lost; close '%s' only after the last send, once every "
                                   "sender has finished",
                                   qname, why, qname));
  wp_note_hops(a, f, &send->e);
  wp_note_add(a, f, close->e.node->loc, wp_xasprintf("'%s' is closed here", qname));
  wp_note_hops(a, f, &close->e);
}

static int joiners_of(wp_analysis *a, const wp_effect *e, int *out, int cap)
{
  wp_spawn s;
  if (!wp_effect_spawn(e, &s, a))
    return 0;
  return wp_thread_joiners(a, &s, out, cap);
}

void wp_rule_run_SEND_AFTER_CLOSE(wp_analysis *a)
{
  for (int i = 0; i < a->p->nfuncs; i++) {
    wp_ctx c;
    wp_ctx_root(a, i, &c);
    wp_qsites closes = {NULL, 0, 0}, sends = {NULL, 0, 0};
    wp_queue_sites(a, &c, OP_CLOSE, &closes);
    if (closes.n > 0)
      wp_queue_sites(a, &c, OP_SEND, &sends);
    for (int x = 0; x < closes.n; x++)
      for (int y = 0; y < sends.n; y++) {
        const wp_qsite *cl = &closes.v[x], *sd = &sends.v[y];
        if (cl->cls != sd->cls || cl->node == sd->node)
          continue;
        if (wp_sites_unrelated(a, cl, sd))
          continue;
        int joiners[16];
        int nj = sd->e.thread >= 0 ? joiners_of(a, &sd->e, joiners, 16) : 0;
        /* the close comes first, then the send */
        int base = wp_site_base(a, &c, cl, sd);
        if (wp_path_between(a, &c, cl->node, sd->node, cl->cls, base, NULL, 0)) {
          if (cl->e.thread >= 0 && sd->e.thread >= 0 && wp_thread_waits_before(a, &cl->e, joiners, nj))
            continue;
          report(a, cl, sd, "it is closed earlier on this path");
          continue;
        }
        /* a sender thread started before the close, not waited for */
        if (sd->e.thread >= 0 && wp_path_between(a, &c, sd->node, cl->node, cl->cls, base, joiners, nj)) {
          if (wp_chain_waits_before(a, &cl->e, 1, joiners, nj))
            continue;
          report(a, cl, sd, "the closer does not wait for this sender first");
        }
      }
    free(closes.v);
    free(sends.v);
  }
}
