/* The control flow graph's storage: functions, nodes, edges; and a dump of
 * it for debugging (wpcheck --dump-cfg). */
#include "cfg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

wp_func *wp_func_new(wp_program *p)
{
  wp_func f;
  memset(&f, 0, sizeof f);
  f.key = f.name = -1;
  f.loc.file = f.end.file = -1;
  WP_PUSH(p->funcs, p->nfuncs, p->capfuncs, f);
  return &p->funcs[p->nfuncs - 1];
}

int wp_node_new(wp_func *f, int kind)
{
  wp_node n;
  memset(&n, 0, sizeof n);
  n.kind = kind;
  n.obj = n.obj2 = n.callee = n.callee_name = n.arg_type = n.lhs = n.base = -1;
  n.loc.file = -1;
  n.wait_ok = -1;
  WP_PUSH(f->nodes, f->nnodes, f->capnodes, n);
  return f->nnodes - 1;
}

void wp_edge(wp_func *f, int from, int to)
{
  if (from < 0 || to < 0)
    return;
  wp_node *n = &f->nodes[from];
  WP_PUSH(n->succ, n->nsucc, n->capsucc, to);
}

void wp_mark(wp_program *p, const char *kind, const char *usr)
{
  char *s = wp_xasprintf("\001%s:%s", kind, usr);
  (void)wp_intern(&p->strs, s);
  free(s);
}

int wp_marked(const wp_program *p, const char *kind, const char *usr)
{
  char *s = wp_xasprintf("\001%s:%s", kind, usr);
  int found = wp_intern_find(&p->strs, s) >= 0;
  free(s);
  return found;
}

void wp_edits_free(wp_edits *e)
{
  for (int i = 0; i < e->n; i++)
    free(e->v[i].text);
  free(e->v);
  memset(e, 0, sizeof *e);
}

static void wg_params_free(wp_wg_param *v, int n)
{
  for (int i = 0; i < n; i++)
    wp_edits_free(&v[i].edits);
  free(v);
}

static void node_fix_free(wp_node_fix *x)
{
  if (x == NULL)
    return;
  free(x->indent);
  free(x->del.text);
  free(x->wg);
  free(x->via_tail);
  free(x->via_record);
  free(x->go.text);
  free(x->arg);
  free(x->arg_addr_of);
  for (int i = 0; i < x->nwgargs; i++)
    free(x->wgargs[i].edit.text);
  free(x->wgargs);
  wg_params_free(x->protos, x->nprotos);
  free(x);
}

static void node_free(wp_node *n)
{
  free(n->args);
  free(n->cases);
  free(n->nulls[0]);
  free(n->nulls[1]);
  free(n->succ);
  node_fix_free(n->fix);
}

/* ---- compaction ----------------------------------------------------------
 * The builder makes a join node wherever control flow meets (after an if,
 * at a loop's head, at a label) and a branch node at every condition: in
 * ordinary code (arithmetic, parsing, loops without wpool calls) four nodes
 * in five, which the rules never stop at: they follow paths between the
 * others (operations, calls, returns, the branches whose sides they read).
 * They are the bulk of what a file leaves behind for the whole-program
 * phase, so once a function is built each edge into such a node is sent on
 * to the first node after it, and it is dropped: which nodes can reach
 * which is unchanged, and each node keeps its successors' positions (a
 * branch's succ[0] is still its true side). */

/* Where control goes on from a node that means nothing to the rules, or
 * -1 if the node matters: a join; a branch whose sides meet at once
 * (`if (x) y++;`) or that only loops back to itself (`while (x) y++;`),
 * unless one of its sides means something (a NULL test, a timed wait's
 * result, a choice of thread function). */
static int pass_through(const wp_func *f, int n)
{
  const wp_node *nd = &f->nodes[n];
  if (nd->kind == NK_JOIN)
    return nd->nsucc == 1 ? nd->succ[0] : -1;
  if (nd->kind != NK_BRANCH || nd->guarded || nd->wait_ok >= 0 || nd->nnulls[0] > 0 || nd->nnulls[1] > 0)
    return -1;
  int next = -1;
  for (int k = 0; k < nd->nsucc; k++) {
    if (nd->succ[k] == n)
      continue;
    if (next >= 0 && nd->succ[k] != next)
      return -1;
    next = nd->succ[k];
  }
  return next;
}

static int removable(const wp_func *f, int n)
{
  return pass_through(f, n) >= 0;
}

/* Follows the pass-through nodes from n; every one passed gets fwd[] =
 * where the chain ends.  A loop made only of them (`for (;;);`) keeps the
 * node where the walk came back to itself: a node with an edge to itself. */
static void resolve(const wp_func *f, int n, int *fwd, unsigned char *state, int *path, unsigned char *keep)
{
  int len = 0, x = n;
  while (removable(f, x) && state[x] == 0) {
    state[x] = 1; /* on the current chain */
    path[len++] = x;
    x = pass_through(f, x);
  }
  int end = x;
  if (state[x] == 1) {
    keep[x] = 1;
  } else if (state[x] == 2) {
    end = fwd[x];
  }
  for (int i = 0; i < len; i++) {
    fwd[path[i]] = end;
    state[path[i]] = 2;
  }
}

/* p's first n bytes in a block of their own, p freed: the arrays were
 * grown by doubling, and a shrinking realloc may leave a block where it is,
 * its tail not reusable. */
static void *shrink(void *p, size_t n)
{
  void *q = wp_xmalloc(n);
  memcpy(q, p, n);
  free(p);
  return q;
}

/* One pass: drops the removable nodes; returns how many. */
static int compact_pass(wp_func *f)
{
  int n = f->nnodes;
  if (n == 0)
    return 0;
  int *fwd = wp_xmalloc((size_t)n * sizeof *fwd);
  int *path = wp_xmalloc((size_t)n * sizeof *path);
  int *index = wp_xmalloc((size_t)n * sizeof *index);
  unsigned char *state = wp_xcalloc((size_t)n, 1), *keep = wp_xcalloc((size_t)n, 1);
  for (int i = 0; i < n; i++)
    fwd[i] = i;
  for (int i = 0; i < n; i++)
    if (removable(f, i) && state[i] == 0)
      resolve(f, i, fwd, state, path, keep);
  /* the nodes that stay, renumbered in their order */
  int m = 0;
  for (int i = 0; i < n; i++)
    index[i] = removable(f, i) && !keep[i] ? -1 : m++;
  for (int i = 0; i < n; i++) {
    wp_node *nd = &f->nodes[i];
    if (index[i] < 0) {
      node_free(nd);
      continue;
    }
    for (int k = 0; k < nd->nsucc; k++)
      nd->succ[k] = index[fwd[nd->succ[k]]];
    if (nd->nsucc > 0 && nd->nsucc < nd->capsucc) { /* exact size: most nodes have one or two */
      nd->succ = shrink(nd->succ, (size_t)nd->nsucc * sizeof *nd->succ);
      nd->capsucc = nd->nsucc;
    }
    f->nodes[index[i]] = *nd;
  }
  f->entry = index[fwd[f->entry]];
  f->exit = index[fwd[f->exit]];
  if (m < f->capnodes)
    f->nodes = shrink(f->nodes, (size_t)m * sizeof *f->nodes);
  f->nnodes = f->capnodes = m;
  free(fwd);
  free(path);
  free(index);
  free(state);
  free(keep);
  return n - m;
}

void wp_func_compact(wp_func *f)
{
  /* a pass can make a branch's sides meet (both went to joins before the
   * same node): again until nothing goes */
  while (compact_pass(f) > 0)
    ;
}

void wp_program_free(wp_program *p)
{
  for (int i = 0; i < p->nfuncs; i++) {
    wp_func *f = &p->funcs[i];
    for (int j = 0; j < f->nnodes; j++)
      node_free(&f->nodes[j]);
    free(f->nodes);
    wg_params_free(f->wgparams, f->nwgparams);
  }
  free(p->funcs);
  free(p->unions);
  free(p->copies);
  free(p->func_index);
  wp_strtab_free(&p->strs);
  memset(p, 0, sizeof *p);
}

static const char *const op_names[] = {
    "none", "queue_new", "send", "recv", "recv_loop", "close", "close_guard",
    "queue_free", "select", "wg_add", "wg_done", "wg_defer_done", "wg_wait",
    "pool_new", "pool_wait", "join", "lock", "call", "spawn", "exit"};
static const char *const kind_names[] = {"entry", "exit", "return", "end", "join", "branch", "op"};

void wp_cfg_dump(const wp_program *p, FILE *out)
{
  for (int i = 0; i < p->nfuncs; i++) {
    const wp_func *f = &p->funcs[i];
    fprintf(out, "function %s (%s) %s:%d noreturn=%d\n", wp_s(p, f->name), wp_s(p, f->key),
            wp_s(p, f->loc.file), f->loc.line, f->noreturn);
    for (int j = 0; j < f->nnodes; j++) {
      const wp_node *n = &f->nodes[j];
      fprintf(out, "  %3d %-6s", j, kind_names[n->kind]);
      if (n->kind == NK_OP)
        fprintf(out, " %-10s", op_names[n->op]);
      if (n->loc.line)
        fprintf(out, " @%d:%d", n->loc.line, n->loc.col);
      if (n->obj >= 0)
        fprintf(out, " obj=%s", wp_s(p, n->obj));
      if (n->obj2 >= 0)
        fprintf(out, " obj2=%s", wp_s(p, n->obj2));
      if (n->callee >= 0)
        fprintf(out, " fn=%s", wp_s(p, n->callee));
      for (int a = 0; a < n->nargs; a++)
        fprintf(out, " arg%d=%s", a, wp_s(p, n->args[a]));
      if (n->lhs >= 0)
        fprintf(out, " lhs=%s", wp_s(p, n->lhs));
      if (n->op == OP_WG_ADD)
        fprintf(out, " delta=%d%s", n->delta, n->delta_known ? "" : "?");
      if (n->until_closed)
        fprintf(out, " until_closed");
      if (n->wait_ok >= 0)
        fprintf(out, " wait_ok=%d", n->wait_ok);
      if (n->timed)
        fprintf(out, " timed");
      if (n->guarded)
        fprintf(out, " guarded");
      for (int c = 0; c < n->ncases; c++)
        fprintf(out, " case(%s,%d%s)", wp_s(p, n->cases[c].obj), n->cases[c].op,
                n->cases[c].elem_null ? ",null" : "");
      for (int b = 0; b < 2; b++)
        for (int k = 0; k < n->nnulls[b]; k++)
          fprintf(out, " null%d=%s", b, wp_s(p, n->nulls[b][k]));
      fprintf(out, " ->");
      for (int s = 0; s < n->nsucc; s++)
        fprintf(out, " %d", n->succ[s]);
      fputc('\n', out);
    }
  }
  for (int i = 0; i < p->nunions; i++)
    fprintf(out, "union %s = %s\n", wp_s(p, p->unions[i][0]), wp_s(p, p->unions[i][1]));
}
