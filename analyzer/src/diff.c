#include "diff.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

typedef struct range {
  int first, last;
} range;

typedef struct changed {
  int file;
  int whole; /* untracked: every line */
  range *ranges;
  int n, cap;
  int failed;
} changed;

/* Runs argv (no shell); its stdout in *out; the exit status, -1 if it could
 * not run. */
static int capture(char *const argv[], char **out)
{
  *out = NULL;
  int fd[2];
  if (pipe(fd) != 0)
    return -1;
  pid_t pid = fork();
  if (pid < 0) {
    close(fd[0]);
    close(fd[1]);
    return -1;
  }
  if (pid == 0) {
    dup2(fd[1], STDOUT_FILENO);
    close(fd[0]);
    close(fd[1]);
    execvp(argv[0], argv);
    _exit(127);
  }
  close(fd[1]);
  size_t len = 0, cap = 4096;
  char *buf = wp_xmalloc(cap);
  for (;;) {
    if (len + 1 >= cap)
      buf = wp_xrealloc(buf, cap *= 2);
    ssize_t k = read(fd[0], buf + len, cap - len - 1);
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0)
      break;
    len += (size_t)k;
  }
  buf[len] = '\0';
  close(fd[0]);
  int st = 0;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  *out = buf;
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void load(changed *c, const char *path, const char *rev)
{
  char abs[PATH_MAX];
  if (realpath(path, abs) == NULL) {
    fprintf(stderr, "wpcheck: error: --diff: cannot resolve '%s'\n", path);
    c->failed = 1;
    return;
  }
  char *dir = wp_xstrdup(abs);
  *strrchr(dir, '/') = '\0';
  if (dir[0] == '\0')
    strcpy(dir, "/");
  char *out = NULL;
  char *ls[] = {"git", "-C", dir, "ls-files", "--error-unmatch", "--", abs, NULL};
  int st = capture(ls, &out);
  free(out);
  if (st == 1) { /* not tracked (or not a repository: the diff says which) */
    char *top[] = {"git", "-C", dir, "rev-parse", "--show-toplevel", NULL};
    if (capture(top, &out) == 0)
      c->whole = 1;
    free(out);
    if (c->whole) {
      free(dir);
      return;
    }
  }
  char *argv[] = {"git", "-C", dir, "diff", "-U0", "--no-color", "--no-ext-diff", (char *)rev, "--", abs, NULL};
  st = capture(argv, &out);
  if (st != 0) {
    fprintf(stderr, "wpcheck: error: --diff: `git diff -U0 %s -- %s` failed (not in a git repository, or "
                    "no such revision?)\n",
            rev, path);
    c->failed = 1;
  }
  for (char *l = out; st == 0 && l != NULL && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
    if (strncmp(l, "@@ ", 3) != 0)
      continue;
    char *plus = strstr(l, " +");
    if (plus == NULL)
      continue;
    char *end;
    long start = strtol(plus + 2, &end, 10), count = 1;
    if (*end == ',')
      count = strtol(end + 1, NULL, 10);
    /* a deletion after line start (count 0): the lines either side */
    range rg = {(int)start, (int)(count == 0 ? start + 1 : start + count - 1)};
    WP_PUSH(c->ranges, c->n, c->cap, rg);
  }
  free(out);
  free(dir);
}

static changed *get(changed **v, int *n, int *cap, int file, const wp_strtab *strs, const char *rev)
{
  for (int i = 0; i < *n; i++)
    if ((*v)[i].file == file)
      return &(*v)[i];
  changed c;
  memset(&c, 0, sizeof c);
  c.file = file;
  load(&c, wp_str(strs, file), rev);
  WP_PUSH(*v, *n, *cap, c);
  return &(*v)[*n - 1];
}

static int touched(const changed *c, int line)
{
  if (c->whole)
    return 1;
  for (int i = 0; i < c->n; i++)
    if (c->ranges[i].first <= line && line <= c->ranges[i].last)
      return 1;
  return 0;
}

int wp_diff_filter(wp_report *r, const wp_strtab *strs, const char *rev)
{
  changed *v = NULL;
  int n = 0, cap = 0, failed = 0;
  for (int i = 0; i < r->n;) {
    wp_finding *f = &r->v[i];
    changed *c = get(&v, &n, &cap, f->loc.file, strs, rev);
    failed |= c->failed;
    int keep = touched(c, f->loc.line);
    for (int k = 0; k < f->nnotes && !keep; k++) {
      c = get(&v, &n, &cap, f->notes[k].loc.file, strs, rev);
      failed |= c->failed;
      keep = touched(c, f->notes[k].loc.line);
    }
    if (keep)
      i++;
    else
      wp_report_remove(r, i);
  }
  for (int i = 0; i < n; i++)
    free(v[i].ranges);
  free(v);
  return failed ? -1 : 0;
}
