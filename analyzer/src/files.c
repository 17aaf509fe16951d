#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with_c(const char *s)
{
  size_t n = strlen(s);
  return n > 2 && strcmp(s + n - 2, ".c") == 0;
}

static int add_dir(wp_files *f, const char *dir, int depth)
{
  if (depth > 64)
    return 0;
  DIR *d = opendir(dir);
  if (d == NULL) {
    fprintf(stderr, "wpcheck: error: cannot read directory '%s': %s\n", dir, strerror(errno));
    return -1;
  }
  char **names = NULL;
  int n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    WP_PUSH(names, n, cap, wp_xstrdup(e->d_name));
  }
  closedir(d);
  if (n > 0)
    qsort(names, (size_t)n, sizeof *names, cmp_str);
  int rc = 0;
  for (int i = 0; i < n; i++) {
    size_t len = strlen(dir);
    char *path = wp_xasprintf("%s%s%s", dir, len > 0 && dir[len - 1] == '/' ? "" : "/", names[i]);
    struct stat st;
    if (stat(path, &st) == 0) {
      if (S_ISDIR(st.st_mode)) {
        if (add_dir(f, path, depth + 1) != 0)
          rc = -1;
      } else if (S_ISREG(st.st_mode) && ends_with_c(names[i])) {
        WP_PUSH(f->v, f->n, f->cap, path);
        path = NULL;
      }
    }
    free(path);
    free(names[i]);
  }
  free(names);
  return rc;
}

int wp_files_add(wp_files *f, const char *path)
{
  struct stat st;
  if (stat(path, &st) != 0) {
    fprintf(stderr, "wpcheck: error: cannot read '%s': %s\n", path, strerror(errno));
    return -1;
  }
  if (S_ISDIR(st.st_mode))
    return add_dir(f, path, 0);
  if (!S_ISREG(st.st_mode)) { /* a FIFO or a device: opening it could wait forever */
    fprintf(stderr, "wpcheck: error: cannot read '%s': not a regular file\n", path);
    return -1;
  }
  FILE *fp = fopen(path, "rb");
  if (fp == NULL) {
    fprintf(stderr, "wpcheck: error: cannot read '%s': %s\n", path, strerror(errno));
    return -1;
  }
  fclose(fp);
  for (int i = 0; i < f->n; i++)
    if (strcmp(f->v[i], path) == 0)
      return 0;
  WP_PUSH(f->v, f->n, f->cap, wp_xstrdup(path));
  return 0;
}

void wp_files_free(wp_files *f)
{
  for (int i = 0; i < f->n; i++)
    free(f->v[i]);
  free(f->v);
  f->v = NULL;
  f->n = f->cap = 0;
}
