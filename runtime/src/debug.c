/* Debug mode: switching it on, and the report engine.
 *
 * WPOOL_DEBUG=1, or an options string in the style of ASAN_OPTIONS
 * (WPOOL_DEBUG=halt_on_error=1:exitcode=66:log_path=FILE:format=json), turns
 * it on without recompiling; so do wp_debug_enable() and linking
 * wpool_debug.  Reports go to stderr (or FILE.<pid>), once per rule and
 * site; at exit the checks for leaks run, a summary is printed, and the
 * process exits with `exitcode` if anything was reported. */
#include "debug.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "debug_exit.h"
#include "debug_hb.h"

uintptr_t wp__debug_on;

static const char *const rule_names[] = {
#define WP_RULE(e, name, id, severity, kind, summary) name,
#include "rules.def"
#undef WP_RULE
};

static struct {
  bool halt_on_error;
  int exitcode;
  bool json;
  char log_path[512];
} opt = {false, 66, false, ""};

static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *out;             /* where reports go */
static int reports;           /* reports printed */
static int per_rule[WP__RULE_COUNT];
static int runtime_used;      /* a queue, pool or thread was created */
static bool at_exit_checks;   /* reports now come from the exit checks */

/* ---- options ---- */

static void parse_option(const char *key, const char *val) {
  if (strcmp(key, "halt_on_error") == 0) {
    opt.halt_on_error = atoi(val) != 0;
  } else if (strcmp(key, "exitcode") == 0) {
    opt.exitcode = atoi(val);
  } else if (strcmp(key, "log_path") == 0) {
    snprintf(opt.log_path, sizeof opt.log_path, "%s", val);
  } else if (strcmp(key, "format") == 0) {
    if (strcmp(val, "json") == 0 || strcmp(val, "text") == 0)
      opt.json = strcmp(val, "json") == 0;
    else
      fprintf(stderr, "wpool: WPOOL_DEBUG: unknown format '%s' (text, json)\n",
              val);
  } else {
    fprintf(stderr, "wpool: WPOOL_DEBUG: unknown option '%s'\n", key);
  }
}

/* "1", or key=value pairs separated by ':' (or ','). */
static void parse_options(const char *s) {
  char buf[1024];
  snprintf(buf, sizeof buf, "%s", s);
  for (char *save = NULL, *tok = strtok_r(buf, ":,", &save); tok;
       tok = strtok_r(NULL, ":,", &save)) {
    char *eq = strchr(tok, '=');
    if (!eq) {
      if (strcmp(tok, "1") != 0 && strcmp(tok, "true") != 0)
        fprintf(stderr, "wpool: WPOOL_DEBUG: ignoring '%s'\n", tok);
      continue;
    }
    *eq = '\0';
    parse_option(tok, eq + 1);
  }
}

static void open_output(void) {
  out = stderr;
  if (opt.log_path[0]) {
    char path[600];
    snprintf(path, sizeof path, "%s.%ld", opt.log_path, (long)getpid());
    FILE *f = fopen(path, "a");
    if (f)
      out = f;
    else
      fprintf(stderr, "wpool: cannot open log_path %s; reporting on stderr\n",
              path);
  }
}

static void turn_on(void) {
  if (WP__LOAD(&wp__debug_on))
    return;
  open_output();
  wp__dbg_exit_install();
  wp__dbg_deadlock_watch();
  WP__STORE(&wp__debug_on, UINTPTR_MAX);
}

__attribute__((constructor)) static void debug_from_environment(void) {
  const char *v = getenv("WPOOL_DEBUG");
#ifdef WPOOL_DEBUG_BY_DEFAULT /* the wpool_debug library: on unless "0" */
  if (!v || !*v) {
    turn_on();
    return;
  }
#endif
  if (!v || !*v || strcmp(v, "0") == 0)
    return;
  parse_options(v);
  turn_on();
}

void wp__note_runtime_used(void) {
  if (!WP__LOAD_RELAXED(&runtime_used))
    WP__STORE_RELAXED(&runtime_used, 1);
}

int wp_debug_enable(void) {
  if (WP__LOAD(&wp__debug_on))
    return WP_OK;
  if (WP__LOAD_RELAXED(&runtime_used))
    return WP_EINVAL;
  turn_on();
  return WP_OK;
}

/* ---- threads ---- */

static int next_thread = 2;
/* The calling thread as reports name it (thread 0: not numbered yet). */
_Thread_local wp__who wp__dbg_me WP__TLS_HOT;

int wp__dbg_thread(void) {
  if (wp__dbg_me.thread == 0)
    wp__dbg_me.thread =
        syscall(SYS_gettid) == getpid() ? 1 : WP__ADD(&next_thread, 1) - 1;
  return wp__dbg_me.thread;
}

struct wp__task_debug {
  wp__hb_past *past;
  void *counted_by; /* the waitgroup entry whose add counts the task */
};

struct wp__task_debug *wp__dbg_task_spawning(bool runtime_done) {
  /* One allocation: the task's record and its past after it. */
  size_t past_bytes = wp__hb_fork_size();
  struct wp__task_debug *t = malloc(sizeof *t + past_bytes);
  if (!t)
    return NULL;
  t->past = wp__hb_fork_at(past_bytes ? t + 1 : NULL);
  t->counted_by = runtime_done ? NULL : wp__dbg_take_credit();
  return t;
}

void wp__dbg_task_discard(struct wp__task_debug *t) { free(t); }

void wp__dbg_task_begin(const wp_site *spawned_at, struct wp__task_debug *t) {
  /* A task is a thread of its own, as a goroutine is: a new number. */
  wp__dbg_me.started = spawned_at;
  wp__dbg_me.thread = 0;
  wp__hb_begin_task(t ? t->past : NULL);
  wp__dbg_counting_begin(t ? t->counted_by : NULL);
  wp__dbg_task_discard(t);
}

void wp__dbg_task_end(void) {
  wp__dbg_counting_end(wp__dbg_me.started);
  wp__hb_end_task();
  wp__dbg_me.started = NULL;
}

const wp_site *wp__dbg_task_site(void) { return wp__dbg_me.started; }

wp__who wp__dbg_who(void) {
  return (wp__who){wp__dbg_thread(), wp__dbg_me.started};
}

/* ---- reports ---- */

#define SEEN_SLOTS 4096
static struct seen {
  int rule;
  const char *file;
  int line;
} seen[SEEN_SLOTS];

/* True the first time (rule, file, line) is reported. */
static bool first_time(int rule, const wp_site *at) {
  const char *file = at ? at->file : "";
  int line = at ? at->line : 0;
  unsigned h = (unsigned)rule * 31u + (unsigned)line;
  for (const char *c = file; *c; c++)
    h = h * 131u + (unsigned char)*c;
  for (unsigned i = 0; i < SEEN_SLOTS; i++) {
    struct seen *s = &seen[(h + i) % SEEN_SLOTS];
    if (!s->file) {
      *s = (struct seen){rule, file, line};
      return true;
    }
    if (s->rule == rule && s->line == line && strcmp(s->file, file) == 0)
      return false;
  }
  return true; /* table full: report rather than drop */
}

static void json_string(const char *s) {
  fputc('"', out);
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      fprintf(out, "\\%c", c);
    else if (c < 0x20)
      fprintf(out, "\\u%04x", c);
    else
      fputc(c, out);
  }
  fputc('"', out);
}

static const char *site_file(const wp_site *s) { return s ? s->file : "?"; }
static int site_line(const wp_site *s) { return s ? s->line : 0; }
static const char *site_func(const wp_site *s) {
  return s && s->func ? s->func : "?";
}

static void print_json(int rule, const wp_site *at, const wp__who *who,
                       const char *msg, const wp__related *rel, int nrel) {
  fputs("{\"rule\":", out);
  json_string(rule_names[rule]);
  fputs(",\"message\":", out);
  json_string(msg);
  fputs(",\"file\":", out);
  json_string(site_file(at));
  fprintf(out, ",\"line\":%d,\"function\":", site_line(at));
  json_string(site_func(at));
  fprintf(out, ",\"thread\":%d,\"related\":[", who ? who->thread : 0);
  for (int i = 0; i < nrel; i++) {
    fputs(i ? ",{\"file\":" : "{\"file\":", out);
    json_string(site_file(rel[i].site));
    fprintf(out, ",\"line\":%d,\"what\":", site_line(rel[i].site));
    json_string(rel[i].what);
    fputc('}', out);
  }
  fputs("]}\n", out);
}

static void print_text(int rule, const wp_site *at, const wp__who *who,
                       const char *msg, const wp__related *rel, int nrel) {
  fprintf(out, "wpool: error: %s at %s:%d in %s (%s)\n", rule_names[rule],
          site_file(at), site_line(at), site_func(at), msg);
  if (who) {
    const wp_site *s = who->started;
    fprintf(out, "  thread %d", who->thread);
    if (s)
      fprintf(out, " (started at %s:%d in %s, running %s)", s->file, s->line,
              site_func(s), s->expr ? s->expr : "?");
    fputc('\n', out);
  }
  for (int i = 0; i < nrel; i++) {
    fprintf(out, "  note: %s at %s:%d in %s", rel[i].what,
            site_file(rel[i].site), site_line(rel[i].site),
            site_func(rel[i].site));
    if (rel[i].thread)
      fprintf(out, " by thread %d", rel[i].thread);
    fputc('\n', out);
  }
}

/* who: NULL for the calling thread (none in the exit checks). */
static void report(const wp__who *who, enum wp__rule rule, const wp_site *at,
                   const wp__related *rel, int nrel, const char *fmt,
                   va_list ap) {
  char msg[512];
  vsnprintf(msg, sizeof msg, fmt, ap);
  wp__who self;
  pthread_mutex_lock(&report_lock);
  if (!who && !at_exit_checks) {
    self = wp__dbg_who();
    who = &self;
  }
  if (first_time((int)rule, at)) {
    reports++;
    per_rule[rule]++;
    if (opt.json)
      print_json((int)rule, at, who, msg, rel, nrel);
    else
      print_text((int)rule, at, who, msg, rel, nrel);
    fflush(out);
  }
  pthread_mutex_unlock(&report_lock);
  if (opt.halt_on_error) {
    fflush(NULL);
    _exit(opt.exitcode);
  }
}

void wp__dbg_report(enum wp__rule rule, const wp_site *at,
                    const wp__related *rel, int nrel, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  report(NULL, rule, at, rel, nrel, fmt, ap);
  va_end(ap);
}

void wp__dbg_report_by(wp__who who, enum wp__rule rule, const wp_site *at,
                       const wp__related *rel, int nrel, const char *fmt,
                       ...) {
  va_list ap;
  va_start(ap, fmt);
  report(&who, rule, at, rel, nrel, fmt, ap);
  va_end(ap);
}

void wp__dbg_exit_checks_begin(void) {
  pthread_mutex_lock(&report_lock);
  at_exit_checks = true;
  pthread_mutex_unlock(&report_lock);
}

/* Called last at exit, after the exit checks. */
void wp__dbg_summary_and_exit(void) {
  pthread_mutex_lock(&report_lock);
  int n = reports;
  if (n > 0 && !opt.json) {
    fprintf(out, "wpool: debug mode: %d report%s:", n, n == 1 ? "" : "s");
    for (int r = 0; r < WP__RULE_COUNT; r++)
      if (per_rule[r])
        fprintf(out, " %s %d", rule_names[r], per_rule[r]);
    fputc('\n', out);
  }
  fflush(out);
  pthread_mutex_unlock(&report_lock);
  if (n > 0) {
    fflush(NULL);
    _exit(opt.exitcode);
  }
}

