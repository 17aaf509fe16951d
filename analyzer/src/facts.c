/* Facts extraction, statements: walks each function defined in the main
 * file and builds its control flow graph (if/else, loops, switch, goto,
 * return, break/continue), handing expressions to facts_expr.c. */
#include "facts.h"

#include <stdlib.h>
#include <string.h>

#include "facts_int.h"

static int add(wp_builder *b, int kind, CXCursor at)
{
  int n = wp_node_new(b->fn, kind);
  if (!clang_Cursor_isNull(at))
    b->fn->nodes[n].loc = wp_cursor_loc(&b->p->strs, at);
  if (b->cur >= 0)
    wp_edge(b->fn, b->cur, n);
  b->cur = n;
  return n;
}

static int fresh(wp_builder *b)
{
  return wp_node_new(b->fn, NK_JOIN);
}

static int label_node(wp_builder *b, CXCursor c)
{
  char *s = wp_spelling(c);
  int name = wp_intern(&b->p->strs, s);
  free(s);
  for (int i = 0; i < b->nlabels; i++)
    if (b->labels[i].name == name)
      return b->labels[i].node;
  wp_label l = {name, fresh(b)};
  WP_PUSH(b->labels, b->nlabels, b->caplabels, l);
  return l.node;
}

static void stmt(wp_builder *b, CXCursor s);

static int push_loop(wp_builder *b, int brk, int cont, int open)
{
  if (b->nloops >= WP_MAX_LOOPS)
    return 0;
  b->loops[b->nloops++] = (wp_loop_frame){brk, cont, open, 0};
  return 1;
}

static int const_true(CXCursor cond, int *is_const)
{
  long long v;
  *is_const = wp_eval_int(cond, &v);
  return *is_const && v != 0;
}

/* ---- once-guards --------------------------------------------------------- */

static int is_atomic_call(CXCursor c)
{
  if (clang_getCursorKind(c) != CXCursor_CallExpr)
    return 0;
  char *name = wp_spelling(c);
  int r = strstr(name, "atomic_exchange") || strstr(name, "compare_exchange") || strstr(name, "fetch_sub") ||
          strstr(name, "test_and_set") || strncmp(name, "__sync_", 7) == 0 ||
          strncmp(name, "__atomic_", 9) == 0;
  free(name);
  return r;
}

/* The flag a guard condition tests: !flag, flag == 0, flag == CONST,
 * !atomic_exchange(&flag, 1), ... */
static int guard_flag(wp_builder *b, CXCursor cond, int *atomic)
{
  cond = wp_strip(cond);
  enum CXCursorKind k = clang_getCursorKind(cond);
  wp_cursors cs = wp_children(cond);
  int flag = -1;
  if (k == CXCursor_UnaryOperator && cs.n == 1 && wp_unop_kind(b->tu, cond) == UO_LNOT) {
    flag = guard_flag(b, cs.v[0], atomic);
    if (flag < 0) {
      CXCursor x = wp_strip(cs.v[0]);
      enum CXCursorKind xk = clang_getCursorKind(x);
      if (xk == CXCursor_DeclRefExpr || xk == CXCursor_MemberRefExpr)
        flag = wp_key_of(b, x);
    }
  } else if (k == CXCursor_BinaryOperator && cs.n == 2 &&
             (wp_binop_kind(b->tu, cond) == BO_EQ || wp_binop_kind(b->tu, cond) == BO_NE)) {
    for (int i = 0; i < 2 && flag < 0; i++) {
      CXCursor x = wp_strip(cs.v[i]);
      enum CXCursorKind xk = clang_getCursorKind(x);
      long long v;
      if ((xk == CXCursor_DeclRefExpr || xk == CXCursor_MemberRefExpr) && !wp_eval_int(x, &v))
        flag = wp_key_of(b, x);
      else if (is_atomic_call(x))
        flag = guard_flag(b, x, atomic);
    }
  } else if (is_atomic_call(cond) && cs.n >= 2) {
    *atomic = 1;
    flag = wp_key_of(b, cs.v[1]);
  }
  wp_cursors_free(&cs);
  return flag;
}

struct guard_scan {
  wp_builder *b;
  int flag;
  int assigned;
  int *closes;
  int ncloses, capcloses;
};

static int api_is_close(CXCursor call)
{
  CXCursor t = wp_call_target(call);
  if (clang_Cursor_isNull(t))
    return 0;
  char *name = wp_spelling(t);
  int r = strcmp(name, "wp__queue_close_at") == 0 || strcmp(name, "wp_queue_close") == 0;
  free(name);
  return r;
}

static void guard_scan(struct guard_scan *g, CXCursor c)
{
  enum CXCursorKind k = clang_getCursorKind(c);
  if (k == CXCursor_BinaryOperator && wp_binop_kind(g->b->tu, c) == BO_ASSIGN) {
    wp_cursors cs = wp_children(c);
    if (cs.n == 2 && wp_key_of(g->b, cs.v[0]) == g->flag)
      g->assigned = 1;
    wp_cursors_free(&cs);
  }
  if (k == CXCursor_CallExpr && api_is_close(c)) {
    wp_cursors cs = wp_children(c);
    if (cs.n >= 2) {
      int q = wp_key_of(g->b, cs.v[1]);
      if (q >= 0)
        WP_PUSH(g->closes, g->ncloses, g->capcloses, q);
    }
    wp_cursors_free(&cs);
  }
  if (k == CXCursor_StmtExpr)
    return;
  wp_cursors cs = wp_children(c);
  for (int i = 0; i < cs.n; i++)
    guard_scan(g, cs.v[i]);
  wp_cursors_free(&cs);
}

/* A close behind a once-guard: a flag tested and set under a mutex (or by
 * an atomic exchange). Returns the queues closed behind it. */
static int once_guard(wp_builder *b, CXCursor cond, CXCursor then, int **closes)
{
  int atomic = 0;
  int flag = guard_flag(b, cond, &atomic);
  *closes = NULL;
  if (flag < 0 || (!atomic && !b->lock_seen))
    return 0;
  struct guard_scan g = {b, flag, atomic, NULL, 0, 0};
  guard_scan(&g, then);
  if (!g.assigned || g.ncloses == 0) {
    free(g.closes);
    return 0;
  }
  *closes = g.closes;
  return g.ncloses;
}

/* ---- statements ---------------------------------------------------------- */

static void if_stmt(wp_builder *b, CXCursor s, wp_cursors *cs)
{
  if (cs->n < 2)
    return;
  CXCursor cond = cs->v[0], then = cs->v[1];
  int cn = wp_expr_n(b, cond);
  int *closes = NULL;
  int nguard = once_guard(b, cond, then, &closes);
  int br = add(b, NK_BRANCH, cond);
  wp_cond_nulls(b, cond, br);
  wp_cond_wait(b, cond, cn, br);
  int t0 = fresh(b);
  wp_edge(b->fn, br, t0);
  b->cur = t0;
  if (nguard)
    b->guard_depth++;
  stmt(b, then);
  if (nguard)
    b->guard_depth--;
  int tend = b->cur;
  int e0 = fresh(b);
  wp_edge(b->fn, br, e0);
  b->cur = e0;
  for (int i = 0; i < nguard; i++) {
    int n = add(b, NK_OP, s);
    b->fn->nodes[n].op = OP_CLOSE_GUARD;
    b->fn->nodes[n].obj = closes[i];
    b->fn->nodes[n].guarded = 1;
  }
  free(closes);
  if (cs->n > 2)
    stmt(b, cs->v[2]);
  int eend = b->cur;
  int j = fresh(b);
  wp_edge(b->fn, tend, j);
  wp_edge(b->fn, eend, j);
  b->cur = (tend < 0 && eend < 0) ? -1 : j;
}

static void while_stmt(wp_builder *b, CXCursor s, wp_cursors *cs)
{
  (void)s;
  if (cs->n < 2)
    return;
  CXCursor cond = cs->v[cs->n - 2], body = cs->v[cs->n - 1];
  int head = add(b, NK_JOIN, clang_getNullCursor());
  int is_const;
  int forever = const_true(cond, &is_const);
  int exitj = fresh(b);
  int pushed = push_loop(b, exitj, head, forever || wp_cond_mentions_status(b, cond));
  if (pushed)
    b->loops[b->nloops - 1].eclosed = wp_mentions_eclosed(body);
  wp_expr(b, cond);
  int br = -1;
  if (!forever) {
    br = add(b, NK_BRANCH, cond);
    wp_cond_nulls(b, cond, br);
  }
  int t0 = fresh(b);
  wp_edge(b->fn, b->cur, t0);
  b->cur = t0;
  stmt(b, body);
  wp_edge(b->fn, b->cur, head);
  wp_edge(b->fn, br, exitj);
  b->nloops -= pushed;
  b->cur = exitj;
}

static void do_stmt(wp_builder *b, CXCursor s, wp_cursors *cs)
{
  (void)s;
  if (cs->n < 2)
    return;
  CXCursor body = cs->v[0], cond = cs->v[1];
  int head = add(b, NK_JOIN, clang_getNullCursor());
  int exitj = fresh(b), contj = fresh(b);
  int is_const;
  int forever = const_true(cond, &is_const);
  int pushed = push_loop(b, exitj, contj, forever || wp_cond_mentions_status(b, cond));
  if (pushed)
    b->loops[b->nloops - 1].eclosed = wp_mentions_eclosed(body);
  stmt(b, body);
  wp_edge(b->fn, b->cur, contj);
  b->cur = contj;
  wp_expr(b, cond);
  if (forever) {
    wp_edge(b->fn, b->cur, head);
  } else if (is_const) {
    wp_edge(b->fn, b->cur, exitj);
  } else {
    int br = add(b, NK_BRANCH, cond);
    wp_cond_nulls(b, cond, br);
    wp_edge(b->fn, br, head);
    wp_edge(b->fn, br, exitj);
  }
  b->nloops -= pushed;
  b->cur = exitj;
}

static unsigned file_offset(CXSourceLocation l)
{
  unsigned off = 0;
  clang_getFileLocation(l, NULL, NULL, NULL, &off);
  return off;
}

/* Which children of a for statement are init, cond, inc (libclang leaves
 * out the missing ones): by the positions of the two semicolons. */
static void for_parts(wp_builder *b, CXCursor s, wp_cursors *cs, int part[3])
{
  part[0] = part[1] = part[2] = -1;
  int nhead = cs->n - 1; /* the last child is the body */
  if (nhead <= 0)
    return;
  if (!wp_cursor_in_macro(s)) {
    CXToken *toks = NULL;
    unsigned n = 0;
    clang_tokenize(b->tu, clang_getCursorExtent(s), &toks, &n);
    unsigned semi[2] = {0, 0};
    int nsemi = 0, depth = 0;
    for (unsigned i = 0; i < n && nsemi < 2; i++) {
      if (clang_getTokenKind(toks[i]) != CXToken_Punctuation)
        continue;
      CXString sp = clang_getTokenSpelling(b->tu, toks[i]);
      const char *t = clang_getCString(sp);
      if (t != NULL) {
        if (strcmp(t, "(") == 0 || strcmp(t, "[") == 0 || strcmp(t, "{") == 0)
          depth++;
        else if (strcmp(t, ")") == 0 || strcmp(t, "]") == 0 || strcmp(t, "}") == 0)
          depth--;
        else if (strcmp(t, ";") == 0 && depth == 1)
          semi[nsemi++] = file_offset(clang_getTokenLocation(b->tu, toks[i]));
      }
      clang_disposeString(sp);
    }
    if (toks != NULL)
      clang_disposeTokens(b->tu, toks, n);
    if (nsemi == 2) {
      for (int i = 0; i < nhead; i++) {
        unsigned off = file_offset(clang_getRangeStart(clang_getCursorExtent(cs->v[i])));
        int which = off < semi[0] ? 0 : off < semi[1] ? 1 : 2;
        part[which] = i;
      }
      return;
    }
  }
  /* from a macro (WP_QUEUE_FOREACH): a declaration is the init */
  int i = 0;
  if (clang_getCursorKind(cs->v[0]) == CXCursor_DeclStmt || nhead == 3)
    part[0] = i++;
  if (i < nhead)
    part[1] = i++;
  if (i < nhead)
    part[2] = i++;
}

/* for (i = C0; i < K; ...) with constants C0 < K: the body runs at least
 * once (the CFG then enters it without testing the condition first). */
static int runs_once(wp_builder *b, CXCursor init, CXCursor cond)
{
  CXCursor var = clang_getNullCursor();
  long long c0 = 0, k = 0;
  int have = 0;
  if (clang_getCursorKind(init) == CXCursor_DeclStmt) {
    wp_cursors ds = wp_children(init);
    if (ds.n == 1 && clang_getCursorKind(ds.v[0]) == CXCursor_VarDecl) {
      wp_cursors vs = wp_children(ds.v[0]);
      if (vs.n > 0 && wp_eval_int(vs.v[vs.n - 1], &c0)) {
        var = ds.v[0];
        have = 1;
      }
      wp_cursors_free(&vs);
    }
    wp_cursors_free(&ds);
  } else if (wp_binop_kind(b->tu, init) == BO_ASSIGN) {
    wp_cursors as = wp_children(init);
    if (as.n == 2 && wp_eval_int(as.v[1], &c0)) {
      var = clang_getCursorReferenced(wp_strip(as.v[0]));
      have = !clang_Cursor_isNull(var);
    }
    wp_cursors_free(&as);
  }
  if (!have)
    return 0;
  enum wp_binop op = wp_binop_kind(b->tu, cond);
  if (op == BO_LAND) { /* rc == WP_OK && i < n: the counter decides */
    wp_cursors land = wp_children(cond);
    int r = 0;
    for (int i = 0; i < land.n && !r; i++)
      r = runs_once(b, init, wp_strip(land.v[i]));
    wp_cursors_free(&land);
    return r;
  }
  wp_cursors cc = wp_children(cond);
  int once = 0;
  if (cc.n == 2 && clang_equalCursors(clang_getCursorReferenced(wp_strip(cc.v[0])), var) &&
      wp_eval_int(cc.v[1], &k)) {
    once = (op == BO_LT && c0 < k) || (op == BO_LE && c0 <= k) || (op == BO_GT && c0 > k) ||
           (op == BO_GE && c0 >= k) || (op == BO_NE && c0 != k);
  }
  wp_cursors_free(&cc);
  return once;
}

static void for_stmt(wp_builder *b, CXCursor s, wp_cursors *cs)
{
  int part[3];
  for_parts(b, s, cs, part);
  if (part[0] >= 0) {
    CXCursor init = cs->v[part[0]];
    if (clang_getCursorKind(init) == CXCursor_DeclStmt)
      stmt(b, init);
    else
      wp_expr(b, init);
  }
  int once = part[0] >= 0 && part[1] >= 0 && runs_once(b, cs->v[part[0]], cs->v[part[1]]);
  int pre = b->cur;
  if (once)
    b->cur = -1;
  int head = add(b, NK_JOIN, clang_getNullCursor());
  int br = -1, forever = 1, open = 1;
  int exitj = fresh(b), contj = fresh(b);
  if (part[1] >= 0) {
    int is_const;
    forever = const_true(cs->v[part[1]], &is_const);
    open = forever || wp_cond_mentions_status(b, cs->v[part[1]]);
  }
  int pushed = push_loop(b, exitj, contj, open);
  if (pushed)
    b->loops[b->nloops - 1].eclosed = wp_mentions_eclosed(cs->v[cs->n - 1]);
  if (part[1] >= 0) {
    CXCursor cond = cs->v[part[1]];
    wp_expr(b, cond);
    if (!forever) {
      br = add(b, NK_BRANCH, cond);
      wp_cond_nulls(b, cond, br);
    }
  }
  int t0 = fresh(b);
  wp_edge(b->fn, b->cur, t0);
  if (once)
    wp_edge(b->fn, pre, t0);
  b->cur = t0;
  stmt(b, cs->v[cs->n - 1]);
  wp_edge(b->fn, b->cur, contj);
  b->cur = contj;
  if (part[2] >= 0)
    wp_expr(b, cs->v[part[2]]);
  wp_edge(b->fn, b->cur, head);
  wp_edge(b->fn, br, exitj);
  b->nloops -= pushed;
  b->cur = exitj;
}

static void switch_stmt(wp_builder *b, CXCursor s, wp_cursors *cs)
{
  if (cs->n < 2 || b->nswitch >= WP_MAX_LOOPS)
    return;
  wp_expr(b, cs->v[cs->n - 2]);
  int sw = add(b, NK_BRANCH, s);
  int exitj = fresh(b);
  int cont = -1;
  for (int i = b->nloops - 1; i >= 0 && cont < 0; i--)
    cont = b->loops[i].cont;
  int pushed = push_loop(b, exitj, cont, 0);
  if (pushed)
    b->loops[b->nloops - 1].cont = -2; /* marks a switch frame */
  b->switch_nodes[b->nswitch] = sw;
  b->switch_default[b->nswitch] = 0;
  b->nswitch++;
  b->cur = -1;
  stmt(b, cs->v[cs->n - 1]);
  wp_edge(b->fn, b->cur, exitj);
  b->nswitch--;
  if (!b->switch_default[b->nswitch])
    wp_edge(b->fn, sw, exitj);
  b->nloops -= pushed;
  b->cur = exitj;
}

static void case_stmt(wp_builder *b, CXCursor s, wp_cursors *cs, int is_default)
{
  (void)s;
  int l = fresh(b);
  if (b->nswitch > 0) {
    wp_edge(b->fn, b->switch_nodes[b->nswitch - 1], l);
    if (is_default)
      b->switch_default[b->nswitch - 1] = 1;
  }
  wp_edge(b->fn, b->cur, l);
  b->cur = l;
  if (cs->n > 0)
    stmt(b, cs->v[cs->n - 1]);
}

static void return_stmt(wp_builder *b, CXCursor s, wp_cursors *cs)
{
  int key = -1;
  if (cs->n > 0) {
    CXCursor e = cs->v[0];
    wp_expr(b, e);
    key = wp_key_of(b, e);
    CXType t = clang_getCursorType(e);
    if (wp_type_holds_wg(t) && wp_is_copy_source(e))
      wp_note_copy(b, s, COPY_RETURN, t, -1);
  }
  int r = add(b, NK_RETURN, s);
  b->fn->nodes[r].obj = key;
  wp_edge(b->fn, r, b->fn->exit);
  b->cur = -1;
}

static void stmt(wp_builder *b, CXCursor s)
{
  enum CXCursorKind k = clang_getCursorKind(s);
  wp_cursors cs = wp_children(s);
  switch (k) {
  case CXCursor_CompoundStmt: {
    wp_fix_pos saved = b->pos; /* the block statement being built, for fix-its */
    for (int i = 0; i < cs.n; i++) {
      wp_fix_enter(b, s, cs.v[i], i);
      stmt(b, cs.v[i]);
    }
    b->pos = saved;
    break;
  }
  case CXCursor_IfStmt: if_stmt(b, s, &cs); break;
  case CXCursor_WhileStmt: while_stmt(b, s, &cs); break;
  case CXCursor_DoStmt: do_stmt(b, s, &cs); break;
  case CXCursor_ForStmt: for_stmt(b, s, &cs); break;
  case CXCursor_SwitchStmt: switch_stmt(b, s, &cs); break;
  case CXCursor_CaseStmt: case_stmt(b, s, &cs, 0); break;
  case CXCursor_DefaultStmt: case_stmt(b, s, &cs, 1); break;
  case CXCursor_BreakStmt:
    if (b->nloops > 0)
      wp_edge(b->fn, b->cur, b->loops[b->nloops - 1].brk);
    b->cur = -1;
    break;
  case CXCursor_ContinueStmt:
    for (int i = b->nloops - 1; i >= 0; i--)
      if (b->loops[i].cont >= 0) {
        wp_edge(b->fn, b->cur, b->loops[i].cont);
        break;
      }
    b->cur = -1;
    break;
  case CXCursor_ReturnStmt: return_stmt(b, s, &cs); break;
  case CXCursor_GotoStmt:
    for (int i = 0; i < cs.n; i++)
      if (clang_getCursorKind(cs.v[i]) == CXCursor_LabelRef)
        wp_edge(b->fn, b->cur, label_node(b, cs.v[i]));
    b->cur = -1;
    break;
  case CXCursor_IndirectGotoStmt:
    b->cur = -1;
    break;
  case CXCursor_LabelStmt: {
    int l = label_node(b, s);
    wp_edge(b->fn, b->cur, l);
    b->cur = l;
    if (cs.n > 0)
      stmt(b, cs.v[cs.n - 1]);
    break;
  }
  case CXCursor_DeclStmt:
    for (int i = 0; i < cs.n; i++)
      if (clang_getCursorKind(cs.v[i]) == CXCursor_VarDecl)
        wp_var_decl(b, cs.v[i]);
    break;
  case CXCursor_NullStmt:
    break;
  default:
    if (clang_isExpression(k))
      wp_expr(b, s);
    else
      for (int i = 0; i < cs.n; i++)
        stmt(b, cs.v[i]);
    break;
  }
  wp_cursors_free(&cs);
}

/* ---- functions ----------------------------------------------------------- */

static void build_function(wp_builder *b, CXCursor fc)
{
  wp_program *p = b->p;
  wp_func *f = wp_func_new(p);
  b->fn = f;
  b->fn_cursor = fc;
  b->cur = -1;
  b->nloops = b->nswitch = b->nlabels = 0;
  b->lock_seen = b->guard_depth = 0;
  char *usr = wp_usr(fc), *name = wp_spelling(fc);
  f->key = wp_intern(&p->strs, usr);
  f->name = wp_intern(&p->strs, name);
  free(usr);
  free(name);
  f->tu = b->tu_index;
  f->loc = wp_cursor_loc(&p->strs, fc);
  int np = clang_Cursor_getNumArguments(fc);
  f->nparams = np > 0 ? np : 0;
  for (int i = 0; i < f->nparams; i++) {
    CXCursor pc = clang_Cursor_getArgument(fc, (unsigned)i);
    CXType t = clang_getCursorType(pc);
    if (wp_type_holds_wg(t)) {
      char *pn = wp_spelling(pc);
      wp_note_copy(b, pc, COPY_PARAM, t, wp_intern(&p->strs, pn));
      free(pn);
    }
  }
  f->noreturn = wp_decl_noreturn(b->tu, fc);
  f->entry = wp_node_new(f, NK_ENTRY);
  f->exit = wp_node_new(f, NK_EXIT);
  f->nodes[f->entry].loc = f->loc;
  b->cur = f->entry;

  wp_cursors cs = wp_children(fc);
  CXCursor body = clang_getNullCursor();
  for (int i = 0; i < cs.n; i++)
    if (clang_getCursorKind(cs.v[i]) == CXCursor_CompoundStmt)
      body = cs.v[i];
  wp_cursors_free(&cs);
  if (!clang_Cursor_isNull(body)) {
    stmt(b, body);
    f->end = wp_cursor_last(&p->strs, body);
  }
  wp_fix_function(b, fc);
  int end = add(b, NK_END, clang_getNullCursor());
  f->nodes[end].loc = f->end;
  wp_edge(f, end, f->exit);
  for (int i = 0; i < b->nctabs; i++)
    free(b->ctabs[i].cases);
  b->nctabs = 0;
  wp_func_compact(f); /* the joins were for building; the rules need the rest */
}

void wp_facts_extract(wp_program *p, CXTranslationUnit tu, int tu_index, const wp_spawners *spawners)
{
  wp_builder b;
  memset(&b, 0, sizeof b);
  b.p = p;
  b.tu = tu;
  b.tu_index = tu_index;
  b.spawners = spawners;
  CXCursor root = clang_getTranslationUnitCursor(tu);
  wp_cursors top = wp_children(root);
  for (int i = 0; i < top.n; i++) {
    CXCursor c = top.v[i];
    if (clang_getCursorKind(c) != CXCursor_FunctionDecl || !clang_isCursorDefinition(c))
      continue;
    if (!clang_Location_isFromMainFile(clang_getCursorLocation(c)))
      continue;
    build_function(&b, c);
  }
  wp_cursors_free(&top);
  wp_fix_unit(&b);
  free(b.labels);
  free(b.ctabs);
  if (tu_index + 1 > p->ntus)
    p->ntus = tu_index + 1;
}
