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

void wp_program_free(wp_program *p)
{
  for (int i = 0; i < p->nfuncs; i++) {
    wp_func *f = &p->funcs[i];
    for (int j = 0; j < f->nnodes; j++) {
      wp_node *n = &f->nodes[j];
      free(n->args);
      free(n->cases);
      free(n->nulls[0]);
      free(n->nulls[1]);
      free(n->succ);
    }
    free(f->nodes);
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
