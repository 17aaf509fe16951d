#include "session.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diff.h"
#include "fixit.h"
#include "output.h"
#include "suppress.h"

static int ends_with_c(const char *s)
{
  size_t n = strlen(s);
  return n > 2 && strcmp(s + n - 2, ".c") == 0;
}

int wp_session_inputs(wp_session *s, const wp_options *o, wp_files *files)
{
  memset(s, 0, sizeof *s);
  s->o = o;
  int rc = 0;
  if (o->compdb_dir != NULL) {
    if (wp_compdb_load(&s->db, o->compdb_dir) != 0)
      return -1;
    s->have_db = 1;
  }
  for (int i = 0; i < o->ninputs; i++)
    if (wp_files_add(files, o->inputs[i]) != 0)
      rc = 1;
  if (o->ninputs == 0 && s->have_db) {
    for (int i = 0; i < s->db.n; i++)
      if (ends_with_c(s->db.v[i].file) && wp_files_add(files, s->db.v[i].file) != 0)
        rc = 1;
    if (files->n == 0) {
      fprintf(stderr, "wpcheck: error: %s/compile_commands.json lists no .c file\n", o->compdb_dir);
      return -1;
    }
  } else if (o->ninputs == 0) {
    fprintf(stderr, "wpcheck: error: no input files (see --help)\n");
    return -1;
  }

  s->nfiles = files->n;
  s->args = wp_xcalloc((size_t)files->n + 1, sizeof *s->args);
  s->nargs = wp_xcalloc((size_t)files->n + 1, sizeof *s->nargs);
  s->spawners = wp_xcalloc((size_t)files->n + 1, sizeof *s->spawners);
  for (int i = 0; i < files->n; i++) {
    const wp_compdb_entry *e = s->have_db ? wp_compdb_find(&s->db, files->v[i]) : NULL;
    if (s->have_db && e == NULL)
      fprintf(stderr, "wpcheck: warning: %s is not in %s/compile_commands.json; checked with the command "
                      "line's flags only\n",
              files->v[i], o->compdb_dir);
    const wp_config *cfg = NULL;
    if (!o->no_config) {
      int err = 0;
      cfg = wp_config_for(&s->cfgs, files->v[i], &err);
      if (err != 0)
        return -1;
    }
    s->spawners[i] = cfg != NULL && cfg->spawners->n > 0 ? cfg->spawners : NULL;
    int n = (e ? e->nargs : 0) + (cfg ? cfg->nargs : 0);
    s->args[i] = wp_xcalloc((size_t)n + 1, sizeof **s->args);
    for (int k = 0; e && k < e->nargs; k++)
      s->args[i][s->nargs[i]++] = e->args[k];
    for (int k = 0; cfg && k < cfg->nargs; k++)
      s->args[i][s->nargs[i]++] = cfg->args[k];
  }
  return rc;
}

char **wp_session_args(wp_session *s, int file, int *nargs)
{
  if (file < 0 || file >= s->nfiles) {
    *nargs = 0;
    return NULL;
  }
  *nargs = s->nargs[file];
  return s->args[file];
}

const wp_spawners *wp_session_spawners(const wp_session *s, int file)
{
  return file >= 0 && file < s->nfiles ? s->spawners[file] : NULL;
}

/* SARIF's %SRCROOT%: the git work tree around the current directory, or the
 * current directory */
static char *run_root(void)
{
  char buf[PATH_MAX] = "";
  FILE *p = popen("git rev-parse --show-toplevel 2>/dev/null", "r");
  if (p != NULL) {
    if (fgets(buf, sizeof buf, p) == NULL)
      buf[0] = '\0';
    if (pclose(p) != 0)
      buf[0] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
  }
  if (buf[0] == '\0' && getcwd(buf, sizeof buf) == NULL)
    snprintf(buf, sizeof buf, "/");
  return wp_xstrdup(buf);
}

int wp_session_finish(wp_session *s, wp_report *r, wp_program *prog, const wp_files *files, int could_not_run)
{
  const wp_options *o = s->o;
  wp_report_finish(r, &prog->strs);
  /* the .wpcheck rules of each finding's file, unless the command line chose */
  if (!o->rules_set && !o->no_config) {
    for (int i = 0; i < r->n;) {
      int err = 0;
      const wp_config *cfg = wp_config_for(&s->cfgs, wp_str(&prog->strs, r->v[i].loc.file), &err);
      if (err != 0)
        could_not_run = 1;
      if (!wp_config_rule_on(cfg, r->v[i].rule))
        wp_report_remove(r, i);
      else
        i++;
    }
  }
  wp_sources *src = wp_sources_new();
  wp_suppress(r, &prog->strs, src, files->v, files->n, o->enabled);
  if (o->diff_rev != NULL && wp_diff_filter(r, &prog->strs, o->diff_rev) != 0)
    could_not_run = 1;
  if (o->format == WP_FORMAT_JSON) {
    wp_output_json(stdout, r, &prog->strs);
  } else if (o->format == WP_FORMAT_SARIF) {
    char *root = run_root();
    wp_output_sarif(stdout, r, prog, src, root);
    free(root);
  } else {
    int color = o->color == WP_COLOR_ALWAYS ||
                (o->color == WP_COLOR_AUTO && isatty(STDOUT_FILENO) && !getenv("NO_COLOR"));
    wp_output_text(stdout, r, &prog->strs, src, color);
  }
  fflush(stdout);
  wp_sources_free(src);
  /* after the output, which shows the lines the fix-its were made for */
  if (o->fix && wp_fixit_apply(r, &prog->strs) < 0)
    could_not_run = 1;
  return could_not_run ? 2 : r->n > 0 ? 1 : 0;
}

void wp_session_free(wp_session *s)
{
  for (int i = 0; i < s->nfiles; i++)
    free(s->args[i]);
  free(s->args);
  free(s->nargs);
  free(s->spawners);
  if (s->have_db)
    wp_compdb_free(&s->db);
  wp_configs_free(&s->cfgs);
  memset(s, 0, sizeof *s);
}
