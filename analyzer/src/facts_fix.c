/* Facts for fix-its (ir.h's wp_node_fix, wp_wg_param and the marks), adds
 * and spawns: where the statement of a wp_wg_add or a spawn starts and
 * whether it can be deleted, the arguments of those calls as written and how
 * a thread function reaches its waitgroup.  The by-value wp_wg parameters
 * and arguments with the edits that make them pointers, and per file the
 * prototypes that must change with a definition and the functions whose
 * address is taken, are in facts_fix_byvalue.c.  Everything is read from the
 * file's own text (clang_getFileContents, facts_fix_text.c) at the positions
 * libclang gives, and a fact is only recorded when the text there is what it
 * should be: a macro, a comment or an odd layout in the way leaves it out,
 * and the rules then offer no fix-it. */
#include <stdlib.h>
#include <string.h>

#include "facts_fix_int.h"

/* ---- statements ---------------------------------------------------------- */

void wp_fix_enter(wp_builder *b, CXCursor block, CXCursor child, int index)
{
  CXFile f = NULL;
  unsigned off = 0;
  clang_getFileLocation(clang_getCursorLocation(block), &f, NULL, NULL, &off);
  b->pos.set = 1;
  b->pos.stmt = child;
  b->pos.block = f != NULL ? (long)off : -1;
  b->pos.index = index;
}

static int pure(const wp_text *t, CXCursor c, int depth);

/* Is everything of c but its child `skip` free of side effects (a
 * declaration's other declarators included)? */
static int siblings_pure(const wp_text *t, CXCursor c, int skip)
{
  wp_cursors cs = wp_children(c);
  int ok = 1;
  for (int i = 0; i < cs.n && ok; i++) {
    if (i == skip)
      continue;
    if (clang_isExpression(wp_kind(cs.v[i])))
      ok = pure(t, cs.v[i], 0);
    else if (wp_kind(cs.v[i]) == CXCursor_VarDecl)
      ok = siblings_pure(t, cs.v[i], -1);
  }
  wp_cursors_free(&cs);
  return ok;
}

/* Does the statement (or expression) c evaluate `call` exactly once each
 * time it runs, with nothing that has a side effect evaluated around it
 * (so that an add inserted before the statement sees what the call sees):
 * not in a branch of &&, ||, ?: or if, not in a loop, not in sizeof? */
static int in_head(wp_builder *b, const wp_text *t, CXCursor c, CXCursor call, int depth)
{
  if (clang_equalCursors(c, call))
    return 1;
  if (depth > 64)
    return 0;
  enum CXCursorKind k = wp_kind(c);
  int only_first = 0;
  switch (k) {
  case CXCursor_DeclStmt:
  case CXCursor_VarDecl:
  case CXCursor_ParenExpr:
  case CXCursor_UnexposedExpr:
  case CXCursor_CStyleCastExpr:
  case CXCursor_UnaryOperator:
  case CXCursor_CallExpr:
  case CXCursor_InitListExpr:
    break;
  case CXCursor_BinaryOperator: {
    enum wp_binop op = wp_binop_kind(b->tu, c);
    if (op == BO_LAND || op == BO_LOR)
      only_first = 1; /* the right side may not run */
    else if (op != BO_ASSIGN && op != BO_EQ && op != BO_NE && op != BO_LT && op != BO_LE && op != BO_GT &&
             op != BO_GE)
      return 0;
    break;
  }
  case CXCursor_ConditionalOperator:
  case CXCursor_IfStmt:
  case CXCursor_ReturnStmt:
    only_first = 1; /* the condition, the value */
    break;
  default:
    return 0;
  }
  wp_cursors cs = wp_children(c);
  int found = -1;
  for (int i = 0; i < cs.n && found < 0 && (!only_first || i == 0); i++)
    if (in_head(b, t, cs.v[i], call, depth + 1))
      found = i;
  wp_cursors_free(&cs);
  return found >= 0 && (only_first || siblings_pure(t, c, found));
}

static void stmt_facts(wp_builder *b, const wp_text *t, CXCursor call, wp_node_fix *x)
{
  long s, e;
  if (!b->pos.set || b->pos.block < 0 || !wp_span(t, b->pos.stmt, &s, &e))
    return;
  if (!wp_line_col(t, s, &x->line, &x->col))
    return;
  x->block = b->pos.block;
  x->index = b->pos.index;
  x->head = in_head(b, t, b->pos.stmt, call, 0);
  long ls = s;
  while (ls > 0 && wp_blank(t->s[ls - 1]))
    ls--;
  if (ls == 0 || t->s[ls - 1] == '\n')
    x->indent = wp_dup_span(t, ls, s);
  const char *nl = memchr(t->s + s, '\n', (size_t)(t->len - s));
  x->crlf = nl != NULL && nl > t->s + s && nl[-1] == '\r';
}

/* Deletes the statement [s, e) and its ';': its whole line when nothing
 * else is on it, else the statement and the blanks after it. */
static wp_edit delete_stmt(const wp_text *t, long s, long e)
{
  const char *p = t->s;
  long i = wp_skip_space(t, e, t->len);
  if (i >= t->len || p[i] != ';')
    return wp_no_edit;
  long end = i + 1;
  long ls = s, le = end;
  while (ls > 0 && wp_blank(p[ls - 1]))
    ls--;
  while (le < t->len && (wp_blank(p[le]) || p[le] == '\r'))
    le++;
  if ((ls == 0 || p[ls - 1] == '\n') && (le == t->len || p[le] == '\n'))
    return wp_edit_at(t, ls, le < t->len ? le + 1 : le, "");
  while (end < t->len && wp_blank(p[end]))
    end++;
  return wp_edit_at(t, s, end, "");
}

/* ---- wp_wg_add and spawns ------------------------------------------------ */

wp_node_fix *wp_fix_node(wp_builder *b, int n)
{
  wp_node *nd = &b->fn->nodes[n];
  if (nd->fix == NULL) {
    nd->fix = wp_xcalloc(1, sizeof *nd->fix);
    nd->fix->block = -1;
  }
  return nd->fix;
}

static int one_record(CXType t)
{
  return wp_type_inner(t, &t) && clang_getCanonicalType(t).kind == CXType_Record;
}

struct writes {
  CXCursor v, param;
  int found;
};

/* a reference straight under an operator is a write (=, +=, ++) or has its
 * address taken; a read goes through an implicit conversion first */
static enum CXChildVisitResult find_writes(CXCursor c, CXCursor parent, CXClientData data)
{
  struct writes *w = data;
  if (wp_kind(c) != CXCursor_DeclRefExpr)
    return CXChildVisit_Recurse;
  CXCursor r = clang_getCursorReferenced(c);
  enum CXCursorKind pk = wp_kind(parent);
  if ((clang_equalCursors(r, w->v) || clang_equalCursors(r, w->param)) &&
      (pk == CXCursor_BinaryOperator || pk == CXCursor_CompoundAssignOperator || pk == CXCursor_UnaryOperator)) {
    w->found = 1;
    return CXChildVisit_Break;
  }
  return CXChildVisit_Continue;
}

/* v if it is the function's first parameter, or a local initialised from
 * it; a null cursor otherwise */
static CXCursor thread_arg(wp_builder *b, CXCursor v, CXCursor param)
{
  if (clang_equalCursors(v, param))
    return v;
  if (wp_kind(v) != CXCursor_VarDecl || !clang_equalCursors(clang_getCursorSemanticParent(v), b->fn_cursor))
    return clang_getNullCursor();
  wp_cursors cs = wp_children(v);
  CXCursor init = clang_getNullCursor();
  for (int i = 0; i < cs.n; i++)
    if (clang_isExpression(wp_kind(cs.v[i])))
      init = wp_strip(cs.v[i]);
  wp_cursors_free(&cs);
  if (wp_kind(init) == CXCursor_DeclRefExpr && clang_equalCursors(clang_getCursorReferenced(init), param))
    return v;
  return clang_getNullCursor();
}

/* The member accesses w makes, from the outside in, as "->a.b" (prepended
 * to *tail); w becomes what they start from.  0 if the text between is not
 * just the operator. */
static int member_chain(const wp_text *t, CXCursor *w, char **tail)
{
  for (int guard = 0; wp_kind(*w) == CXCursor_MemberRefExpr; guard++) {
    wp_cursors cs = wp_children(*w);
    CXCursor base = cs.n == 1 && guard < 16 ? wp_strip(cs.v[0]) : clang_getNullCursor();
    wp_cursors_free(&cs);
    long bs, be, m = wp_offset_of(t, clang_getCursorLocation(*w));
    if (clang_Cursor_isNull(base) || !wp_span(t, base, &bs, &be) || m < be)
      return 0;
    long i = wp_skip_space(t, be, m);
    int arrow = i + 2 <= m && t->s[i] == '-' && t->s[i + 1] == '>';
    if (!arrow && (i >= m || t->s[i] != '.'))
      return 0;
    if (wp_skip_space(t, i + (arrow ? 2 : 1), m) != m)
      return 0;
    char *field = wp_spelling(*w);
    char *longer = wp_xasprintf("%s%s%s", arrow ? "->" : ".", field, *tail);
    free(field);
    free(*tail);
    *tail = longer;
    *w = base;
  }
  return 1;
}

/* The add's waitgroup as the thread function got it: P, P->a... or
 * &P->a..., P its argument, never changed in the function. */
static void thread_via(wp_builder *b, const wp_text *t, CXCursor arg, wp_node_fix *x)
{
  if (clang_Cursor_getNumArguments(b->fn_cursor) < 1)
    return;
  CXCursor param = clang_Cursor_getArgument(b->fn_cursor, 0);
  CXCursor w = wp_strip(arg);
  int addr = 0;
  long ws, we;
  if (wp_kind(w) == CXCursor_UnaryOperator && wp_span(t, w, &ws, &we) && ws < we && t->s[ws] == '&') {
    wp_cursors cs = wp_children(w); /* &P->a: the waitgroup is in a record */
    w = cs.n == 1 ? cs.v[0] : clang_getNullCursor();
    wp_cursors_free(&cs);
    addr = 1;
  }
  char *tail = wp_xstrdup("");
  int chain = member_chain(t, &w, &tail);
  CXCursor p = chain && wp_kind(w) == CXCursor_DeclRefExpr ? thread_arg(b, clang_getCursorReferenced(w), param)
                                                        : clang_getNullCursor();
  CXType pt = clang_getCanonicalType(clang_getCursorType(p));
  char *record = NULL;
  int shape = tail[0] == '\0' ? !addr : strncmp(tail, "->", 2) == 0; /* P itself, or through it */
  if (!clang_Cursor_isNull(p) && shape && pt.kind == CXType_Pointer && one_record(pt))
    record = wp_record_usr(pt);
  struct writes wr = {p, param, 0};
  if (record != NULL)
    clang_visitChildren(b->fn_cursor, find_writes, &wr);
  if (record == NULL || wr.found) {
    free(tail);
    free(record);
    return;
  }
  x->via = tail[0] == '\0' ? 1 : addr ? 3 : 2;
  x->via_tail = tail;
  x->via_record = record;
}

static int is_postfix(CXCursor c)
{
  enum CXCursorKind k = wp_kind(c);
  return k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr || k == CXCursor_ArraySubscriptExpr ||
         k == CXCursor_ParenExpr;
}

/* An expression evaluating it twice does no harm: names, members, constant
 * or named indexes, & and *. */
static int pure(const wp_text *t, CXCursor c, int depth)
{
  if (depth > 32)
    return 0;
  switch (wp_kind(c)) {
  case CXCursor_DeclRefExpr: {
    enum CXCursorKind d = wp_kind(clang_getCursorReferenced(c));
    return d == CXCursor_VarDecl || d == CXCursor_ParmDecl || d == CXCursor_FunctionDecl ||
           d == CXCursor_EnumConstantDecl;
  }
  case CXCursor_IntegerLiteral:
  case CXCursor_CharacterLiteral:
  case CXCursor_FloatingLiteral:
  case CXCursor_StringLiteral:
    return 1;
  case CXCursor_UnaryOperator: {
    long s, e;
    if (!wp_span(t, c, &s, &e) || s >= e || (t->s[s] != '&' && t->s[s] != '*') ||
        (s + 1 < e && t->s[s + 1] == t->s[s]))
      return 0;
    break;
  }
  case CXCursor_MemberRefExpr:
  case CXCursor_ArraySubscriptExpr:
  case CXCursor_ParenExpr:
  case CXCursor_UnexposedExpr:
  case CXCursor_CStyleCastExpr:
    break;
  default:
    return 0;
  }
  wp_cursors cs = wp_children(c);
  int ok = 1;
  for (int i = 0; i < cs.n && ok; i++)
    if (clang_isExpression(wp_kind(cs.v[i])))
      ok = pure(t, cs.v[i], depth + 1);
  wp_cursors_free(&cs);
  return ok;
}

static void add_facts(wp_builder *b, const wp_text *t, CXCursor call, const wp_written_call *w, const CXCursor *args,
                      int nargs, wp_node_fix *x)
{
  if (!wp_call_name_is(t, w, "wp_wg_add") || w->nargs != 2 || nargs < 1)
    return;
  if (pure(t, wp_strip(args[0]), 0)) /* it may move into another call, among other arguments */
    x->wg = wp_dup_span(t, w->arg_s[0], w->arg_e[0]);
  long s, e;
  if (b->pos.set && clang_equalCursors(wp_strip(b->pos.stmt), call) && wp_span(t, b->pos.stmt, &s, &e))
    x->del = delete_stmt(t, s, e);
  thread_via(b, t, args[0], x);
}

/* where the thread's argument is among a spawn's arguments, as written */
static int thread_arg_index(const wp_text *t, const wp_written_call *w)
{
  if (wp_call_name_is(t, w, "wp_go"))
    return 1;
  if (wp_call_name_is(t, w, "wp_wg_go") || wp_call_name_is(t, w, "wp_pool_submit") ||
      wp_call_name_is(t, w, "wp_pool_try_submit") || wp_call_name_is(t, w, "thrd_create"))
    return 2;
  if (wp_call_name_is(t, w, "pthread_create"))
    return 3;
  return -1;
}

static void spawn_facts(const wp_text *t, const wp_written_call *w, const CXCursor *args, int nargs, wp_node_fix *x)
{
  if (wp_call_name_is(t, w, "wp_go") && w->nargs == 2)
    x->go = wp_edit_at(t, w->name_s, w->open + 1, "");
  int ai = thread_arg_index(t, w);
  if (ai < 0 || ai >= nargs || ai >= w->nargs)
    return;
  CXCursor e = wp_strip(args[ai]);
  long s, en;
  if (!wp_span(t, e, &s, &en) || s < w->arg_s[ai] || en > w->arg_e[ai] || s >= en || !pure(t, e, 0))
    return;
  x->arg = wp_dup_span(t, s, en);
  x->arg_postfix = is_postfix(e);
  x->arg_ptr1 = one_record(clang_getCursorType(e));
  if (wp_kind(e) == CXCursor_UnaryOperator && t->s[s] == '&') {
    wp_cursors cs = wp_children(e);
    CXCursor v = cs.n == 1 ? cs.v[0] : clang_getNullCursor();
    wp_cursors_free(&cs);
    long vs, ve;
    if (!clang_Cursor_isNull(v) && is_postfix(v) && wp_span(t, v, &vs, &ve) && vs > s && ve == en)
      x->arg_addr_of = wp_dup_span(t, vs, ve);
  }
}

void wp_fix_api_call(wp_builder *b, int n, CXCursor call, const CXCursor *args, int nargs)
{
  const wp_node *nd = &b->fn->nodes[n];
  if (nd->kind != NK_OP || (nd->op != OP_WG_ADD && nd->op != OP_SPAWN))
    return;
  wp_text t;
  long s, e;
  wp_written_call w;
  if (!wp_main_text(b, &t) || !wp_span(&t, call, &s, &e) || !wp_read_call(&t, s, e, &w))
    return;
  int is_add = nd->op == OP_WG_ADD;
  wp_node_fix *x = wp_fix_node(b, n);
  stmt_facts(b, &t, call, x);
  if (is_add)
    add_facts(b, &t, call, &w, args, nargs, x);
  else
    spawn_facts(&t, &w, args, nargs, x);
}
