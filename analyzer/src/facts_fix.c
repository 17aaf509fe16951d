/* Facts for fix-its (ir.h's wp_node_fix, wp_wg_param and the marks): where
 * the statement of a wp_wg_add or a spawn starts and whether it can be
 * deleted, the arguments of those calls as written, how a thread function
 * reaches its waitgroup, and the by-value wp_wg parameters and arguments
 * with the edits that make them pointers; then, per file, the prototypes
 * that must change with a definition and the functions whose address is
 * taken.  Everything is read from the file's own text (clang_getFileContents)
 * at the positions libclang gives, and a fact is only recorded when the text
 * there is what it should be: a macro, a comment or an odd layout in the way
 * leaves it out, and the rules then offer no fix-it. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "facts_int.h"

#define WP_MAX_WRITTEN_ARGS 32

/* ---- the main file's text ------------------------------------------------ */

typedef struct text {
  CXTranslationUnit tu;
  CXFile file;
  const char *s;
  long len;
} text;

static int main_text(wp_builder *b, text *t)
{
  CXString name = clang_getTranslationUnitSpelling(b->tu);
  const char *cs = clang_getCString(name);
  t->tu = b->tu;
  t->file = cs != NULL ? clang_getFile(b->tu, cs) : NULL;
  clang_disposeString(name);
  size_t n = 0;
  t->s = t->file != NULL ? clang_getFileContents(b->tu, t->file, &n) : NULL;
  t->len = (long)n;
  return t->s != NULL;
}

/* l's offset in the main file (a macro's argument where it is written, the
 * rest of a macro where it is used); -1 if it lies elsewhere */
static long offset_of(const text *t, CXSourceLocation l)
{
  CXFile f = NULL;
  unsigned off = 0;
  clang_getFileLocation(l, &f, NULL, NULL, &off);
  if (f == NULL || !clang_File_isEqual(f, t->file) || (long)off > t->len)
    return -1;
  return (long)off;
}

/* The cursor's extent [*s, *e) in the main file; 0 if it is not there. */
static int span(const text *t, CXCursor c, long *s, long *e)
{
  CXSourceRange r = clang_getCursorExtent(c);
  *s = offset_of(t, clang_getRangeStart(r));
  *e = offset_of(t, clang_getRangeEnd(r));
  return *s >= 0 && *e >= *s;
}

static int line_col(const text *t, long off, int *line, int *col)
{
  unsigned l = 0, c = 0;
  clang_getFileLocation(clang_getLocationForOffset(t->tu, t->file, (unsigned)off), NULL, &l, &c, NULL);
  *line = (int)l;
  *col = (int)c;
  return l > 0 && c > 0;
}

static const wp_edit no_edit = {0, 0, 0, 0, NULL};

/* replace [s, e) by repl */
static wp_edit edit_at(const text *t, long s, long e, const char *repl)
{
  wp_edit x = no_edit;
  if (s < 0 || e < s || e > t->len || !line_col(t, s, &x.line, &x.col) || !line_col(t, e, &x.end_line, &x.end_col))
    return no_edit;
  x.text = wp_xstrdup(repl);
  return x;
}

static char *dup_span(const text *t, long s, long e)
{
  char *r = wp_xmalloc((size_t)(e - s) + 1);
  memcpy(r, t->s + s, (size_t)(e - s));
  r[e - s] = '\0';
  return r;
}

static int blank(char c) { return c == ' ' || c == '\t'; }
static int space(char c) { return blank(c) || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
static int ident_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* Is word at [i, e), not followed by more of an identifier? */
static int word_at(const text *t, long i, long e, const char *word)
{
  long n = (long)strlen(word);
  return i + n <= e && memcmp(t->s + i, word, (size_t)n) == 0 && (i + n == e || !ident_char(t->s[i + n]));
}

static long skip_space(const text *t, long i, long e)
{
  while (i < e && space(t->s[i]))
    i++;
  return i;
}

static void push_unique(wp_edits *es, wp_edit e)
{
  for (int i = 0; i < es->n; i++) {
    const wp_edit *x = &es->v[i];
    if (x->line == e.line && x->col == e.col && x->end_line == e.end_line && x->end_col == e.end_col &&
        strcmp(x->text, e.text) == 0) {
      free(e.text);
      return;
    }
  }
  WP_PUSH(es->v, es->n, es->cap, e);
}

static enum CXCursorKind kind(CXCursor c) { return clang_getCursorKind(c); }

/* ---- calls as written ---------------------------------------------------- */

typedef struct written_call {
  long name_s, name_e, open;
  long arg_s[WP_MAX_WRITTEN_ARGS], arg_e[WP_MAX_WRITTEN_ARGS];
  int nargs;
} written_call;

/* past the string or character literal, or the comment, starting at i;
 * i itself if there is none there; -1 if it does not end before e */
static long skip_literal(const text *t, long i, long e)
{
  const char *p = t->s;
  if (p[i] == '"' || p[i] == '\'') {
    char q = p[i];
    for (i++; i < e && p[i] != q; i++)
      if (p[i] == '\\')
        i++;
    return i < e ? i + 1 : -1;
  }
  if (p[i] == '/' && i + 1 < e && p[i + 1] == '*') {
    for (i += 2; i + 1 < e && !(p[i] == '*' && p[i + 1] == '/'); i++)
      ;
    return i + 1 < e ? i + 2 : -1;
  }
  if (p[i] == '/' && i + 1 < e && p[i + 1] == '/') {
    while (i < e && p[i] != '\n')
      i++;
    return i;
  }
  return i;
}

static int push_arg(const text *t, written_call *w, long s, long e)
{
  if (w->nargs >= WP_MAX_WRITTEN_ARGS)
    return 0;
  s = skip_space(t, s, e);
  while (e > s && space(t->s[e - 1]))
    e--;
  w->arg_s[w->nargs] = s;
  w->arg_e[w->nargs] = e;
  w->nargs++;
  return 1;
}

/* Reads `NAME ( ARGS )` at exactly [s, e), splitting the arguments at the
 * commas outside brackets; 0 if the text there is anything else (a call
 * some other macro makes, a parenthesised callee). */
static int read_call(const text *t, long s, long e, written_call *w)
{
  const char *p = t->s;
  w->nargs = 0;
  if (s >= e || !(isalpha((unsigned char)p[s]) || p[s] == '_'))
    return 0;
  long i = s;
  while (i < e && ident_char(p[i]))
    i++;
  w->name_s = s;
  w->name_e = i;
  i = skip_space(t, i, e);
  if (i >= e || p[i] != '(')
    return 0;
  w->open = i++;
  long start = i;
  int depth = 0;
  while (i < e) {
    long j = skip_literal(t, i, e);
    if (j < 0)
      return 0;
    if (j != i) {
      i = j;
      continue;
    }
    char c = p[i];
    if (c == '(' || c == '[' || c == '{') {
      depth++;
    } else if (c == ')' || c == ']' || c == '}') {
      if (depth == 0)
        break;
      depth--;
    } else if (c == ',' && depth == 0) {
      if (!push_arg(t, w, start, i))
        return 0;
      start = i + 1;
    }
    i++;
  }
  if (i != e - 1 || p[i] != ')')
    return 0;
  if ((w->nargs > 0 || skip_space(t, start, i) < i) && !push_arg(t, w, start, i))
    return 0;
  return 1;
}

static int name_is(const text *t, const written_call *w, const char *name)
{
  size_t n = strlen(name);
  return (size_t)(w->name_e - w->name_s) == n && memcmp(t->s + w->name_s, name, n) == 0;
}

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

static int pure(const text *t, CXCursor c, int depth);

/* Is everything of c but its child `skip` free of side effects (a
 * declaration's other declarators included)? */
static int siblings_pure(const text *t, CXCursor c, int skip)
{
  wp_cursors cs = wp_children(c);
  int ok = 1;
  for (int i = 0; i < cs.n && ok; i++) {
    if (i == skip)
      continue;
    if (clang_isExpression(kind(cs.v[i])))
      ok = pure(t, cs.v[i], 0);
    else if (kind(cs.v[i]) == CXCursor_VarDecl)
      ok = siblings_pure(t, cs.v[i], -1);
  }
  wp_cursors_free(&cs);
  return ok;
}

/* Does the statement (or expression) c evaluate `call` exactly once each
 * time it runs, with nothing that has a side effect evaluated around it
 * (so that an add inserted before the statement sees what the call sees):
 * not in a branch of &&, ||, ?: or if, not in a loop, not in sizeof? */
static int in_head(wp_builder *b, const text *t, CXCursor c, CXCursor call, int depth)
{
  if (clang_equalCursors(c, call))
    return 1;
  if (depth > 64)
    return 0;
  enum CXCursorKind k = kind(c);
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

static void stmt_facts(wp_builder *b, const text *t, CXCursor call, wp_node_fix *x)
{
  long s, e;
  if (!b->pos.set || b->pos.block < 0 || !span(t, b->pos.stmt, &s, &e))
    return;
  if (!line_col(t, s, &x->line, &x->col))
    return;
  x->block = b->pos.block;
  x->index = b->pos.index;
  x->head = in_head(b, t, b->pos.stmt, call, 0);
  long ls = s;
  while (ls > 0 && blank(t->s[ls - 1]))
    ls--;
  if (ls == 0 || t->s[ls - 1] == '\n')
    x->indent = dup_span(t, ls, s);
  const char *nl = memchr(t->s + s, '\n', (size_t)(t->len - s));
  x->crlf = nl != NULL && nl > t->s + s && nl[-1] == '\r';
}

/* Deletes the statement [s, e) and its ';': its whole line when nothing
 * else is on it, else the statement and the blanks after it. */
static wp_edit delete_stmt(const text *t, long s, long e)
{
  const char *p = t->s;
  long i = skip_space(t, e, t->len);
  if (i >= t->len || p[i] != ';')
    return no_edit;
  long end = i + 1;
  long ls = s, le = end;
  while (ls > 0 && blank(p[ls - 1]))
    ls--;
  while (le < t->len && (blank(p[le]) || p[le] == '\r'))
    le++;
  if ((ls == 0 || p[ls - 1] == '\n') && (le == t->len || p[le] == '\n'))
    return edit_at(t, ls, le < t->len ? le + 1 : le, "");
  while (end < t->len && blank(p[end]))
    end++;
  return edit_at(t, s, end, "");
}

/* ---- wp_wg_add and spawns ------------------------------------------------ */

static wp_node_fix *node_fix(wp_builder *b, int n)
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
  t = clang_getCanonicalType(t);
  if (t.kind == CXType_Pointer)
    t = clang_getPointeeType(t);
  else if (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray)
    t = clang_getArrayElementType(t);
  else
    return 0;
  return clang_getCanonicalType(t).kind == CXType_Record;
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
  if (kind(c) != CXCursor_DeclRefExpr)
    return CXChildVisit_Recurse;
  CXCursor r = clang_getCursorReferenced(c);
  enum CXCursorKind pk = kind(parent);
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
  if (kind(v) != CXCursor_VarDecl || !clang_equalCursors(clang_getCursorSemanticParent(v), b->fn_cursor))
    return clang_getNullCursor();
  wp_cursors cs = wp_children(v);
  CXCursor init = clang_getNullCursor();
  for (int i = 0; i < cs.n; i++)
    if (clang_isExpression(kind(cs.v[i])))
      init = wp_strip(cs.v[i]);
  wp_cursors_free(&cs);
  if (kind(init) == CXCursor_DeclRefExpr && clang_equalCursors(clang_getCursorReferenced(init), param))
    return v;
  return clang_getNullCursor();
}

/* The member accesses w makes, from the outside in, as "->a.b" (prepended
 * to *tail); w becomes what they start from.  0 if the text between is not
 * just the operator. */
static int member_chain(const text *t, CXCursor *w, char **tail)
{
  for (int guard = 0; kind(*w) == CXCursor_MemberRefExpr; guard++) {
    wp_cursors cs = wp_children(*w);
    CXCursor base = cs.n == 1 && guard < 16 ? wp_strip(cs.v[0]) : clang_getNullCursor();
    wp_cursors_free(&cs);
    long bs, be, m = offset_of(t, clang_getCursorLocation(*w));
    if (clang_Cursor_isNull(base) || !span(t, base, &bs, &be) || m < be)
      return 0;
    long i = skip_space(t, be, m);
    int arrow = i + 2 <= m && t->s[i] == '-' && t->s[i + 1] == '>';
    if (!arrow && (i >= m || t->s[i] != '.'))
      return 0;
    if (skip_space(t, i + (arrow ? 2 : 1), m) != m)
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
static void thread_via(wp_builder *b, const text *t, CXCursor arg, wp_node_fix *x)
{
  if (clang_Cursor_getNumArguments(b->fn_cursor) < 1)
    return;
  CXCursor param = clang_Cursor_getArgument(b->fn_cursor, 0);
  CXCursor w = wp_strip(arg);
  int addr = 0;
  long ws, we;
  if (kind(w) == CXCursor_UnaryOperator && span(t, w, &ws, &we) && ws < we && t->s[ws] == '&') {
    wp_cursors cs = wp_children(w); /* &P->a: the waitgroup is in a record */
    w = cs.n == 1 ? cs.v[0] : clang_getNullCursor();
    wp_cursors_free(&cs);
    addr = 1;
  }
  char *tail = wp_xstrdup("");
  int chain = member_chain(t, &w, &tail);
  CXCursor p = chain && kind(w) == CXCursor_DeclRefExpr ? thread_arg(b, clang_getCursorReferenced(w), param)
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
  enum CXCursorKind k = kind(c);
  return k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr || k == CXCursor_ArraySubscriptExpr ||
         k == CXCursor_ParenExpr;
}

/* An expression evaluating it twice does no harm: names, members, constant
 * or named indexes, & and *. */
static int pure(const text *t, CXCursor c, int depth)
{
  if (depth > 32)
    return 0;
  switch (kind(c)) {
  case CXCursor_DeclRefExpr: {
    enum CXCursorKind d = kind(clang_getCursorReferenced(c));
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
    if (!span(t, c, &s, &e) || s >= e || (t->s[s] != '&' && t->s[s] != '*') || (s + 1 < e && t->s[s + 1] == t->s[s]))
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
    if (clang_isExpression(kind(cs.v[i])))
      ok = pure(t, cs.v[i], depth + 1);
  wp_cursors_free(&cs);
  return ok;
}

static void add_facts(wp_builder *b, const text *t, CXCursor call, const written_call *w, const CXCursor *args,
                      int nargs, wp_node_fix *x)
{
  if (!name_is(t, w, "wp_wg_add") || w->nargs != 2 || nargs < 1)
    return;
  if (pure(t, wp_strip(args[0]), 0)) /* it may move into another call, among other arguments */
    x->wg = dup_span(t, w->arg_s[0], w->arg_e[0]);
  long s, e;
  if (b->pos.set && clang_equalCursors(wp_strip(b->pos.stmt), call) && span(t, b->pos.stmt, &s, &e))
    x->del = delete_stmt(t, s, e);
  thread_via(b, t, args[0], x);
}

/* where the thread's argument is among a spawn's arguments, as written */
static int thread_arg_index(const text *t, const written_call *w)
{
  if (name_is(t, w, "wp_go"))
    return 1;
  if (name_is(t, w, "wp_wg_go") || name_is(t, w, "wp_pool_submit") || name_is(t, w, "wp_pool_try_submit") ||
      name_is(t, w, "thrd_create"))
    return 2;
  if (name_is(t, w, "pthread_create"))
    return 3;
  return -1;
}

static void spawn_facts(const text *t, const written_call *w, const CXCursor *args, int nargs, wp_node_fix *x)
{
  if (name_is(t, w, "wp_go") && w->nargs == 2)
    x->go = edit_at(t, w->name_s, w->open + 1, "");
  int ai = thread_arg_index(t, w);
  if (ai < 0 || ai >= nargs || ai >= w->nargs)
    return;
  CXCursor e = wp_strip(args[ai]);
  long s, en;
  if (!span(t, e, &s, &en) || s < w->arg_s[ai] || en > w->arg_e[ai] || s >= en || !pure(t, e, 0))
    return;
  x->arg = dup_span(t, s, en);
  x->arg_postfix = is_postfix(e);
  x->arg_ptr1 = one_record(clang_getCursorType(e));
  if (kind(e) == CXCursor_UnaryOperator && t->s[s] == '&') {
    wp_cursors cs = wp_children(e);
    CXCursor v = cs.n == 1 ? cs.v[0] : clang_getNullCursor();
    wp_cursors_free(&cs);
    long vs, ve;
    if (!clang_Cursor_isNull(v) && is_postfix(v) && span(t, v, &vs, &ve) && vs > s && ve == en)
      x->arg_addr_of = dup_span(t, vs, ve);
  }
}

void wp_fix_api_call(wp_builder *b, int n, CXCursor call, const CXCursor *args, int nargs)
{
  const wp_node *nd = &b->fn->nodes[n];
  if (nd->kind != NK_OP || (nd->op != OP_WG_ADD && nd->op != OP_SPAWN))
    return;
  text t;
  long s, e;
  written_call w;
  if (!main_text(b, &t) || !span(&t, call, &s, &e) || !read_call(&t, s, e, &w))
    return;
  int is_add = nd->op == OP_WG_ADD;
  wp_node_fix *x = node_fix(b, n);
  stmt_facts(b, &t, call, x);
  if (is_add)
    add_facts(b, &t, call, &w, args, nargs, x);
  else
    spawn_facts(&t, &w, args, nargs, x);
}

/* ---- waitgroups by value ------------------------------------------------- */

/* exactly a wp_wg, not const, not a struct holding one */
static int is_wg_value(CXType t)
{
  if (clang_isConstQualifiedType(t) || clang_isVolatileQualifiedType(t))
    return 0;
  CXType c = clang_getCanonicalType(t);
  if (c.kind != CXType_Record)
    return 0;
  char *name = wp_record_name(c);
  int r = name != NULL && strcmp(name, "wp_wg") == 0;
  free(name);
  return r;
}

/* `wg` -> `&wg` (any lvalue: a prefix & binds to all of it), `*p` -> `p` */
static wp_edit arg_edit(const text *t, CXCursor arg, long ws, long we)
{
  CXCursor e = arg;
  for (int guard = 0; guard < 8 && kind(e) == CXCursor_UnexposedExpr; guard++) {
    wp_cursors cs = wp_children(e);
    CXCursor next = cs.n == 1 ? cs.v[0] : clang_getNullCursor();
    wp_cursors_free(&cs);
    if (clang_Cursor_isNull(next))
      return no_edit;
    e = next;
  }
  long s, en;
  if (!span(t, e, &s, &en) || s != ws || en != we)
    return no_edit;
  enum CXCursorKind k = kind(e);
  if (k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr || k == CXCursor_ArraySubscriptExpr ||
      k == CXCursor_ParenExpr || k == CXCursor_CompoundLiteralExpr)
    return edit_at(t, s, s, "&");
  if (k == CXCursor_UnaryOperator && s < en && t->s[s] == '*') {
    wp_cursors cs = wp_children(e);
    long os = -1, oe = -1;
    int ok = cs.n == 1 && span(t, cs.v[0], &os, &oe) && os > s && oe == en;
    wp_cursors_free(&cs);
    if (ok)
      return edit_at(t, s, os, "");
  }
  return no_edit;
}

void wp_fix_user_call(wp_builder *b, int n, CXCursor call, CXCursor target, const CXCursor *args, int nargs)
{
  int any = 0;
  for (int i = 0; i < nargs && !any; i++)
    any = is_wg_value(clang_getCursorType(args[i]));
  if (!any)
    return;
  wp_node_fix *x = node_fix(b, n);
  text t;
  long s, e;
  written_call w;
  int written = main_text(b, &t) && span(&t, call, &s, &e) && read_call(&t, s, e, &w) && w.nargs == nargs;
  if (written) {
    char *name = wp_spelling(target);
    written = name_is(&t, &w, name);
    free(name);
  }
  for (int i = 0; i < nargs; i++) {
    if (!is_wg_value(clang_getCursorType(args[i])))
      continue;
    wp_loc at = wp_cursor_loc(&b->p->strs, args[i]);
    wp_wg_arg g = {i, at.line, at.col, no_edit};
    if (written)
      g.edit = arg_edit(&t, args[i], w.arg_s[i], w.arg_e[i]);
    WP_PUSH(x->wgargs, x->nwgargs, x->capwgargs, g);
  }
}

/* `wp_wg wg` -> `wp_wg *wg`, `wp_wg` -> `wp_wg *` (also `struct wp_wg`) */
static wp_edit param_edit(const text *t, CXCursor pc)
{
  long s, e;
  if (!span(t, pc, &s, &e))
    return no_edit;
  long i = s;
  if (word_at(t, i, e, "struct")) {
    i += 6;
    if (i >= e || !space(t->s[i]))
      return no_edit;
    i = skip_space(t, i, e);
  }
  if (!word_at(t, i, e, "wp_wg"))
    return no_edit;
  i += 5;
  if (i == e)
    return edit_at(t, e, e, " *");
  long j = skip_space(t, i, e);
  char *name = wp_spelling(pc);
  size_t n = strlen(name);
  int named = j > i && n > 0 && (size_t)(e - j) == n && memcmp(t->s + j, name, n) == 0;
  free(name);
  return named ? edit_at(t, j, j, "*") : no_edit;
}

struct uses {
  const text *t;
  CXCursor param;
  const char *name;
  wp_edits *edits;
  int ok;
};

/* a use of the parameter once it is a pointer: `&wg` -> `wg`, `wg.f` ->
 * `wg->f`; anything else has no mechanical rewrite */
static wp_edit use_edit(const struct uses *u, CXCursor ref, CXCursor parent)
{
  const text *t = u->t;
  long ds, de, ps, pe;
  size_t n = strlen(u->name);
  if (!span(t, ref, &ds, &de) || (size_t)(de - ds) != n || memcmp(t->s + ds, u->name, n) != 0)
    return no_edit;
  if (kind(parent) == CXCursor_UnaryOperator) {
    if (!span(t, parent, &ps, &pe) || pe != de || ps >= ds || t->s[ps] != '&' || skip_space(t, ps + 1, ds) != ds)
      return no_edit;
    return edit_at(t, ps, de, u->name);
  }
  if (kind(parent) == CXCursor_MemberRefExpr) {
    long m = offset_of(t, clang_getCursorLocation(parent));
    long i = skip_space(t, de, m);
    if (m < de || i >= m || t->s[i] != '.' || skip_space(t, i + 1, m) != m)
      return no_edit;
    return edit_at(t, de, m, "->");
  }
  return no_edit;
}

static enum CXChildVisitResult use_visit(CXCursor c, CXCursor parent, CXClientData data)
{
  struct uses *u = data;
  if (kind(c) != CXCursor_DeclRefExpr || !clang_equalCursors(clang_getCursorReferenced(c), u->param))
    return CXChildVisit_Recurse;
  wp_edit e = use_edit(u, c, parent);
  if (e.text == NULL) {
    u->ok = 0;
    return CXChildVisit_Break;
  }
  push_unique(u->edits, e);
  return CXChildVisit_Continue;
}

void wp_fix_function(wp_builder *b, CXCursor fn)
{
  int np = clang_Cursor_getNumArguments(fn);
  text t;
  int have = np > 0 && main_text(b, &t);
  for (int i = 0; i < np; i++) {
    CXCursor pc = clang_Cursor_getArgument(fn, (unsigned)i);
    if (!is_wg_value(clang_getCursorType(pc)))
      continue;
    wp_loc at = wp_cursor_loc(&b->p->strs, pc);
    wp_wg_param g = {i, at.line, at.col, 0, {NULL, 0, 0}};
    wp_edit pe = have ? param_edit(&t, pc) : no_edit;
    if (pe.text != NULL) {
      push_unique(&g.edits, pe);
      char *name = wp_spelling(pc);
      struct uses u = {&t, pc, name, &g.edits, 1};
      clang_visitChildren(fn, use_visit, &u);
      g.ok = u.ok;
      free(name);
    }
    WP_PUSH(b->fn->wgparams, b->fn->nwgparams, b->fn->capwgparams, g);
  }
}

/* ---- the whole unit: prototypes, addresses taken ------------------------- */

static wp_wg_param *param_entry(wp_wg_param **v, int *n, int *cap, int idx)
{
  for (int i = 0; i < *n; i++)
    if ((*v)[i].idx == idx)
      return &(*v)[i];
  wp_wg_param g = {idx, 0, 0, 1, {NULL, 0, 0}};
  WP_PUSH(*v, *n, *cap, g);
  return &(*v)[*n - 1];
}

static wp_edit edit_copy(const wp_edit *e)
{
  wp_edit c = *e;
  c.text = wp_xstrdup(e->text);
  return c;
}

/* Gives the prototype's edit to what will change with it: the definition
 * in this file, else every call of the function in this file (the
 * definition is in another).  0 if there is nothing to carry it. */
static int carry(wp_builder *b, const char *usr, int idx, const wp_edit *e)
{
  int key = wp_intern_find(&b->p->strs, usr);
  if (key < 0)
    return 0;
  wp_program *p = b->p;
  for (int i = 0; i < p->nfuncs; i++) {
    wp_func *f = &p->funcs[i];
    if (f->tu != b->tu_index || f->key != key)
      continue;
    for (int k = 0; k < f->nwgparams; k++)
      if (f->wgparams[k].idx == idx) {
        push_unique(&f->wgparams[k].edits, edit_copy(e));
        return 1;
      }
    return 0;
  }
  int carried = 0;
  for (int i = 0; i < p->nfuncs; i++) {
    wp_func *f = &p->funcs[i];
    if (f->tu != b->tu_index)
      continue;
    for (int j = 0; j < f->nnodes; j++) {
      wp_node *n = &f->nodes[j];
      if (n->kind != NK_OP || n->op != OP_CALL || n->callee != key || n->fix == NULL)
        continue;
      wp_wg_param *g = param_entry(&n->fix->protos, &n->fix->nprotos, &n->fix->capprotos, idx);
      push_unique(&g->edits, edit_copy(e));
      carried = 1;
    }
  }
  return carried;
}

/* A declaration that is not a definition: its by-value wp_wg parameters
 * must change with the definition's, or the definition must not change. */
static void prototype(wp_builder *b, const text *t, CXCursor fn, int in_main)
{
  int np = clang_Cursor_getNumArguments(fn);
  char *usr = NULL;
  for (int i = 0; i < np; i++) {
    CXCursor pc = clang_Cursor_getArgument(fn, (unsigned)i);
    if (!is_wg_value(clang_getCursorType(pc)))
      continue;
    if (usr == NULL)
      usr = wp_usr(fn);
    wp_edit e = in_main && t != NULL ? param_edit(t, pc) : no_edit;
    if (e.text == NULL || !carry(b, usr, i, &e))
      wp_mark(b->p, WP_MARK_DECL, usr);
    free(e.text);
  }
  free(usr);
}

struct refs {
  wp_builder *b;
};

static enum CXChildVisitResult ref_visit(CXCursor c, CXCursor parent, CXClientData data);

static int is_function_ref(CXCursor c)
{
  c = wp_strip(c);
  return kind(c) == CXCursor_DeclRefExpr && kind(clang_getCursorReferenced(c)) == CXCursor_FunctionDecl;
}

/* A call: its callee and a spawn's thread function are not addresses that
 * escape; everything else in it is looked at as anywhere. */
static void call_refs(struct refs *r, CXCursor call)
{
  int fi = wp_spawn_fn_arg(r->b, call);
  wp_cursors cs = wp_children(call);
  for (int i = 0; i < cs.n; i++) {
    if ((i == 0 || i == fi + 1) && is_function_ref(cs.v[i]))
      continue;
    if (ref_visit(cs.v[i], call, r) == CXChildVisit_Recurse)
      clang_visitChildren(cs.v[i], ref_visit, r);
  }
  wp_cursors_free(&cs);
}

static enum CXChildVisitResult ref_visit(CXCursor c, CXCursor parent, CXClientData data)
{
  struct refs *r = data;
  switch (kind(c)) {
  case CXCursor_CallExpr:
    call_refs(r, c);
    return CXChildVisit_Continue;
  case CXCursor_DeclRefExpr: {
    CXCursor f = clang_getCursorReferenced(c);
    if (kind(f) == CXCursor_FunctionDecl) {
      char *usr = wp_usr(f);
      wp_mark(r->b->p, WP_MARK_ADDR, usr);
      free(usr);
    }
    return CXChildVisit_Continue;
  }
  case CXCursor_FunctionDecl:
    if (!clang_isCursorDefinition(c) && kind(parent) != CXCursor_TranslationUnit)
      prototype(r->b, NULL, c, 0); /* a prototype inside a function */
    return CXChildVisit_Recurse;
  default:
    return CXChildVisit_Recurse;
  }
}

void wp_fix_unit(wp_builder *b)
{
  text t;
  int have = main_text(b, &t);
  struct refs r = {b};
  wp_cursors top = wp_children(clang_getTranslationUnitCursor(b->tu));
  for (int i = 0; i < top.n; i++) {
    CXCursor c = top.v[i];
    CXSourceLocation l = clang_getCursorLocation(c);
    if (clang_Location_isInSystemHeader(l))
      continue;
    int in_main = clang_Location_isFromMainFile(l);
    if (kind(c) == CXCursor_FunctionDecl && !clang_isCursorDefinition(c))
      prototype(b, have ? &t : NULL, c, in_main);
    if (in_main)
      clang_visitChildren(c, ref_visit, &r);
  }
  wp_cursors_free(&top);
}
