#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
  fputs("wpcheck: out of memory\n", stderr);
  exit(2);
}

void *wp_xmalloc(size_t n)
{
  void *p = malloc(n ? n : 1);
  if (p == NULL)
    oom();
  return p;
}

void *wp_xcalloc(size_t n, size_t size)
{
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (p == NULL)
    oom();
  return p;
}

void *wp_xrealloc(void *p, size_t n)
{
  p = realloc(p, n ? n : 1);
  if (p == NULL)
    oom();
  return p;
}

char *wp_xstrdup(const char *s)
{
  size_t n = strlen(s) + 1;
  return memcpy(wp_xmalloc(n), s, n);
}

char *wp_xasprintf(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    return wp_xstrdup("");
  char *s = wp_xmalloc((size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return s;
}

static unsigned hash(const char *s)
{
  unsigned h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

int wp_intern_find(const wp_strtab *t, const char *s)
{
  if (t->nslots == 0)
    return -1;
  for (unsigned i = hash(s) & (unsigned)(t->nslots - 1);; i = (i + 1) & (unsigned)(t->nslots - 1)) {
    int id = t->slots[i] - 1;
    if (id < 0)
      return -1;
    if (strcmp(t->strs[id], s) == 0)
      return id;
  }
}

static void rehash(wp_strtab *t)
{
  int n = t->nslots ? t->nslots * 2 : 256;
  free(t->slots);
  t->slots = wp_xcalloc((size_t)n, sizeof *t->slots);
  t->nslots = n;
  for (int id = 0; id < t->len; id++) {
    unsigned i = hash(t->strs[id]) & (unsigned)(n - 1);
    while (t->slots[i])
      i = (i + 1) & (unsigned)(n - 1);
    t->slots[i] = id + 1;
  }
}

int wp_intern(wp_strtab *t, const char *s)
{
  int id = wp_intern_find(t, s);
  if (id >= 0)
    return id;
  if ((t->len + 1) * 2 > t->nslots)
    rehash(t);
  id = t->len;
  WP_PUSH(t->strs, t->len, t->cap, wp_xstrdup(s));
  unsigned i = hash(s) & (unsigned)(t->nslots - 1);
  while (t->slots[i])
    i = (i + 1) & (unsigned)(t->nslots - 1);
  t->slots[i] = id + 1;
  return id;
}

const char *wp_str(const wp_strtab *t, int id)
{
  return id >= 0 && id < t->len ? t->strs[id] : "";
}

void wp_strtab_free(wp_strtab *t)
{
  for (int i = 0; i < t->len; i++)
    free(t->strs[i]);
  free(t->strs);
  free(t->slots);
  memset(t, 0, sizeof *t);
}

char *wp_read_file(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return NULL;
  char *buf = NULL;
  size_t n = 0, cap = 0;
  char chunk[8192];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (n + got + 1 > cap) {
      cap = (n + got + 1) * 2;
      buf = wp_xrealloc(buf, cap);
    }
    memcpy(buf + n, chunk, got);
    n += got;
  }
  int err = ferror(f);
  fclose(f);
  if (err) {
    free(buf);
    return NULL;
  }
  if (buf == NULL)
    buf = wp_xmalloc(1);
  buf[n] = '\0';
  if (len)
    *len = n;
  return buf;
}
