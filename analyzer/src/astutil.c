#include "astutil.h"

#include <stdlib.h>
#include <string.h>

static enum CXChildVisitResult collect(CXCursor c, CXCursor parent, CXClientData data)
{
  (void)parent;
  wp_cursors *cs = data;
  WP_PUSH(cs->v, cs->n, cs->cap, c);
  return CXChildVisit_Continue;
}

wp_cursors wp_children(CXCursor c)
{
  wp_cursors cs = {NULL, 0, 0};
  if (!clang_Cursor_isNull(c))
    clang_visitChildren(c, collect, &cs);
  return cs;
}

void wp_cursors_free(wp_cursors *cs)
{
  free(cs->v);
  cs->v = NULL;
  cs->n = cs->cap = 0;
}

static int is_expr_kind(enum CXCursorKind k)
{
  return clang_isExpression(k);
}

CXCursor wp_strip(CXCursor c)
{
  for (int guard = 0; guard < 64; guard++) {
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr && k != CXCursor_CStyleCastExpr)
      return c;
    wp_cursors cs = wp_children(c);
    /* a C cast has a TypeRef child before the operand */
    CXCursor next = clang_getNullCursor();
    int nexpr = 0;
    for (int i = 0; i < cs.n; i++)
      if (is_expr_kind(clang_getCursorKind(cs.v[i]))) {
        next = cs.v[i];
        nexpr++;
      }
    int designator = cs.n > 0 && clang_getCursorKind(cs.v[0]) == CXCursor_MemberRef;
    wp_cursors_free(&cs);
    if (nexpr != 1 || designator)
      return c;
    c = next;
  }
  return c;
}

CXCursor wp_strip_addr(CXTranslationUnit tu, CXCursor c)
{
  for (int guard = 0; guard < 64; guard++) {
    c = wp_strip(c);
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k == CXCursor_UnaryOperator) {
      enum wp_unop u = wp_unop_kind(tu, c);
      if (u != UO_ADDR && u != UO_DEREF && u != UO_UNKNOWN)
        return c;
    } else if (k != CXCursor_ArraySubscriptExpr) {
      return c;
    }
    wp_cursors cs = wp_children(c);
    if (cs.n == 0) {
      wp_cursors_free(&cs);
      return c;
    }
    c = cs.v[0];
    wp_cursors_free(&cs);
  }
  return c;
}

wp_loc wp_location(wp_strtab *t, CXSourceLocation l)
{
  wp_loc loc = {-1, 0, 0};
  CXFile file = NULL;
  unsigned line = 0, col = 0, off = 0;
  clang_getExpansionLocation(l, &file, &line, &col, &off);
  if (file != NULL) {
    CXString s = clang_getFileName(file);
    const char *cs = clang_getCString(s);
    if (cs != NULL)
      loc.file = wp_intern(t, cs);
    clang_disposeString(s);
  }
  loc.line = (int)line;
  loc.col = (int)col;
  return loc;
}

wp_loc wp_cursor_loc(wp_strtab *t, CXCursor c)
{
  return wp_location(t, clang_getCursorLocation(c));
}

wp_loc wp_cursor_last(wp_strtab *t, CXCursor c)
{
  CXSourceRange r = clang_getCursorExtent(c);
  wp_loc loc = wp_location(t, clang_getRangeEnd(r));
  if (loc.col > 1)
    loc.col--;
  return loc;
}

int wp_cursor_in_macro(CXCursor c)
{
  CXSourceLocation l = clang_getCursorLocation(c);
  CXFile f1 = NULL, f2 = NULL;
  unsigned o1 = 0, o2 = 0;
  clang_getExpansionLocation(l, &f1, NULL, NULL, &o1);
  clang_getSpellingLocation(l, &f2, NULL, NULL, &o2);
  return f1 != f2 || o1 != o2;
}

static char *take(CXString s)
{
  const char *cs = clang_getCString(s);
  char *r = wp_xstrdup(cs ? cs : "");
  clang_disposeString(s);
  return r;
}

char *wp_spelling(CXCursor c) { return take(clang_getCursorSpelling(c)); }
char *wp_usr(CXCursor c) { return take(clang_getCursorUSR(c)); }
char *wp_type_name(CXType t) { return take(clang_getTypeSpelling(t)); }
char *wp_cursor_kind_name(CXCursor c) { return take(clang_getCursorKindSpelling(clang_getCursorKind(c))); }

#if CINDEX_VERSION_MINOR < 64
/* Offset of a location in its file (after macro expansion). */
static unsigned offset_of(CXSourceLocation l)
{
  unsigned off = 0;
  clang_getExpansionLocation(l, NULL, NULL, NULL, &off);
  return off;
}

/* The spelling of the first token at or after `from` within c's extent. */
static char *token_at(CXTranslationUnit tu, CXCursor c, unsigned from, int last)
{
  CXToken *toks = NULL;
  unsigned n = 0;
  clang_tokenize(tu, clang_getCursorExtent(c), &toks, &n);
  char *r = NULL;
  for (unsigned i = 0; i < n && r == NULL; i++) {
    unsigned idx = last ? n - 1 - i : i;
    if (clang_getTokenKind(toks[idx]) != CXToken_Punctuation)
      continue;
    if (!last && offset_of(clang_getTokenLocation(tu, toks[idx])) < from)
      continue;
    r = take(clang_getTokenSpelling(tu, toks[idx]));
  }
  if (toks != NULL)
    clang_disposeTokens(tu, toks, n);
  return r;
}
#endif

#if CINDEX_VERSION_MINOR < 64 /* only the token-reading path needs these */
/* The start / end of an expression's extent, found at its first / last
 * operand for a binary operator: libclang computes a binary operator's
 * extent by walking down its operands, so asking it at every level of a
 * chain a + b + ... + z (or a = b = ... = z) would be quadratic. */
static int is_binop_kind(enum CXCursorKind k)
{
  return k == CXCursor_BinaryOperator || k == CXCursor_CompoundAssignOperator;
}

static CXCursor binop_edge(CXCursor e, int last)
{
  while (is_binop_kind(clang_getCursorKind(e))) {
    wp_cursors cs = wp_children(e);
    int ok = cs.n == 2;
    if (ok)
      e = cs.v[last ? 1 : 0];
    wp_cursors_free(&cs);
    if (!ok)
      break;
  }
  return e;
}
#endif

enum wp_binop wp_binop_kind(CXTranslationUnit tu, CXCursor c)
{
  if (clang_getCursorKind(c) != CXCursor_BinaryOperator)
    return BO_OTHER;
#if CINDEX_VERSION_MINOR >= 64
  (void)tu;
  switch (clang_getCursorBinaryOperatorKind(c)) {
  case CXBinaryOperator_Assign: return BO_ASSIGN;
  case CXBinaryOperator_EQ: return BO_EQ;
  case CXBinaryOperator_NE: return BO_NE;
  case CXBinaryOperator_LAnd: return BO_LAND;
  case CXBinaryOperator_LOr: return BO_LOR;
  case CXBinaryOperator_Comma: return BO_COMMA;
  case CXBinaryOperator_LT: return BO_LT;
  case CXBinaryOperator_LE: return BO_LE;
  case CXBinaryOperator_GT: return BO_GT;
  case CXBinaryOperator_GE: return BO_GE;
  case CXBinaryOperator_Invalid: return BO_UNKNOWN;
  default: return BO_OTHER;
  }
#else
  /* the operator is the last token before the right operand (a file range
   * from the expansion points: operands written with macros work too) */
  wp_cursors cs = wp_children(c);
  if (cs.n != 2) {
    wp_cursors_free(&cs);
    return BO_UNKNOWN;
  }
  /* The operator lies between the end of the left operand and the start
   * of the right one; only that is tokenized (not the whole expression:
   * in a chain a + b + ... + z everything would be tokenized again at
   * every level). */
  CXFile f1 = NULL, f2 = NULL, fs = NULL;
  unsigned o1 = 0, o2 = 0, os = 0;
  clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(binop_edge(cs.v[1], 0))), &f2, NULL, NULL,
                             &o2);
  CXSourceLocation lhs_end = clang_getRangeEnd(clang_getCursorExtent(binop_edge(cs.v[0], 1)));
  clang_getExpansionLocation(lhs_end, &f1, NULL, NULL, &o1);
  clang_getSpellingLocation(lhs_end, &fs, NULL, NULL, &os);
  if (f1 == NULL || f1 != f2 || fs != f1 || os != o1 || o2 < o1) {
    /* from a macro: from the start of the expression's expansion */
    clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(c)), &f1, NULL, NULL, &o1);
  }
  wp_cursors_free(&cs);
  if (f1 == NULL || f1 != f2 || o2 <= o1)
    return BO_UNKNOWN;
  CXSourceRange r = clang_getRange(clang_getLocationForOffset(tu, f1, o1), clang_getLocationForOffset(tu, f1, o2));
  CXToken *toks = NULL;
  unsigned n = 0;
  clang_tokenize(tu, r, &toks, &n);
  enum wp_binop k = BO_UNKNOWN;
  for (unsigned i = n; i-- > 0;) {
    if (offset_of(clang_getTokenLocation(tu, toks[i])) >= o2)
      continue;
    if (clang_getTokenKind(toks[i]) != CXToken_Punctuation)
      break;
    char *op = take(clang_getTokenSpelling(tu, toks[i]));
    if (strcmp(op, "=") == 0) k = BO_ASSIGN;
    else if (strcmp(op, "==") == 0) k = BO_EQ;
    else if (strcmp(op, "!=") == 0) k = BO_NE;
    else if (strcmp(op, "&&") == 0) k = BO_LAND;
    else if (strcmp(op, "||") == 0) k = BO_LOR;
    else if (strcmp(op, ",") == 0) k = BO_COMMA;
    else if (strcmp(op, "<") == 0) k = BO_LT;
    else if (strcmp(op, "<=") == 0) k = BO_LE;
    else if (strcmp(op, ">") == 0) k = BO_GT;
    else if (strcmp(op, ">=") == 0) k = BO_GE;
    else k = BO_OTHER;
    free(op);
    break;
  }
  if (toks != NULL)
    clang_disposeTokens(tu, toks, n);
  return k;
#endif
}

enum wp_unop wp_unop_kind(CXTranslationUnit tu, CXCursor c)
{
  if (clang_getCursorKind(c) != CXCursor_UnaryOperator)
    return UO_OTHER;
#if CINDEX_VERSION_MINOR >= 64
  (void)tu;
  switch (clang_getCursorUnaryOperatorKind(c)) {
  case CXUnaryOperator_LNot: return UO_LNOT;
  case CXUnaryOperator_AddrOf: return UO_ADDR;
  case CXUnaryOperator_Deref: return UO_DEREF;
  case CXUnaryOperator_Minus: return UO_MINUS;
  case CXUnaryOperator_Invalid: return UO_UNKNOWN;
  default: return UO_OTHER;
  }
#else
  if (wp_cursor_in_macro(c))
    return UO_UNKNOWN;
  unsigned from = offset_of(clang_getRangeStart(clang_getCursorExtent(c)));
  char *op = token_at(tu, c, from, 0);
  enum wp_unop k = UO_UNKNOWN;
  if (op != NULL) {
    /* a prefix operator is the extent's first token */
    CXToken *toks = NULL;
    unsigned n = 0;
    clang_tokenize(tu, clang_getCursorExtent(c), &toks, &n);
    int first_is_punct = n > 0 && clang_getTokenKind(toks[0]) == CXToken_Punctuation;
    if (toks != NULL)
      clang_disposeTokens(tu, toks, n);
    if (!first_is_punct) k = UO_OTHER; /* postfix ++/-- */
    else if (strcmp(op, "!") == 0) k = UO_LNOT;
    else if (strcmp(op, "&") == 0) k = UO_ADDR;
    else if (strcmp(op, "*") == 0) k = UO_DEREF;
    else if (strcmp(op, "-") == 0) k = UO_MINUS;
    else k = UO_OTHER;
  }
  free(op);
  return k;
#endif
}

int wp_eval_int(CXCursor c, long long *out)
{
  if (!clang_isExpression(clang_getCursorKind(c)))
    return 0;
  CXEvalResult r = clang_Cursor_Evaluate(c);
  if (r == NULL)
    return 0;
  int ok = 0;
  if (clang_EvalResult_getKind(r) == CXEval_Int) {
    *out = clang_EvalResult_getAsLongLong(r);
    ok = 1;
  }
  clang_EvalResult_dispose(r);
  return ok;
}

int wp_is_null_constant(CXCursor c)
{
  c = wp_strip(c);
  long long v;
  if (clang_getCursorKind(c) == CXCursor_IntegerLiteral)
    return wp_eval_int(c, &v) && v == 0;
  if (clang_getCursorKind(c) == CXCursor_GNUNullExpr)
    return 1;
  return 0;
}

static int holds_wg(CXType t, int depth);

struct field_scan {
  int found;
  int depth;
};

static enum CXVisitorResult scan_field(CXCursor field, CXClientData data)
{
  struct field_scan *s = data;
  if (holds_wg(clang_getCursorType(field), s->depth + 1)) {
    s->found = 1;
    return CXVisit_Break;
  }
  return CXVisit_Continue;
}

static int holds_wg(CXType t, int depth)
{
  if (depth > 8)
    return 0;
  t = clang_getCanonicalType(t);
  if (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray)
    return holds_wg(clang_getArrayElementType(t), depth + 1);
  if (t.kind != CXType_Record)
    return 0;
  CXCursor decl = clang_getTypeDeclaration(t);
  char *name = wp_spelling(decl);
  int is_wg = strcmp(name, "wp_wg") == 0;
  free(name);
  if (is_wg)
    return 1;
  struct field_scan s = {0, depth};
  clang_Type_visitFields(t, scan_field, &s);
  return s.found;
}

int wp_type_holds_wg(CXType t) { return holds_wg(t, 0); }

int wp_type_inner(CXType t, CXType *inner)
{
  t = clang_getCanonicalType(t);
  if (t.kind == CXType_Pointer)
    *inner = clang_getPointeeType(t);
  else if (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray)
    *inner = clang_getArrayElementType(t);
  else
    return 0;
  return 1;
}

static CXType record_behind(CXType t)
{
  for (int i = 0; i < 8 && wp_type_inner(t, &t); i++) {
  }
  return clang_getCanonicalType(t);
}

char *wp_record_usr(CXType t)
{
  t = record_behind(t);
  if (t.kind != CXType_Record)
    return NULL;
  return wp_usr(clang_getTypeDeclaration(t));
}

char *wp_record_name(CXType t)
{
  t = record_behind(t);
  if (t.kind != CXType_Record)
    return NULL;
  return wp_spelling(clang_getTypeDeclaration(t));
}

int wp_type_is_pointer(CXType t)
{
  t = clang_getCanonicalType(t);
  return t.kind == CXType_Pointer;
}

CXCursor wp_call_target(CXCursor call)
{
  CXCursor ref = clang_getCursorReferenced(call);
  if (!clang_Cursor_isNull(ref) && clang_getCursorKind(ref) == CXCursor_FunctionDecl)
    return ref;
  /* (wp_queue_send)(q, e): the callee is a parenthesised function name */
  wp_cursors cs = wp_children(call);
  CXCursor r = clang_getNullCursor();
  if (cs.n > 0) {
    CXCursor callee = wp_strip(cs.v[0]);
    if (clang_getCursorKind(callee) == CXCursor_DeclRefExpr) {
      CXCursor d = clang_getCursorReferenced(callee);
      if (!clang_Cursor_isNull(d) && clang_getCursorKind(d) == CXCursor_FunctionDecl)
        r = d;
    }
  }
  wp_cursors_free(&cs);
  return r;
}

int wp_decl_noreturn(CXTranslationUnit tu, CXCursor fn)
{
  CXSourceRange r = clang_getCursorExtent(fn);
  CXToken *toks = NULL;
  unsigned n = 0;
  clang_tokenize(tu, r, &toks, &n);
  int found = 0;
  for (unsigned i = 0; i < n && !found; i++) {
    if (clang_getTokenKind(toks[i]) == CXToken_Punctuation) {
      char *s = take(clang_getTokenSpelling(tu, toks[i]));
      int brace = strcmp(s, "{") == 0;
      free(s);
      if (brace)
        break; /* the body starts: the specifiers are behind us */
      continue;
    }
    char *s = take(clang_getTokenSpelling(tu, toks[i]));
    if (strcmp(s, "_Noreturn") == 0 || strcmp(s, "noreturn") == 0 || strcmp(s, "__noreturn__") == 0)
      found = 1;
    free(s);
  }
  if (toks != NULL)
    clang_disposeTokens(tu, toks, n);
  return found;
}
