/* .wpcheck: the configuration file nearest above each checked file (found as
 * clang-tidy finds .clang-tidy).  Lines of `key = value`, `#` comments:
 *   enable = RULE,...     report only these rules
 *   disable = RULE,...    do not report these rules
 *   spawner = NAME F A    NAME(...) starts a thread running its argument F
 *                         with its argument A (1-based), as wp_go does; a
 *                         file's spawners are those of its nearest .wpcheck
 *                         and of every .wpcheck above it (the nearer
 *                         declaration of a NAME wins): a spawner describes
 *                         the code, so a sub-directory's .wpcheck that only
 *                         changes the rules keeps the project's wrappers
 *   include-dir = DIR     -IDIR (relative to the file's directory)
 *   header = FILE         -include FILE (likewise)
 * The command line's --enable/--disable override the file's rules. */
#ifndef WPCHECK_CONFIG_FILE_H
#define WPCHECK_CONFIG_FILE_H
#include "registry.h"

typedef struct wp_spawner {
  char *name;
  int fn_arg, arg_arg; /* 0-based positions of the thread function and its argument */
} wp_spawner;

typedef struct wp_spawners {
  wp_spawner *v;
  int n, cap;
} wp_spawners;

typedef struct wp_config {
  char *path; /* the .wpcheck file */
  wp_spawners *spawners; /* its own and its ancestors'; allocated apart, so a
                          * pointer to it outlives the growth of wp_configs */
  int has_enable, has_disable;
  unsigned char enable[WP_NRULES], disable[WP_NRULES];
  char **args; /* -I..., -include ... for clang */
  int nargs, capargs;
} wp_config;

typedef struct wp_dir_config { /* a directory looked at, and its config (-1: none) */
  char *dir;
  int cfg;
} wp_dir_config;

typedef struct wp_configs {
  wp_config *v;
  int n, cap;
  wp_dir_config *dirs;
  int ndirs, capdirs;
} wp_configs;

/* The configuration that applies to path, NULL if none; -2 in *err (message
 * on stderr) if a .wpcheck could not be read or has a mistake. */
const wp_config *wp_config_for(wp_configs *c, const char *path, int *err);
void wp_configs_free(wp_configs *c);

/* Is name one of the spawn wrappers (NULL: none)?  1 and the 0-based
 * positions of the function and its argument if it is (facts_call.c). */
int wp_config_spawner(const wp_spawners *sp, const char *name, int *fn_arg, int *arg_arg);

/* Is the rule reported for a finding in a file under this configuration? */
int wp_config_rule_on(const wp_config *cfg, int rule);

#endif
