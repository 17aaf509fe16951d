#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

int wp_config_spawner(const wp_spawners *sp, const char *name, int *fn_arg, int *arg_arg)
{
  for (int i = 0; sp != NULL && i < sp->n; i++)
    if (strcmp(sp->v[i].name, name) == 0) {
      *fn_arg = sp->v[i].fn_arg;
      *arg_arg = sp->v[i].arg_arg;
      return 1;
    }
  return 0;
}

/* Adds a spawner unless the set already has one of that name: the first
 * declaration in a file, and the nearer file's, win. */
static void add_spawner(wp_spawners *sp, const char *name, int fn_arg, int arg_arg)
{
  int fi, ai;
  if (wp_config_spawner(sp, name, &fi, &ai))
    return;
  wp_spawner s = {wp_xstrdup(name), fn_arg, arg_arg};
  WP_PUSH(sp->v, sp->n, sp->cap, s);
}

int wp_config_rule_on(const wp_config *cfg, int rule)
{
  if (cfg == NULL || rule < 0 || rule >= WP_NRULES)
    return 1;
  if (cfg->has_enable && !cfg->enable[rule])
    return 0;
  return !(cfg->has_disable && cfg->disable[rule]);
}

static char *trim(char *s)
{
  while (isspace((unsigned char)*s))
    s++;
  char *e = s + strlen(s);
  while (e > s && isspace((unsigned char)e[-1]))
    *--e = '\0';
  return s;
}

static int rule_list(const char *file, int lineno, char *v, unsigned char *set)
{
  for (char *save = NULL, *t = strtok_r(v, ", \t", &save); t; t = strtok_r(NULL, ", \t", &save)) {
    int r = wp_rule_find(t);
    if (r < 0) {
      fprintf(stderr, "wpcheck: error: %s:%d: unknown rule '%s' (see --list-rules)\n", file, lineno, t);
      return -1;
    }
    set[r] = 1;
  }
  return 0;
}

/* a path relative to the configuration's directory */
static char *relative_to(const char *dir, const char *p)
{
  return p[0] == '/' ? wp_xstrdup(p) : wp_xasprintf("%s/%s", dir, p);
}

static int parse_config(wp_config *cfg, const char *path, const char *dir)
{
  char *text = wp_read_file(path, NULL);
  if (text == NULL) {
    fprintf(stderr, "wpcheck: error: cannot read '%s'\n", path);
    return -1;
  }
  int rc = 0, lineno = 0;
  char *p = text;
  while (p != NULL && *p != '\0' && rc == 0) {
    char *nl = strchr(p, '\n');
    if (nl != NULL)
      *nl = '\0';
    lineno++;
    char *hash = strchr(p, '#');
    if (hash != NULL)
      *hash = '\0';
    char *line = trim(p);
    p = nl != NULL ? nl + 1 : NULL;
    if (*line == '\0')
      continue;
    char *eq = strchr(line, '=');
    if (eq == NULL) {
      fprintf(stderr, "wpcheck: error: %s:%d: expected `key = value`\n", path, lineno);
      rc = -1;
      break;
    }
    *eq = '\0';
    char *key = trim(line), *val = trim(eq + 1);
    if (strcmp(key, "enable") == 0) {
      cfg->has_enable = 1;
      rc = rule_list(path, lineno, val, cfg->enable);
    } else if (strcmp(key, "disable") == 0) {
      cfg->has_disable = 1;
      rc = rule_list(path, lineno, val, cfg->disable);
    } else if (strcmp(key, "spawner") == 0) {
      char name[256];
      int f = 0, a = 0, used = 0;
      if (sscanf(val, "%255s %d %d %n", name, &f, &a, &used) != 3 || val[used] != '\0' || f < 1 || a < 1 ||
          f == a) {
        fprintf(stderr,
                "wpcheck: error: %s:%d: spawner takes NAME F A (the 1-based positions of the thread "
                "function and its argument)\n",
                path, lineno);
        rc = -1;
        break;
      }
      add_spawner(cfg->spawners, name, f - 1, a - 1);
    } else if (strcmp(key, "include-dir") == 0 && *val) {
      char *d = relative_to(dir, val);
      WP_PUSH(cfg->args, cfg->nargs, cfg->capargs, wp_xasprintf("-I%s", d));
      free(d);
    } else if (strcmp(key, "header") == 0 && *val) {
      char *h = relative_to(dir, val);
      if (access(h, R_OK) != 0) { /* not beside the config: leave it to the include path */
        free(h);
        h = wp_xstrdup(val);
      }
      WP_PUSH(cfg->args, cfg->nargs, cfg->capargs, wp_xstrdup("-include"));
      WP_PUSH(cfg->args, cfg->nargs, cfg->capargs, h);
    } else {
      fprintf(stderr,
              "wpcheck: error: %s:%d: unknown key '%s' (enable, disable, spawner, include-dir, header)\n",
              path, lineno, key);
      rc = -1;
    }
  }
  free(text);
  return rc;
}

/* the directory above dir ("/" for "/x"), NULL for "/" */
static char *parent_dir(const char *dir)
{
  if (strcmp(dir, "/") == 0)
    return NULL;
  char *parent = wp_xstrdup(dir);
  char *slash = strrchr(parent, '/');
  if (slash == NULL) {
    free(parent);
    return NULL;
  }
  if (slash == parent)
    slash[1] = '\0';
  else
    *slash = '\0';
  return parent;
}

static int config_of_dir(wp_configs *c, const char *dir, int *err);

/* A .wpcheck's spawners take in those of the configuration above it. */
static void inherit_spawners(wp_configs *c, int idx, const char *dir, int *err)
{
  char *parent = parent_dir(dir);
  int up = parent != NULL ? config_of_dir(c, parent, err) : -1;
  free(parent);
  if (up < 0) /* (c->v may have moved: indexes, not pointers) */
    return;
  const wp_spawners *from = c->v[up].spawners;
  for (int i = 0; i < from->n; i++)
    add_spawner(c->v[idx].spawners, from->v[i].name, from->v[i].fn_arg, from->v[i].arg_arg);
}

/* the config for a directory: its own .wpcheck, else its parent's */
static int config_of_dir(wp_configs *c, const char *dir, int *err)
{
  for (int i = 0; i < c->ndirs; i++)
    if (strcmp(c->dirs[i].dir, dir) == 0)
      return c->dirs[i].cfg;
  int idx = -1;
  char *path = wp_xasprintf("%s/.wpcheck", strcmp(dir, "/") == 0 ? "" : dir);
  if (access(path, F_OK) == 0) {
    wp_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.path = path;
    cfg.spawners = wp_xcalloc(1, sizeof *cfg.spawners);
    path = NULL;
    if (parse_config(&cfg, cfg.path, dir) != 0)
      *err = -2;
    WP_PUSH(c->v, c->n, c->cap, cfg);
    idx = c->n - 1;
    inherit_spawners(c, idx, dir, err);
  } else {
    char *parent = parent_dir(dir);
    if (parent != NULL)
      idx = config_of_dir(c, parent, err);
    free(parent);
  }
  free(path);
  wp_dir_config d = {wp_xstrdup(dir), idx};
  WP_PUSH(c->dirs, c->ndirs, c->capdirs, d);
  return idx;
}

const wp_config *wp_config_for(wp_configs *c, const char *path, int *err)
{
  char abs[PATH_MAX];
  if (realpath(path, abs) == NULL)
    return NULL;
  char *slash = strrchr(abs, '/');
  if (slash == NULL)
    return NULL;
  if (slash == abs)
    slash[1] = '\0';
  else
    *slash = '\0';
  int e = 0;
  int idx = config_of_dir(c, abs, &e);
  if (e != 0)
    *err = e;
  return idx >= 0 ? &c->v[idx] : NULL;
}

void wp_configs_free(wp_configs *c)
{
  for (int i = 0; i < c->n; i++) {
    free(c->v[i].path);
    for (int k = 0; k < c->v[i].nargs; k++)
      free(c->v[i].args[k]);
    free(c->v[i].args);
    for (int k = 0; k < c->v[i].spawners->n; k++)
      free(c->v[i].spawners->v[k].name);
    free(c->v[i].spawners->v);
    free(c->v[i].spawners);
  }
  free(c->v);
  for (int i = 0; i < c->ndirs; i++)
    free(c->dirs[i].dir);
  free(c->dirs);
  memset(c, 0, sizeof *c);
}
