/* Facts extraction, expressions: object keys of expressions, wpool API calls
 * (the site-passing wp__*_at entry points and the plain functions), calls,
 * spawns, alias pairs from assignments and initialisers, select cases,
 * NULL tests in conditions and waitgroup copies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "facts_int.h"

/* ---- the wpool API ------------------------------------------------------- */

enum api_shape { A_OBJ, A_ADD, A_DONE, A_SPAWN, A_SELECT, A_NEW };

static const struct api {
  const char *name;
  int op;
  int shape;
  int spawn;
} apis[] = {
    {"wp__go_at", OP_SPAWN, A_SPAWN, SPAWN_GO},
    {"wp_go", OP_SPAWN, A_SPAWN, SPAWN_GO},
    {"wp__wg_go_at", OP_SPAWN, A_SPAWN, SPAWN_WG_GO},
    {"wp_wg_go", OP_SPAWN, A_SPAWN, SPAWN_WG_GO},
    {"wp__pool_submit_at", OP_SPAWN, A_SPAWN, SPAWN_POOL},
    {"wp_pool_submit", OP_SPAWN, A_SPAWN, SPAWN_POOL},
    {"wp_pool_try_submit", OP_SPAWN, A_SPAWN, SPAWN_POOL},
    {"pthread_create", OP_SPAWN, A_SPAWN, SPAWN_PTHREAD},
    {"wp__pthread_create_at", OP_SPAWN, A_SPAWN, SPAWN_PTHREAD}, /* wpool.h's wrapper */
    {"thrd_create", OP_SPAWN, A_SPAWN, SPAWN_THRD},
    {"wp__queue_new_at", OP_QUEUE_NEW, A_NEW, 0},
    {"wp_queue_new", OP_QUEUE_NEW, A_NEW, 0},
    {"wp__queue_send_at", OP_SEND, A_OBJ, 0},
    {"wp_queue_send", OP_SEND, A_OBJ, 0},
    {"wp_queue_try_send", OP_SEND, A_OBJ, 0},
    {"wp_queue_send_timeout", OP_SEND, A_OBJ, 0},
    {"wp__queue_recv_at", OP_RECV, A_OBJ, 0},
    {"wp_queue_recv", OP_RECV, A_OBJ, 0},
    {"wp_queue_try_recv", OP_RECV, A_OBJ, 0},
    {"wp_queue_recv_timeout", OP_RECV, A_OBJ, 0},
    {"wp__queue_recv_sized_at", OP_RECV_LOOP, A_OBJ, 0},
    {"wp__queue_close_at", OP_CLOSE, A_OBJ, 0},
    {"wp_queue_close", OP_CLOSE, A_OBJ, 0},
    {"wp__queue_free_at", OP_QUEUE_FREE, A_OBJ, 0},
    {"wp_queue_free", OP_QUEUE_FREE, A_OBJ, 0},
    {"wp__select_at", OP_SELECT, A_SELECT, 0},
    {"wp_select", OP_SELECT, A_SELECT, 0},
    {"wp__wg_add_at", OP_WG_ADD, A_ADD, 0},
    {"wp_wg_add", OP_WG_ADD, A_ADD, 0},
    {"wp_wg_done", OP_WG_DONE, A_DONE, 0},
    {"wp__wg_wait_at", OP_WG_WAIT, A_OBJ, 0},
    {"wp_wg_wait", OP_WG_WAIT, A_OBJ, 0},
    {"wp_wg_wait_timeout", OP_WG_WAIT, A_OBJ, 0},
    {"wp__pool_new_at", OP_POOL_NEW, A_NEW, 0},
    {"wp_pool_new", OP_POOL_NEW, A_NEW, 0},
    {"wp__pool_wait_at", OP_POOL_WAIT, A_OBJ, 0},
    {"wp_pool_wait", OP_POOL_WAIT, A_OBJ, 0},
    {"wp_pool_wait_timeout", OP_POOL_WAIT, A_OBJ, 0},
    {"wp__pool_free_at", OP_POOL_WAIT, A_OBJ, 0},
    {"wp_pool_free", OP_POOL_WAIT, A_OBJ, 0},
    {"pthread_join", OP_JOIN, A_OBJ, 0},
    {"wp__pthread_join_at", OP_JOIN, A_OBJ, 0},
    {"thrd_join", OP_JOIN, A_OBJ, 0},
    {"pthread_mutex_lock", OP_LOCK, A_OBJ, 0},
    {"wp__mutex_lock", OP_LOCK, A_OBJ, 0},
    {"mtx_lock", OP_LOCK, A_OBJ, 0},
};

static const char *const exit_names[] = {
    "exit", "abort", "_Exit", "quick_exit", "pthread_exit", "thrd_exit", "__assert_fail",
    "longjmp", "siglongjmp", "err", "errx", "verr", "verrx", "__builtin_unreachable",
    "__builtin_trap", NULL};

/* A spawn wrapper named in the file's .wpcheck (`spawner = NAME F A`):
 * spawns like wp_go, its thread function and argument at the configured
 * positions (b->spawner_fi, b->spawner_ai). */
static const struct api spawner_api = {"", OP_SPAWN, A_SPAWN, SPAWN_GO};

static const struct api *find_api(wp_builder *b, const char *name)
{
  for (size_t i = 0; i < sizeof apis / sizeof apis[0]; i++)
    if (strcmp(apis[i].name, name) == 0)
      return &apis[i];
  if (wp_config_spawner(b->spawners, name, &b->spawner_fi, &b->spawner_ai))
    return &spawner_api; /* its positions are those of the last lookup */
  return NULL;
}

int wp_spawn_fn_arg(wp_builder *b, CXCursor call)
{
  CXCursor t = wp_call_target(call);
  if (clang_Cursor_isNull(t))
    return -1;
  char *name = wp_spelling(t);
  const struct api *a = find_api(b, name);
  free(name);
  if (a == NULL || a->op != OP_SPAWN)
    return -1;
  return a == &spawner_api ? b->spawner_fi : a->spawn == SPAWN_GO ? 0 : a->spawn == SPAWN_PTHREAD ? 2 : 1;
}

static int is_enum_ref(CXCursor e, const char *name);

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

static wp_case_table *case_table(wp_builder *b, int var)
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

static void case_from_init(wp_builder *b, CXCursor list, wp_case_table *t)
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
      case_from_init(b, list, case_table(b, base));
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

/* ---- calls --------------------------------------------------------------- */

static int fn_key_of(wp_builder *b, CXCursor e)
{
  e = wp_strip_addr(b->tu, e);
  if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
    return -1;
  CXCursor d = clang_getCursorReferenced(e);
  if (clang_Cursor_isNull(d) || clang_getCursorKind(d) != CXCursor_FunctionDecl)
    return -1;
  char *usr = wp_usr(d);
  int id = wp_intern(&b->p->strs, usr);
  free(usr);
  return id;
}

static void set_args(wp_node *n, const int *keys, int count)
{
  n->args = wp_xcalloc((size_t)(count > 0 ? count : 1), sizeof *n->args);
  for (int i = 0; i < count; i++)
    n->args[i] = keys[i];
  n->nargs = count;
}

static int base_key(wp_builder *b, CXCursor e);

/* q[i], s->items[i].q: one object per element */
static int has_var_index(wp_builder *b, CXCursor e)
{
  for (int guard = 0; guard < 32; guard++) {
    e = wp_strip(e);
    enum CXCursorKind k = clang_getCursorKind(e);
    wp_cursors cs = wp_children(e);
    if (cs.n == 0) {
      wp_cursors_free(&cs);
      return 0;
    }
    long long v;
    if (k == CXCursor_ArraySubscriptExpr && cs.n == 2 && !wp_eval_int(cs.v[1], &v)) {
      wp_cursors_free(&cs);
      return 1;
    }
    if (k != CXCursor_ArraySubscriptExpr && k != CXCursor_MemberRefExpr && k != CXCursor_UnaryOperator) {
      wp_cursors_free(&cs);
      return 0;
    }
    e = cs.v[0];
    wp_cursors_free(&cs);
  }
  (void)b;
  return 0;
}

static int has_var_index(wp_builder *b, CXCursor e);

static void fill_spawn(wp_builder *b, int n, const struct api *a, CXCursor *arg, int nargs, CXCursor fn)
{
  wp_node *nd = &b->fn->nodes[n];
  nd->spawn_kind = a->spawn;
  int fi = -1, ai = -1, oi = -1;
  switch (a->spawn) {
  case SPAWN_GO: fi = 0; ai = 1; break;
  case SPAWN_WG_GO: oi = 0; fi = 1; ai = 2; break;
  case SPAWN_POOL: oi = 0; fi = 1; ai = 2; break;
  case SPAWN_PTHREAD: oi = 0; fi = 2; ai = 3; break;
  case SPAWN_THRD: oi = 0; fi = 1; ai = 2; break;
  }
  if (a == &spawner_api)
    fi = b->spawner_fi, ai = b->spawner_ai;
  if (clang_Cursor_isNull(fn) && fi < nargs)
    fn = arg[fi];
  int fk = clang_Cursor_isNull(fn) ? -1 : fn_key_of(b, fn);
  int ak = ai < nargs ? wp_key_of(b, arg[ai]) : -1;
  int ok = oi >= 0 && oi < nargs ? wp_key_of(b, arg[oi]) : -1;
  int atype = -1, fname = -1;
  if (ai < nargs) {
    char *r = wp_record_usr(clang_getCursorType(wp_strip(arg[ai])));
    if (r != NULL) {
      atype = wp_intern(&b->p->strs, r);
      free(r);
    }
  }
  if (!clang_Cursor_isNull(fn)) {
    char *s = wp_spelling(wp_strip_addr(b->tu, fn));
    fname = wp_intern(&b->p->strs, s);
    free(s);
  }
  nd = &b->fn->nodes[n];
  nd->callee = fk;
  nd->callee_name = fname;
  nd->obj2 = ok;
  nd->arg_type = atype;
  nd->indexed = ai < nargs && has_var_index(b, arg[ai]);
  set_args(nd, &ak, 1);
}

static int api_call(wp_builder *b, CXCursor call, const struct api *a, wp_cursors *cs)
{
  int nargs = cs->n - 1;
  CXCursor *arg = cs->v + 1;
  int n = wp_emit(b, a->op, call);
  wp_node *nd = &b->fn->nodes[n];
  switch (a->shape) {
  case A_OBJ:
    if (nargs >= 1) {
      nd->obj = wp_key_of(b, arg[0]);
      nd->indexed = has_var_index(b, arg[0]);
      nd->base = base_key(b, arg[0]);
      if ((a->op == OP_RECV || a->op == OP_RECV_LOOP) && nargs >= 2)
        nd->lhs = wp_key_of(b, arg[1]);
    }
    if (a->op == OP_RECV || a->op == OP_RECV_LOOP) {
      nd->until_closed = a->op == OP_RECV_LOOP || (b->nloops > 0 && b->loops[b->nloops - 1].open);
      /* a receive with a timeout (try_recv: 0) does not wait for the close */
      long long t;
      if (strcmp(a->name, "wp_queue_try_recv") == 0 || strcmp(a->name, "wp_queue_recv_timeout") == 0 ||
          (strcmp(a->name, "wp__queue_recv_at") == 0 && (nargs < 3 || !wp_eval_int(arg[2], &t) || t >= 0)))
        nd->until_closed = 0, nd->timed = 1;
    }
    if (a->op == OP_WG_WAIT || a->op == OP_POOL_WAIT) {
      long long t;
      if (strcmp(a->name, "wp_wg_wait_timeout") == 0 || strcmp(a->name, "wp_pool_wait_timeout") == 0 ||
          ((strcmp(a->name, "wp__wg_wait_at") == 0 || strcmp(a->name, "wp__pool_wait_at") == 0) &&
           (nargs < 2 || !wp_eval_int(arg[1], &t) || t >= 0)))
        nd->timed = 1; /* may return before the counter is zero */
    }
    if (a->op == OP_LOCK)
      b->lock_seen = 1;
    break;
  case A_ADD:
  case A_DONE:
    if (nargs >= 1)
      nd->obj = wp_key_of(b, arg[0]);
    if (a->shape == A_DONE) {
      nd->op = OP_WG_DONE;
    } else if (nargs >= 2) {
      long long v;
      if (wp_eval_int(arg[1], &v)) {
        nd->delta = (int)v;
        nd->delta_known = 1;
        if (v < 0)
          nd->op = OP_WG_DONE;
      }
    }
    break;
  case A_NEW:
    break;
  case A_SELECT:
    if (nargs >= 1) {
      CXCursor c0 = wp_strip_addr(b->tu, arg[0]);
      int var = wp_key_of(b, c0);
      wp_case_table *t = NULL;
      if (var >= 0) {
        t = case_table(b, var);
      } else if (clang_getCursorKind(c0) == CXCursor_CompoundLiteralExpr) {
        wp_case_table tmp = {-1, NULL, 0, 0};
        wp_cursors in = wp_children(c0);
        for (int i = 0; i < in.n; i++)
          if (clang_getCursorKind(in.v[i]) == CXCursor_InitListExpr) {
            wp_cursors el = wp_children(in.v[i]);
            for (int j = 0; j < el.n; j++)
              if (clang_getCursorKind(wp_strip(el.v[j])) == CXCursor_InitListExpr)
                case_from_init(b, wp_strip(el.v[j]), &tmp);
            wp_cursors_free(&el);
          }
        wp_cursors_free(&in);
        nd = &b->fn->nodes[n];
        nd->cases = tmp.cases;
        nd->ncases = tmp.n;
      }
      nd = &b->fn->nodes[n];
      if (t != NULL && t->n > 0) {
        nd->cases = wp_xcalloc((size_t)t->n, sizeof *nd->cases);
        memcpy(nd->cases, t->cases, (size_t)t->n * sizeof *nd->cases);
        nd->ncases = t->n;
      }
      nd->until_closed = b->nloops > 0 && (b->loops[b->nloops - 1].open || b->loops[b->nloops - 1].eclosed);
    }
    break;
  case A_SPAWN: {
    /* wp_go(i == 0 ? lead : follower, arg): one spawn per candidate */
    CXCursor cand[2];
    int ncand = 0;
    int fi = a == &spawner_api ? b->spawner_fi : a->spawn == SPAWN_GO ? 0 : a->spawn == SPAWN_PTHREAD ? 2 : 1;
    if (fi < nargs) {
      CXCursor f = wp_strip(arg[fi]);
      if (clang_getCursorKind(f) == CXCursor_ConditionalOperator) {
        wp_cursors cc = wp_children(f);
        if (cc.n == 3) {
          cand[0] = cc.v[1];
          cand[1] = cc.v[2];
          ncand = 2;
        }
        wp_cursors_free(&cc);
      }
    }
    if (ncand == 0) {
      fill_spawn(b, n, a, arg, nargs, clang_getNullCursor());
      break;
    }
    /* turn n into a branch over the candidates */
    b->fn->nodes[n].kind = NK_BRANCH;
    b->fn->nodes[n].op = OP_NONE;
    b->fn->nodes[n].guarded = 1; /* a choice of thread function */
    int j = wp_node_new(b->fn, NK_JOIN);
    int first = -1;
    for (int k = 0; k < ncand; k++) {
      b->cur = n;
      int m = wp_emit(b, OP_SPAWN, call);
      fill_spawn(b, m, a, arg, nargs, cand[k]);
      b->fn->nodes[m].guarded = 1; /* which one runs depends on the path */
      wp_edge(b->fn, m, j);
      if (first < 0)
        first = m;
    }
    b->cur = j;
    return first;
  }
  }
  wp_fix_api_call(b, n, call, arg, nargs); /* facts_fix.c: what a fix-it needs of an add or a spawn */
  return n;
}

static int in_system_header(CXCursor d)
{
  return clang_Location_isInSystemHeader(clang_getCursorLocation(d));
}

static int call_expr(wp_builder *b, CXCursor call)
{
  wp_cursors cs = wp_children(call);
  for (int i = 1; i < cs.n; i++)
    wp_expr(b, cs.v[i]);
  CXCursor target = wp_call_target(call);
  int n = -1;
  if (clang_Cursor_isNull(target)) {
    wp_cursors_free(&cs);
    return -1;
  }
  char *name = wp_spelling(target);
  const struct api *a = find_api(b, name);
  if (a != NULL) {
    n = api_call(b, call, a, &cs);
  } else {
    int is_exit = 0;
    for (int i = 0; exit_names[i] && !is_exit; i++)
      is_exit = strcmp(name, exit_names[i]) == 0;
    if (!is_exit)
      is_exit = wp_decl_noreturn(b->tu, target);
    if (is_exit) {
      n = wp_emit(b, OP_EXIT, call);
      b->cur = -1;
    } else if (strcmp(name, "pthread_once") == 0 || strcmp(name, "call_once") == 0) {
      /* the function runs once: a call that is guarded */
      n = wp_emit(b, OP_CALL, call);
      int fk = cs.n > 2 ? fn_key_of(b, cs.v[2]) : -1;
      b->fn->nodes[n].callee = fk;
      b->fn->nodes[n].guarded = 1;
    } else if (!in_system_header(target)) {
      n = wp_emit(b, OP_CALL, call);
      char *usr = wp_usr(target);
      int keys[32];
      int count = cs.n - 1 < 32 ? cs.n - 1 : 32;
      for (int i = 0; i < count; i++) {
        keys[i] = wp_key_of(b, cs.v[i + 1]);
        CXType t = clang_getCursorType(cs.v[i + 1]);
        if (wp_type_holds_wg(t) && wp_is_copy_source(cs.v[i + 1]))
          wp_note_copy(b, cs.v[i + 1], COPY_ARG, t, wp_intern(&b->p->strs, name));
      }
      wp_node *nd = &b->fn->nodes[n];
      nd->callee = wp_intern(&b->p->strs, usr);
      nd->callee_name = wp_intern(&b->p->strs, name);
      set_args(nd, keys, count);
      free(usr);
      wp_fix_user_call(b, n, call, target, cs.v + 1, count);
    } else {
      for (int i = 1; i < cs.n; i++) {
        CXType t = clang_getCursorType(cs.v[i]);
        if (wp_type_holds_wg(t) && wp_is_copy_source(cs.v[i]))
          wp_note_copy(b, cs.v[i], COPY_ARG, t, wp_intern(&b->p->strs, name));
      }
    }
  }
  free(name);
  wp_cursors_free(&cs);
  return n;
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
static int base_key(wp_builder *b, CXCursor e)
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
    store_result(b, n, lk, base_key(b, lhs));
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
        wp_case_table *t = case_table(b, var);
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
    return call_expr(b, e);
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
    CXCursor t = wp_call_target(e);
    if (!clang_Cursor_isNull(t)) {
      char *name = wp_spelling(t);
      const struct api *a = find_api(b, name);
      free(name);
      if (a != NULL && (a->op == OP_RECV || a->op == OP_RECV_LOOP || a->op == OP_SELECT))
        return 1;
    }
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
