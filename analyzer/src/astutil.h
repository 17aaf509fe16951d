/* Helpers over libclang cursors: children as arrays, stripping implicit
 * nodes, locations, operator kinds (portable to LLVM 14), constant values and
 * type questions. Every CXString is disposed here; callers get malloc'd
 * strings. */
#ifndef WPCHECK_ASTUTIL_H
#define WPCHECK_ASTUTIL_H
#include <clang-c/Index.h>

#include "ir.h"

typedef struct wp_cursors {
  CXCursor *v;
  int n, cap;
} wp_cursors;

wp_cursors wp_children(CXCursor c);
void wp_cursors_free(wp_cursors *cs);

/* Skips parentheses, implicit casts and C casts. */
CXCursor wp_strip(CXCursor c);
/* As wp_strip, and also & and * (an object and its address are one). */
CXCursor wp_strip_addr(CXTranslationUnit tu, CXCursor c);

wp_loc wp_cursor_loc(wp_strtab *t, CXCursor c);
wp_loc wp_location(wp_strtab *t, CXSourceLocation l);
/* The position of the last character of the cursor's extent. */
wp_loc wp_cursor_last(wp_strtab *t, CXCursor c);
int wp_cursor_in_macro(CXCursor c);

char *wp_spelling(CXCursor c);
char *wp_usr(CXCursor c);
char *wp_type_name(CXType t);
char *wp_cursor_kind_name(CXCursor c);

enum wp_binop { BO_OTHER, BO_UNKNOWN, BO_ASSIGN, BO_EQ, BO_NE, BO_LAND, BO_LOR, BO_COMMA, BO_LT, BO_LE, BO_GT, BO_GE };
enum wp_unop { UO_OTHER, UO_UNKNOWN, UO_LNOT, UO_ADDR, UO_DEREF, UO_MINUS };
enum wp_binop wp_binop_kind(CXTranslationUnit tu, CXCursor c);
enum wp_unop wp_unop_kind(CXTranslationUnit tu, CXCursor c);

/* 1 and *out if the expression is an integer constant. */
int wp_eval_int(CXCursor c, long long *out);
/* A null pointer constant (0, NULL, (void *)0). */
int wp_is_null_constant(CXCursor c);

/* Is the type (by value) a wp_wg or a struct/array holding one? */
int wp_type_holds_wg(CXType t);
/* If t is a pointer or an array: 1, and *inner its pointee or element. */
int wp_type_inner(CXType t, CXType *inner);
/* The USR of the record a (pointer to / array of) record type names, or
 * NULL. */
char *wp_record_usr(CXType t);
/* The declared name of the record/typedef behind t ("wp_case"), or NULL. */
char *wp_record_name(CXType t);
int wp_type_is_pointer(CXType t);

/* The referenced function's cursor of a call (null cursor if indirect). */
CXCursor wp_call_target(CXCursor call);
/* Does the declaration say it does not return (_Noreturn, noreturn
 * attribute)? */
int wp_decl_noreturn(CXTranslationUnit tu, CXCursor fn);

#endif
