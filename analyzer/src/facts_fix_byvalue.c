/* Facts for fix-its, waitgroups by value: the by-value wp_wg parameters of
 * a definition and arguments of a call, with the edits that make them
 * pointers; then, per file, the prototypes that must change with a
 * definition and the functions whose address is taken (ir.h's marks).  Read
 * from the file's text as facts_fix.c says. */
#include <stdlib.h>
#include <string.h>

#include "facts_fix_int.h"

/* ---- waitgroups by value ------------------------------------------------- */

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
static wp_edit arg_edit(const wp_text *t, CXCursor arg, long ws, long we)
{
  CXCursor e = arg;
  for (int guard = 0; guard < 8 && wp_kind(e) == CXCursor_UnexposedExpr; guard++) {
    wp_cursors cs = wp_children(e);
    CXCursor next = cs.n == 1 ? cs.v[0] : clang_getNullCursor();
    wp_cursors_free(&cs);
    if (clang_Cursor_isNull(next))
      return wp_no_edit;
    e = next;
  }
  long s, en;
  if (!wp_span(t, e, &s, &en) || s != ws || en != we)
    return wp_no_edit;
  enum CXCursorKind k = wp_kind(e);
  if (k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr || k == CXCursor_ArraySubscriptExpr ||
      k == CXCursor_ParenExpr || k == CXCursor_CompoundLiteralExpr)
    return wp_edit_at(t, s, s, "&");
  if (k == CXCursor_UnaryOperator && s < en && t->s[s] == '*') {
    wp_cursors cs = wp_children(e);
    long os = -1, oe = -1;
    int ok = cs.n == 1 && wp_span(t, cs.v[0], &os, &oe) && os > s && oe == en;
    wp_cursors_free(&cs);
    if (ok)
      return wp_edit_at(t, s, os, "");
  }
  return wp_no_edit;
}

void wp_fix_user_call(wp_builder *b, int n, CXCursor call, CXCursor target, const CXCursor *args, int nargs)
{
  int any = 0;
  for (int i = 0; i < nargs && !any; i++)
    any = is_wg_value(clang_getCursorType(args[i]));
  if (!any)
    return;
  wp_node_fix *x = wp_fix_node(b, n);
  wp_text t;
  long s, e;
  wp_written_call w;
  int written = wp_main_text(b, &t) && wp_span(&t, call, &s, &e) && wp_read_call(&t, s, e, &w) && w.nargs == nargs;
  if (written) {
    char *name = wp_spelling(target);
    written = wp_call_name_is(&t, &w, name);
    free(name);
  }
  for (int i = 0; i < nargs; i++) {
    if (!is_wg_value(clang_getCursorType(args[i])))
      continue;
    wp_loc at = wp_cursor_loc(&b->p->strs, args[i]);
    wp_wg_arg g = {i, at.line, at.col, wp_no_edit};
    if (written)
      g.edit = arg_edit(&t, args[i], w.arg_s[i], w.arg_e[i]);
    WP_PUSH(x->wgargs, x->nwgargs, x->capwgargs, g);
  }
}

/* `wp_wg wg` -> `wp_wg *wg`, `wp_wg` -> `wp_wg *` (also `struct wp_wg`) */
static wp_edit param_edit(const wp_text *t, CXCursor pc)
{
  long s, e;
  if (!wp_span(t, pc, &s, &e))
    return wp_no_edit;
  long i = s;
  if (wp_word_at(t, i, e, "struct")) {
    i += 6;
    if (i >= e || !wp_space(t->s[i]))
      return wp_no_edit;
    i = wp_skip_space(t, i, e);
  }
  if (!wp_word_at(t, i, e, "wp_wg"))
    return wp_no_edit;
  i += 5;
  if (i == e)
    return wp_edit_at(t, e, e, " *");
  long j = wp_skip_space(t, i, e);
  char *name = wp_spelling(pc);
  size_t n = strlen(name);
  int named = j > i && n > 0 && (size_t)(e - j) == n && memcmp(t->s + j, name, n) == 0;
  free(name);
  return named ? wp_edit_at(t, j, j, "*") : wp_no_edit;
}

struct uses {
  const wp_text *t;
  CXCursor param;
  const char *name;
  wp_edits *edits;
  int ok;
};

/* a use of the parameter once it is a pointer: `&wg` -> `wg`, `wg.f` ->
 * `wg->f`; anything else has no mechanical rewrite */
static wp_edit use_edit(const struct uses *u, CXCursor ref, CXCursor parent)
{
  const wp_text *t = u->t;
  long ds, de, ps, pe;
  size_t n = strlen(u->name);
  if (!wp_span(t, ref, &ds, &de) || (size_t)(de - ds) != n || memcmp(t->s + ds, u->name, n) != 0)
    return wp_no_edit;
  if (wp_kind(parent) == CXCursor_UnaryOperator) {
    if (!wp_span(t, parent, &ps, &pe) || pe != de || ps >= ds || t->s[ps] != '&' ||
        wp_skip_space(t, ps + 1, ds) != ds)
      return wp_no_edit;
    return wp_edit_at(t, ps, de, u->name);
  }
  if (wp_kind(parent) == CXCursor_MemberRefExpr) {
    long m = wp_offset_of(t, clang_getCursorLocation(parent));
    long i = wp_skip_space(t, de, m);
    if (m < de || i >= m || t->s[i] != '.' || wp_skip_space(t, i + 1, m) != m)
      return wp_no_edit;
    return wp_edit_at(t, de, m, "->");
  }
  return wp_no_edit;
}

static enum CXChildVisitResult use_visit(CXCursor c, CXCursor parent, CXClientData data)
{
  struct uses *u = data;
  if (wp_kind(c) != CXCursor_DeclRefExpr || !clang_equalCursors(clang_getCursorReferenced(c), u->param))
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
  wp_text t;
  int have = np > 0 && wp_main_text(b, &t);
  for (int i = 0; i < np; i++) {
    CXCursor pc = clang_Cursor_getArgument(fn, (unsigned)i);
    if (!is_wg_value(clang_getCursorType(pc)))
      continue;
    wp_loc at = wp_cursor_loc(&b->p->strs, pc);
    wp_wg_param g = {i, at.line, at.col, 0, {NULL, 0, 0}};
    wp_edit pe = have ? param_edit(&t, pc) : wp_no_edit;
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
static void prototype(wp_builder *b, const wp_text *t, CXCursor fn, int in_main)
{
  int np = clang_Cursor_getNumArguments(fn);
  char *usr = NULL;
  for (int i = 0; i < np; i++) {
    CXCursor pc = clang_Cursor_getArgument(fn, (unsigned)i);
    if (!is_wg_value(clang_getCursorType(pc)))
      continue;
    if (usr == NULL)
      usr = wp_usr(fn);
    wp_edit e = in_main && t != NULL ? param_edit(t, pc) : wp_no_edit;
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
  return wp_kind(c) == CXCursor_DeclRefExpr && wp_kind(clang_getCursorReferenced(c)) == CXCursor_FunctionDecl;
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
  switch (wp_kind(c)) {
  case CXCursor_CallExpr:
    call_refs(r, c);
    return CXChildVisit_Continue;
  case CXCursor_DeclRefExpr: {
    CXCursor f = clang_getCursorReferenced(c);
    if (wp_kind(f) == CXCursor_FunctionDecl) {
      char *usr = wp_usr(f);
      wp_mark(r->b->p, WP_MARK_ADDR, usr);
      free(usr);
    }
    return CXChildVisit_Continue;
  }
  case CXCursor_FunctionDecl:
    if (!clang_isCursorDefinition(c) && wp_kind(parent) != CXCursor_TranslationUnit)
      prototype(r->b, NULL, c, 0); /* a prototype inside a function */
    return CXChildVisit_Recurse;
  default:
    return CXChildVisit_Recurse;
  }
}

void wp_fix_unit(wp_builder *b)
{
  wp_text t;
  int have = wp_main_text(b, &t);
  struct refs r = {b};
  wp_cursors top = wp_children(clang_getTranslationUnitCursor(b->tu));
  for (int i = 0; i < top.n; i++) {
    CXCursor c = top.v[i];
    CXSourceLocation l = clang_getCursorLocation(c);
    if (clang_Location_isInSystemHeader(l))
      continue;
    int in_main = clang_Location_isFromMainFile(l);
    if (wp_kind(c) == CXCursor_FunctionDecl && !clang_isCursorDefinition(c))
      prototype(b, have ? &t : NULL, c, in_main);
    if (in_main)
      clang_visitChildren(c, ref_visit, &r);
  }
  wp_cursors_free(&top);
}
