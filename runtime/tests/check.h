/* Assertions for the runtime tests.
 *
 * Every macro evaluates each argument exactly once and, on failure, prints
 * the expression, both values, the file and the line, then aborts (so that a
 * debugger or a core dump stops at the failing check).  The tests are plain
 * programs: main returns 0 when every check held.
 *
 *   CHECK(cond)               any condition
 *   CHECK_EQ/NE/LT/LE/GT/GE   signed integers (compared as intmax_t)
 *   CHECK_UEQ/UNE/ULT/ULE/UGT/UGE   unsigned integers (uintmax_t)
 *   CHECK_PTR_EQ/PTR_NE, CHECK_NULL, CHECK_NOT_NULL
 *   CHECK_STR_EQ              NUL-terminated strings (NULL-safe)
 *   CHECK_ST(expr, status)    a wpool status: prints wp_err_name of both
 *   CHECK_OK(expr)            CHECK_ST(expr, WP_OK)
 *   FAIL(fmt, ...)            unconditional failure with a message
 */
#ifndef WPOOL_TESTS_CHECK_H
#define WPOOL_TESTS_CHECK_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wpool.h"

#define CHECK__FAILED(...)                                                     \
  do {                                                                         \
    fprintf(stderr, __VA_ARGS__);                                              \
    fflush(stderr);                                                            \
    abort();                                                                   \
  } while (0)

#define FAIL(...)                                                              \
  do {                                                                         \
    fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__);                      \
    CHECK__FAILED(__VA_ARGS__);                                                \
  } while (0)

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond))                                                               \
      CHECK__FAILED("%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);   \
  } while (0)

#define CHECK__INT(a, op, b, sa, sb)                                           \
  do {                                                                         \
    intmax_t check_a_ = (intmax_t)(a);                                         \
    intmax_t check_b_ = (intmax_t)(b);                                         \
    if (!(check_a_ op check_b_))                                               \
      CHECK__FAILED("%s:%d: CHECK(%s %s %s) failed: %" PRIdMAX " %s %" PRIdMAX \
                    " is false\n",                                             \
                    __FILE__, __LINE__, sa, #op, sb, check_a_, #op, check_b_); \
  } while (0)

#define CHECK__UINT(a, op, b, sa, sb)                                          \
  do {                                                                         \
    uintmax_t check_a_ = (uintmax_t)(a);                                       \
    uintmax_t check_b_ = (uintmax_t)(b);                                       \
    if (!(check_a_ op check_b_))                                               \
      CHECK__FAILED("%s:%d: CHECK(%s %s %s) failed: %" PRIuMAX " %s %" PRIuMAX \
                    " is false\n",                                             \
                    __FILE__, __LINE__, sa, #op, sb, check_a_, #op, check_b_); \
  } while (0)

#define CHECK_EQ(a, b) CHECK__INT(a, ==, b, #a, #b)
#define CHECK_NE(a, b) CHECK__INT(a, !=, b, #a, #b)
#define CHECK_LT(a, b) CHECK__INT(a, <, b, #a, #b)
#define CHECK_LE(a, b) CHECK__INT(a, <=, b, #a, #b)
#define CHECK_GT(a, b) CHECK__INT(a, >, b, #a, #b)
#define CHECK_GE(a, b) CHECK__INT(a, >=, b, #a, #b)

#define CHECK_UEQ(a, b) CHECK__UINT(a, ==, b, #a, #b)
#define CHECK_UNE(a, b) CHECK__UINT(a, !=, b, #a, #b)
#define CHECK_ULT(a, b) CHECK__UINT(a, <, b, #a, #b)
#define CHECK_ULE(a, b) CHECK__UINT(a, <=, b, #a, #b)
#define CHECK_UGT(a, b) CHECK__UINT(a, >, b, #a, #b)
#define CHECK_UGE(a, b) CHECK__UINT(a, >=, b, #a, #b)

#define CHECK__PTR(a, op, b, sa, sb)                                           \
  do {                                                                         \
    const void *check_a_ = (const void *)(a);                                  \
    const void *check_b_ = (const void *)(b);                                  \
    if (!(check_a_ op check_b_))                                               \
      CHECK__FAILED("%s:%d: CHECK(%s %s %s) failed: %p %s %p is false\n",      \
                    __FILE__, __LINE__, sa, #op, sb, check_a_, #op, check_b_); \
  } while (0)

#define CHECK_PTR_EQ(a, b) CHECK__PTR(a, ==, b, #a, #b)
#define CHECK_PTR_NE(a, b) CHECK__PTR(a, !=, b, #a, #b)
#define CHECK_NULL(a) CHECK__PTR(a, ==, NULL, #a, "NULL")
#define CHECK_NOT_NULL(a) CHECK__PTR(a, !=, NULL, #a, "NULL")

#define CHECK_STR_EQ(a, b)                                                     \
  do {                                                                         \
    const char *check_a_ = (a);                                                \
    const char *check_b_ = (b);                                                \
    if (check_a_ == NULL || check_b_ == NULL || strcmp(check_a_, check_b_))    \
      CHECK__FAILED("%s:%d: CHECK_STR_EQ(%s, %s) failed: \"%s\" != \"%s\"\n",  \
                    __FILE__, __LINE__, #a, #b,                                \
                    check_a_ ? check_a_ : "(null)",                            \
                    check_b_ ? check_b_ : "(null)");                           \
  } while (0)

/* A wpool status (or a wp_select result, which may be an index >= 0). */
#define CHECK__ST(expr, expected, sexpr)                                       \
  do {                                                                         \
    int check_got_ = (int)(expr);                                              \
    int check_want_ = (int)(expected);                                         \
    if (check_got_ != check_want_)                                             \
      CHECK__FAILED("%s:%d: %s returned %d (%s), expected %d (%s)\n",          \
                    __FILE__, __LINE__, sexpr, check_got_,                     \
                    wp_err_name(check_got_), check_want_,                      \
                    wp_err_name(check_want_));                                 \
  } while (0)

#define CHECK_ST(expr, expected) CHECK__ST(expr, expected, #expr)
#define CHECK_OK(expr) CHECK__ST(expr, WP_OK, #expr)

#endif /* WPOOL_TESTS_CHECK_H */
