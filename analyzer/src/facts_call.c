/* Facts extraction, calls: the wpool API (the site-passing wp__*_at entry
 * points and the plain functions) and the operation each call of it records,
 * spawns, the calls that do not return, and the calls of the program's own
 * functions with their argument keys and waitgroup copies. */
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

/* The API function call calls, NULL if none (or the call is indirect). */
static const struct api *call_api(wp_builder *b, CXCursor call)
{
  CXCursor t = wp_call_target(call);
  if (clang_Cursor_isNull(t))
    return NULL;
  char *name = wp_spelling(t);
  const struct api *a = find_api(b, name);
  free(name);
  return a;
}

int wp_call_api_op(wp_builder *b, CXCursor call)
{
  const struct api *a = call_api(b, call);
  return a != NULL ? a->op : OP_NONE;
}

int wp_spawn_fn_arg(wp_builder *b, CXCursor call)
{
  const struct api *a = call_api(b, call);
  if (a == NULL || a->op != OP_SPAWN)
    return -1;
  return a == &spawner_api ? b->spawner_fi : a->spawn == SPAWN_GO ? 0 : a->spawn == SPAWN_PTHREAD ? 2 : 1;
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
      nd->base = wp_base_key(b, arg[0]);
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
        t = wp_case_table_of(b, var);
      } else if (clang_getCursorKind(c0) == CXCursor_CompoundLiteralExpr) {
        wp_case_table tmp = {-1, NULL, 0, 0};
        wp_cursors in = wp_children(c0);
        for (int i = 0; i < in.n; i++)
          if (clang_getCursorKind(in.v[i]) == CXCursor_InitListExpr) {
            wp_cursors el = wp_children(in.v[i]);
            for (int j = 0; j < el.n; j++)
              if (clang_getCursorKind(wp_strip(el.v[j])) == CXCursor_InitListExpr)
                wp_case_from_init(b, wp_strip(el.v[j]), &tmp);
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

int wp_call_expr(wp_builder *b, CXCursor call)
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
