/* Small helpers: checked allocation, growable arrays, string interning. */
#ifndef WPCHECK_UTIL_H
#define WPCHECK_UTIL_H
#include <stddef.h>

void *wp_xmalloc(size_t n);
void *wp_xcalloc(size_t n, size_t size);
void *wp_xrealloc(void *p, size_t n);
char *wp_xstrdup(const char *s);
char *wp_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Appends one element to a growable array (ptr, len, cap are lvalues). */
#define WP_PUSH(ptr, len, cap, value)                                         \
  do {                                                                        \
    if ((len) == (cap)) {                                                     \
      (cap) = (cap) ? (cap) * 2 : 8;                                          \
      (ptr) = wp_xrealloc((ptr), (size_t)(cap) * sizeof *(ptr));              \
    }                                                                         \
    (ptr)[(len)++] = (value);                                                 \
  } while (0)

/* Interned strings: equal strings get the same small id (>= 0). */
typedef struct wp_strtab {
  char **strs;
  int len, cap;
  int *slots; /* open addressing: id + 1, 0 = empty */
  int nslots;
} wp_strtab;

int wp_intern(wp_strtab *t, const char *s);
int wp_intern_find(const wp_strtab *t, const char *s); /* -1 if absent */
const char *wp_str(const wp_strtab *t, int id);          /* "" for -1 */
void wp_strtab_free(wp_strtab *t);

/* Reads a whole file (NUL-terminated); NULL on error. */
char *wp_read_file(const char *path, size_t *len);

#endif
