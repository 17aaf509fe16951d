/* Facts extraction, expressions: object keys of expressions, alias pairs
 * from assignments and initialisers, select cases, NULL tests in conditions
 * and waitgroup copies; the calls in them are facts_call.c's. */
#include <stdlib.h>
#include <string.h>

#include "facts_int.h"

/* ---- object keys --------------------------------------------------------- */

static int intern_fmt(wp_builder *b, const char *prefix, const char *s)
{
  char *k = wp_xasprintf("%s%s", prefix, s);
  int id = wp_intern(&b->p->strs, k);
  free(k);
  return id;
}

static int param_key(wp_builder *b, CXCursor parm)
{
  CXCursor fn = clang_getCursorSemanticParent(parm);
  if (clang_Cursor_isNull(fn))
    return -1;
  int n = clang_Cursor_getNumArguments(fn);
  for (int i = 0; i < n; i++)
    if (clang_equalCursors(clang_Cursor_getArgument(fn, (unsigned)i), parm)) {
      char *usr = wp_usr(fn);
      char *k = wp_xasprintf("P:%s#%d", usr, i);
      int id = wp_intern(&b->p->strs, k);
      free(k);
      free(usr);
      return id;
    }
  return -1;
}

int wp_key_of(wp_builder *b, CXCursor e)
{
  e = wp_strip_addr(b->tu, e);
  enum CXCursorKind k = clang_getCursorKind(e);
  CXCursor d = clang_getCursorReferenced(e);
  if (clang_Cursor_isNull(d))
    return -1;
  enum CXCursorKind dk = clang_getCursorKind(d);
  char *usr = NULL;
  int id = -1;
  if (k == CXCursor_DeclRefExpr && dk == CXCursor_VarDecl) {
    CXCursor parent = clang_getCursorSemanticParent(d);
    usr = wp_usr(d);
    id = intern_fmt(b, clang_getCursorKind(parent) == CXCursor_TranslationUnit ? "G:" : "L:", usr);
  } else if (k == CXCursor_DeclRefExpr && dk == CXCursor_ParmDecl) {
    id = param_key(b, d);
  } else if (k == CXCursor_DeclRefExpr && dk == CXCursor_FunctionDecl) {
    usr = wp_usr(d);
    id = intern_fmt(b, "FN:", usr);
  } else if (k == CXCursor_MemberRefExpr && dk == CXCursor_FieldDecl) {
    usr = wp_usr(d);
    id = intern_fmt(b, "F:", usr);
  }
  free(usr);
  return id;
}

void wp_union(wp_builder *b, int k1, int k2)
{
  if (k1 < 0 || k2 < 0 || k1 == k2)
    return;
  int pair[2] = {k1, k2};
  wp_program *p = b->p;
  if (p->nunions == p->capunions) {
    p->capunions = p->capunions ? p->capunions * 2 : 64;
    p->unions = wp_xrealloc(p->unions, (size_t)p->capunions * sizeof *p->unions);
  }
  p->unions[p->nunions][0] = pair[0];
  p->unions[p->nunions][1] = pair[1];
  p->nunions++;
}

/* ---- nodes --------------------------------------------------------------- */

int wp_emit(wp_builder *b, int op, CXCursor at)
{
  int n = wp_node_new(b->fn, NK_OP);
  wp_node *nd = &b->fn->nodes[n];
  nd->op = op;
  nd->loc = wp_cursor_loc(&b->p->strs, at);
  nd->in_loop = b->nloops > 0;
  nd->guarded = b->guard_depth > 0;
  if (b->cur >= 0)
    wp_edge(b->fn, b->cur, n);
  b->cur = n;
  return n;
}

void wp_note_copy(wp_builder *b, CXCursor at, int kind, CXType t, int what)
{
  wp_copy_fact c;
  c.loc = wp_cursor_loc(&b->p->strs, at);
  c.kind = kind;
  char *tn = wp_type_name(t);
  c.type = wp_intern(&b->p->strs, tn);
  free(tn);
  c.what = what;
  c.func = b->fn ? b->fn->name : -1;
  WP_PUSH(b->p->copies, b->p->ncopies, b->p->capcopies, c);
}

/* A value that copies an existing object (not a literal or a fresh call
 * result). */
int wp_is_copy_source(CXCursor e)
{
  e = wp_strip(e);
  enum CXCursorKind k = clang_getCursorKind(e);
  return k != CXCursor_InitListExpr && k != CXCursor_CompoundLiteralExpr && k != CXCursor_CallExpr &&
         k != CXCursor_StmtExpr;
}

/* ---- select cases -------------------------------------------------------- */

wp_case_table *wp_case_table_of(wp_builder *b, int var)
{
  for (int i = 0; i < b->nctabs; i++)
    if (b->ctabs[i].var == var)
      return &b->ctabs[i];
  wp_case_table t = {var, NULL, 0, 0};
  WP_PUSH(b->ctabs, b->nctabs, b->capctabs, t);
  return &b->ctabs[b->nctabs - 1];
}

static int op_value(CXCursor e)
{
  long long v;
  if (wp_eval_int(e, &v))
    return v == 1 ? 1 : v == 2 ? 2 : 0;
  return 0;
}

static char *field_name_of(CXCursor member_ref)
{
  return wp_spelling(member_ref);
}

void wp_case_from_init(wp_builder *b, CXCursor list, wp_case_table *t)
{
  wp_case_fact cf = {-1, 0, 1};
  wp_cursors cs = wp_children(list);
  static const char *const order[] = {"q", "op", "elem", "status"};
  int pos = 0;
  for (int i = 0; i < cs.n; i++) {
    CXCursor e = cs.v[i];
    char *fname = NULL;
    CXCursor value = e;
    if (clang_getCursorKind(e) == CXCursor_UnexposedExpr) {
      wp_cursors in = wp_children(e);
      if (in.n == 2 && clang_getCursorKind(in.v[0]) == CXCursor_MemberRef) {
        fname = field_name_of(in.v[0]);
        value = in.v[1];
      }
      wp_cursors_free(&in);
    }
    if (fname == NULL)
      fname = wp_xstrdup(pos < 4 ? order[pos] : "");
    for (int j = 0; j < 4; j++)
      if (strcmp(fname, order[j]) == 0)
        pos = j + 1;
    if (strcmp(fname, "q") == 0)
      cf.obj = wp_key_of(b, value);
    else if (strcmp(fname, "op") == 0)
      cf.op = op_value(value);
    else if (strcmp(fname, "elem") == 0)
      cf.elem_null = wp_is_null_constant(value);
    free(fname);
  }
  wp_cursors_free(&cs);
  WP_PUSH(t->cases, t->n, t->cap, cf);
}

/* ---- initialisers -------------------------------------------------------- */

struct fields {
  CXCursor *v;
  int n, cap;
};

static enum CXVisitorResult add_field(CXCursor c, CXClientData data)
{
  struct fields *f = data;
  WP_PUSH(f->v, f->n, f->cap, c);
  return CXVisit_Continue;
}

static void init_list(wp_builder *b, CXType t, CXCursor list, int base);

static void init_value(wp_builder *b, CXCursor field, CXCursor value)
{
  CXCursor sv = wp_strip(value);
  CXType ft = clang_getCursorType(field);
  if (clang_getCursorKind(sv) == CXCursor_InitListExpr) {
    init_list(b, ft, sv, -1);
    return;
  }
  if (wp_type_holds_wg(ft) && wp_is_copy_source(value))
    wp_note_copy(b, value, COPY_INIT, ft, -1);
  if (!wp_type_is_pointer(ft))
    return;
  char *usr = wp_usr(field);
  int fk = intern_fmt(b, "F:", usr);
  free(usr);
  wp_union(b, fk, wp_key_of(b, value));
  /* (struct s){.q = wp_queue_new(...)}: the queue is created into the field */
  if (clang_getCursorKind(sv) == CXCursor_CallExpr && b->fn != NULL) {
    wp_loc at = wp_cursor_loc(&b->p->strs, sv);
    for (int i = b->fn->nnodes - 1; i >= 0; i--) {
      wp_node *nd = &b->fn->nodes[i];
      if (nd->kind == NK_OP && nd->op == OP_QUEUE_NEW && nd->obj < 0 && nd->loc.line == at.line &&
          nd->loc.col == at.col && nd->loc.file == at.file) {
        nd->obj = nd->lhs = fk;
        break;
      }
    }
  }
}

static void init_list(wp_builder *b, CXType t, CXCursor list, int base)
{
  CXType ct = clang_getCanonicalType(t);
  wp_cursors cs = wp_children(list);
  if (ct.kind == CXType_ConstantArray || ct.kind == CXType_IncompleteArray) {
    CXType et = clang_getArrayElementType(ct);
    for (int i = 0; i < cs.n; i++) {
      CXCursor e = wp_strip(cs.v[i]);
      if (clang_getCursorKind(e) == CXCursor_InitListExpr)
        init_list(b, et, e, base);
    }
    wp_cursors_free(&cs);
    return;
  }
  if (ct.kind != CXType_Record) {
    wp_cursors_free(&cs);
    return;
  }
  char *rname = wp_record_name(ct);
  int is_case = rname != NULL && strcmp(rname, "wp_case") == 0;
  free(rname);
  if (is_case) {
    if (base >= 0)
      wp_case_from_init(b, list, wp_case_table_of(b, base));
    wp_cursors_free(&cs);
    return;
  }
  struct fields fs = {NULL, 0, 0};
  clang_Type_visitFields(ct, add_field, &fs);
  int pos = 0;
  for (int i = 0; i < cs.n; i++) {
    CXCursor e = cs.v[i];
    CXCursor field = clang_getNullCursor(), value = e;
    if (clang_getCursorKind(e) == CXCursor_UnexposedExpr) {
      wp_cursors in = wp_children(e);
      if (in.n >= 2 && clang_getCursorKind(in.v[0]) == CXCursor_MemberRef) {
        field = clang_getCursorReferenced(in.v[0]);
        value = in.v[in.n - 1];
        for (int j = 0; j < fs.n; j++)
          if (clang_equalCursors(fs.v[j], field))
            pos = j + 1;
      }
      wp_cursors_free(&in);
    }
    if (clang_Cursor_isNull(field)) {
      if (pos >= fs.n)
        continue;
      field = fs.v[pos++];
    }
    if (!clang_Cursor_isNull(field))
      init_value(b, field, value);
  }
  free(fs.v);
  wp_cursors_free(&cs);
}

/* ---- assignments and declarations ---------------------------------------- */

static void store_result(wp_builder *b, int n, int key, int base)
{
  if (n < 0 || key < 0)
    return;
  wp_node *nd = &b->fn->nodes[n];
  if (nd->kind != NK_OP)
    return;
  if (nd->op == OP_QUEUE_NEW || nd->op == OP_POOL_NEW) {
    nd->obj = key;
    nd->lhs = key;
    nd->obj2 = base;
  } else if (nd->op == OP_CALL) {
    nd->lhs = key;
  }
}

static int wp_expr_node(wp_builder *b, CXCursor e);

/* The variable at the root of a.b->c[i].d */
int wp_base_key(wp_builder *b, CXCursor e)
{
  for (int guard = 0; guard < 32; guard++) {
    e = wp_strip_addr(b->tu, e);
    if (clang_getCursorKind(e) != CXCursor_MemberRefExpr)
      break;
    wp_cursors cs = wp_children(e);
    if (cs.n == 0) {
      wp_cursors_free(&cs);
      break;
    }
    e = cs.v[0];
    wp_cursors_free(&cs);
  }
  return wp_key_of(b, e);
}

static void assign(wp_builder *b, CXCursor op, CXCursor lhs, CXCursor rhs)
{
  int n = wp_expr_node(b, rhs);
  wp_expr(b, lhs);
  int lk = wp_key_of(b, lhs);
  CXCursor sr = wp_strip(rhs);
  if (clang_getCursorKind(sr) == CXCursor_CallExpr)
    store_result(b, n, lk, wp_base_key(b, lhs));
  CXType lt = clang_getCursorType(lhs);
  enum CXCursorKind rk = clang_getCursorKind(sr);
  if (rk == CXCursor_CompoundLiteralExpr || rk == CXCursor_InitListExpr) {
    CXCursor list = sr;
    if (rk == CXCursor_CompoundLiteralExpr) {
      wp_cursors in = wp_children(sr);
      for (int i = 0; i < in.n; i++)
        if (clang_getCursorKind(in.v[i]) == CXCursor_InitListExpr)
          list = in.v[i];
      wp_cursors_free(&in);
    }
    init_list(b, lt, list, lk);
  } else if (wp_type_is_pointer(lt)) {
    wp_union(b, lk, wp_key_of(b, rhs));
  }
  /* cases[i].q = x; cases[i].op = WP_RECV */
  CXCursor sl = wp_strip(lhs);
  if (clang_getCursorKind(sl) == CXCursor_MemberRefExpr) {
    CXCursor fd = clang_getCursorReferenced(sl);
    char *rname = clang_Cursor_isNull(fd) ? NULL : wp_record_name(clang_getCursorType(clang_getCursorSemanticParent(fd)));
    if (rname != NULL && strcmp(rname, "wp_case") == 0) {
      wp_cursors in = wp_children(sl);
      int var = in.n > 0 ? wp_key_of(b, in.v[0]) : -1;
      wp_cursors_free(&in);
      char *f = wp_spelling(fd);
      if (var >= 0) {
        wp_case_table *t = wp_case_table_of(b, var);
        if (strcmp(f, "q") == 0) {
          wp_case_fact cf = {wp_key_of(b, rhs), 0, 0};
          WP_PUSH(t->cases, t->n, t->cap, cf);
        } else if (strcmp(f, "op") == 0 && t->n > 0) {
          t->cases[t->n - 1].op = op_value(rhs);
        } else if (strcmp(f, "elem") == 0 && t->n > 0) {
          t->cases[t->n - 1].elem_null = wp_is_null_constant(rhs);
        }
      }
      free(f);
    }
    free(rname);
  }
  if (wp_type_holds_wg(lt) && wp_is_copy_source(rhs))
    wp_note_copy(b, op, COPY_ASSIGN, lt, -1);
}

void wp_var_decl(wp_builder *b, CXCursor var)
{
  CXType t = clang_getCursorType(var);
  char *rname = wp_record_name(t);
  int is_defer = rname != NULL && strcmp(rname, "wp__defer") == 0 &&
                 clang_getCanonicalType(t).kind == CXType_Record;
  free(rname);
  wp_cursors cs = wp_children(var);
  CXCursor init = clang_getNullCursor();
  for (int i = 0; i < cs.n; i++)
    if (clang_isExpression(clang_getCursorKind(cs.v[i])))
      init = cs.v[i];
  wp_cursors_free(&cs);
  CXType ct = clang_getCanonicalType(t);
  if (!clang_Cursor_isNull(init) && (ct.kind == CXType_ConstantArray || ct.kind == CXType_VariableArray)) {
    enum CXCursorKind ik = clang_getCursorKind(wp_strip(init));
    if (ik != CXCursor_InitListExpr && ik != CXCursor_StringLiteral)
      init = clang_getNullCursor(); /* the array's size */
  }
  if (clang_Cursor_isNull(init))
    return;
  char *usr = wp_usr(var);
  int vk = intern_fmt(b, "L:", usr);
  free(usr);
  if (is_defer) {
    CXCursor list = wp_strip(init);
    wp_cursors in = wp_children(list);
    int wg = in.n > 0 ? wp_key_of(b, in.v[0]) : -1;
    wp_cursors_free(&in);
    int n = wp_emit(b, OP_WG_DEFER_DONE, var);
    b->fn->nodes[n].obj = wg;
    return;
  }
  int n = wp_expr_node(b, init);
  CXCursor si = wp_strip(init);
  enum CXCursorKind ik = clang_getCursorKind(si);
  if (ik == CXCursor_CallExpr)
    store_result(b, n, vk, vk);
  if (ik == CXCursor_InitListExpr)
    init_list(b, t, si, vk);
  else if (ik == CXCursor_CompoundLiteralExpr) {
    wp_cursors in = wp_children(si);
    for (int i = 0; i < in.n; i++)
      if (clang_getCursorKind(in.v[i]) == CXCursor_InitListExpr)
        init_list(b, t, in.v[i], vk);
    wp_cursors_free(&in);
  }
  else if (wp_type_is_pointer(t))
    wp_union(b, vk, wp_key_of(b, init));
  if (wp_type_holds_wg(t) && wp_is_copy_source(init)) {
    char *vn = wp_spelling(var);
    wp_note_copy(b, var, COPY_INIT, t, wp_intern(&b->p->strs, vn));
    free(vn);
  }
}

/* ---- expressions --------------------------------------------------------- */

static int is_enum_ref(CXCursor e, const char *name)
{
  e = wp_strip(e);
  if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
    return 0;
  char *s = wp_spelling(e);
  int r = strcmp(s, name) == 0;
  free(s);
  return r;
}

static int wp_expr_node(wp_builder *b, CXCursor e)
{
  enum CXCursorKind k = clang_getCursorKind(e);
  switch (k) {
  case CXCursor_StmtExpr:
    return -1; /* WP_HERE and friends */
  case CXCursor_CallExpr:
    return wp_call_expr(b, e);
  case CXCursor_BinaryOperator: {
    wp_cursors cs = wp_children(e);
    int n = -1;
    if (cs.n == 2) {
      enum wp_binop op = wp_binop_kind(b->tu, e);
      if (op == BO_ASSIGN) {
        assign(b, e, cs.v[0], cs.v[1]);
      } else {
        int n0 = wp_expr_node(b, cs.v[0]);
        int n1 = wp_expr_node(b, cs.v[1]);
        n = n0 >= 0 ? n0 : n1;
        /* wp_queue_recv(q, &x) == WP_ECLOSED inside a loop: until closed */
        if ((op == BO_EQ || op == BO_NE) && n >= 0 && b->nloops > 0 &&
            (is_enum_ref(cs.v[0], "WP_ECLOSED") || is_enum_ref(cs.v[1], "WP_ECLOSED"))) {
          wp_node *nd = &b->fn->nodes[n];
          if (nd->kind == NK_OP && nd->op == OP_RECV && !nd->timed)
            nd->until_closed = 1;
        }
      }
    }
    wp_cursors_free(&cs);
    return n;
  }
  default: {
    wp_cursors cs = wp_children(e);
    int n = -1;
    for (int i = 0; i < cs.n; i++) {
      enum CXCursorKind ck = clang_getCursorKind(cs.v[i]);
      if (clang_isExpression(ck) || ck == CXCursor_CompoundStmt) {
        int m = wp_expr_node(b, cs.v[i]);
        if (m >= 0)
          n = m;
      }
    }
    wp_cursors_free(&cs);
    return n;
  }
  }
}

void wp_expr(wp_builder *b, CXCursor e)
{
  (void)wp_expr_node(b, e);
}

int wp_expr_n(wp_builder *b, CXCursor e)
{
  return wp_expr_node(b, e);
}

void wp_cond_wait(wp_builder *b, CXCursor cond, int cn, int br)
{
  if (cn < 0 || br < 0)
    return;
  const wp_node *w = &b->fn->nodes[cn];
  if (w->kind != NK_OP || !w->timed || (w->op != OP_WG_WAIT && w->op != OP_POOL_WAIT))
    return;
  cond = wp_strip(cond);
  enum wp_binop op = wp_binop_kind(b->tu, cond);
  if (op != BO_EQ && op != BO_NE)
    return;
  wp_cursors cs = wp_children(cond);
  int ok = -1;
  for (int i = 0; i < cs.n && ok < 0; i++) {
    if (is_enum_ref(cs.v[i], "WP_OK"))
      ok = op == BO_EQ ? 0 : 1;
    else if (is_enum_ref(cs.v[i], "WP_ETIMEDOUT"))
      ok = op == BO_EQ ? 1 : 0;
  }
  wp_cursors_free(&cs);
  if (ok >= 0) {
    b->fn->nodes[br].wait_ok = ok;
    b->fn->nodes[br].obj = w->obj;
  }
}

/* ---- conditions ---------------------------------------------------------- */

struct nulls {
  int *v[2];
  int n[2], cap[2];
};

static void cond_nulls(wp_builder *b, CXCursor e, struct nulls *out, int neg, int depth)
{
  if (depth > 16)
    return;
  e = wp_strip(e);
  enum CXCursorKind k = clang_getCursorKind(e);
  wp_cursors cs = wp_children(e);
  if (k == CXCursor_UnaryOperator && cs.n == 1 && wp_unop_kind(b->tu, e) == UO_LNOT) {
    cond_nulls(b, cs.v[0], out, !neg, depth + 1);
  } else if (k == CXCursor_BinaryOperator && cs.n == 2) {
    enum wp_binop op = wp_binop_kind(b->tu, e);
    if (op == BO_LAND || op == BO_LOR) {
      cond_nulls(b, cs.v[0], out, neg, depth + 1);
      cond_nulls(b, cs.v[1], out, neg, depth + 1);
    } else if (op == BO_EQ || op == BO_NE) {
      int side = wp_is_null_constant(cs.v[1]) ? 0 : wp_is_null_constant(cs.v[0]) ? 1 : -1;
      if (side >= 0) {
        int key = wp_key_of(b, cs.v[side]);
        int which = (op == BO_EQ) ? 0 : 1; /* true branch: NULL for == */
        which ^= neg;
        if (key >= 0)
          WP_PUSH(out->v[which], out->n[which], out->cap[which], key);
      }
    }
  } else if (wp_type_is_pointer(clang_getCursorType(e))) {
    int key = wp_key_of(b, e);
    if (key >= 0)
      WP_PUSH(out->v[1 ^ neg], out->n[1 ^ neg], out->cap[1 ^ neg], key);
  }
  wp_cursors_free(&cs);
}

void wp_cond_nulls(wp_builder *b, CXCursor e, int br)
{
  struct nulls out;
  memset(&out, 0, sizeof out);
  cond_nulls(b, e, &out, 0, 0);
  wp_node *nd = &b->fn->nodes[br];
  for (int i = 0; i < 2; i++) {
    nd->nulls[i] = out.v[i];
    nd->nnulls[i] = out.n[i];
  }
}

static int mentions_status(wp_builder *b, CXCursor e, int depth)
{
  if (depth > 32)
    return 0;
  enum CXCursorKind k = clang_getCursorKind(e);
  if (k == CXCursor_DeclRefExpr)
    return is_enum_ref(e, "WP_OK") || is_enum_ref(e, "WP_ECLOSED");
  if (k == CXCursor_CallExpr) {
    int op = wp_call_api_op(b, e);
    if (op == OP_RECV || op == OP_RECV_LOOP || op == OP_SELECT)
      return 1;
  }
  if (k == CXCursor_StmtExpr)
    return 0;
  wp_cursors cs = wp_children(e);
  int r = 0;
  for (int i = 0; i < cs.n && !r; i++)
    r = mentions_status(b, cs.v[i], depth + 1);
  wp_cursors_free(&cs);
  return r;
}

int wp_mentions_eclosed(CXCursor e)
{
  if (clang_getCursorKind(e) == CXCursor_DeclRefExpr)
    return is_enum_ref(e, "WP_ECLOSED");
  if (clang_getCursorKind(e) == CXCursor_StmtExpr)
    return 0;
  wp_cursors cs = wp_children(e);
  int r = 0;
  for (int i = 0; i < cs.n && !r; i++)
    r = wp_mentions_eclosed(cs.v[i]);
  wp_cursors_free(&cs);
  return r;
}

int wp_cond_mentions_status(wp_builder *b, CXCursor e)
{
  return mentions_status(b, e, 0);
}
