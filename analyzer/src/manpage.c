#include "manpage.h"

#include <string.h>

#include "cli.h"
#include "registry.h"
#include "wpcheck_config.h"

/* text for roff: backslashes as \e, `code` in bold, '-' as \-, UTF-8 as
 * \[uXXXX] (troff reads bytes, not UTF-8) */
static void text(FILE *out, const char *s, size_t n)
{
  int bold = 0;
  if (n > 0 && (s[0] == '.' || s[0] == '\''))
    fputs("\\&", out);
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '\\')
      fputs("\\e", out);
    else if (c == '-')
      fputs("\\-", out);
    else if (c == '`') {
      fputs(bold ? "\\fR" : "\\fB", out);
      bold = !bold;
    } else if ((unsigned char)c >= 0xc0) {
      unsigned cp = (unsigned char)c, more = cp >= 0xf0 ? 3 : cp >= 0xe0 ? 2 : 1;
      cp &= 0x3fu >> more;
      for (; more > 0 && i + 1 < n && ((unsigned char)s[i + 1] & 0xc0) == 0x80; more--)
        cp = (cp << 6) | ((unsigned char)s[++i] & 0x3f);
      fprintf(out, "\\[u%04X]", cp);
    } else if ((unsigned char)c >= 0x80) {
      /* a stray continuation byte: dropped */
    } else
      fputc(c, out);
  }
  if (bold)
    fputs("\\fR", out);
}

static void line(FILE *out, const char *s)
{
  text(out, s, strlen(s));
  fputc('\n', out);
}

/* the help text's option lines: "  -x ARG   description" and continuations */
static void options(FILE *out)
{
  const char *p = strstr(wp_cli_help, "options:\n");
  if (p == NULL)
    return;
  p += 9;
  while (*p && *p != '\n') {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    const char *s = p;
    while (s < p + n && *s == ' ')
      s++;
    if (s - p == 2 && *s == '-') {
      const char *gap = strstr(s, "  ");
      if (gap == NULL || gap > p + n)
        gap = p + n;
      fputs(".TP\n\\fB", out);
      text(out, s, (size_t)(gap - s));
      fputs("\\fR\n", out);
      while (gap < p + n && *gap == ' ')
        gap++;
      if (gap < p + n) {
        text(out, gap, (size_t)(p + n - gap));
        fputc('\n', out);
      }
    } else {
      text(out, s, (size_t)(p + n - s));
      fputc('\n', out);
    }
    p = nl ? nl + 1 : p + n;
  }
}

/* a rule's markdown doc: headings in bold, code blocks unfilled */
static void doc(FILE *out, const char *md)
{
  int code = 0;
  for (const char *p = md; *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    if (n >= 3 && strncmp(p, "```", 3) == 0) {
      fputs(code ? ".fi\n.RE\n" : ".PP\n.RS 4\n.nf\n", out);
      code = !code;
    } else if (code) {
      text(out, p, n);
      fputc('\n', out);
    } else if (n >= 2 && p[0] == '#' && p[1] == ' ') {
      /* the title: the .SS line says it */
    } else if (n >= 3 && strncmp(p, "## ", 3) == 0) {
      fputs(".PP\n\\fB", out);
      text(out, p + 3, n - 3);
      fputs("\\fR\n", out);
    } else if (n == 0) {
      fputs(".PP\n", out);
    } else {
      text(out, p, n);
      fputc('\n', out);
    }
    p = nl ? nl + 1 : p + n;
  }
  if (code)
    fputs(".fi\n.RE\n", out);
}

void wp_manpage(FILE *out)
{
  fprintf(out, ".TH WPCHECK 1 \"\" \"wpcheck %s\" \"User Commands\"\n", WPCHECK_VERSION);
  fputs(".SH NAME\nwpcheck \\- find the mistakes of Go's worker\\-pool toolkit in C programs that use wpool\n"
        ".SH SYNOPSIS\n.B wpcheck\n[\\fIoptions\\fR] [\\fIfiles or directories\\fR...] [\\fB\\-\\-\\fR "
        "\\fIcompiler flags\\fR]\n.br\n.B wpcheck \\-p\n\\fIBUILD_DIR\\fR [\\fIoptions\\fR] [\\fIfiles\\fR...]\n"
        ".SH DESCRIPTION\n",
        out);
  line(out, "wpcheck parses C files with libclang, builds a control-flow graph of every function's wpool "
            "operations, follows queues and waitgroups through locals, struct fields, globals and thread "
            "arguments, links workers to their spawners across the files of one run, and checks every path.");
  line(out, "Directories are searched recursively for .c files.");
  fputs(".PP\n", out);
  line(out, "A finding is suppressed by `// wpcheck: ignore[RULE] reason` on its line or the line above it. "
            "The reason is required: a suppression without one does not suppress, and it is reported as "
            "[wpcheck-suppression], as is one naming an unknown rule or matching no finding.");
  fputs(".SH OPTIONS\n", out);
  options(out);
  fputs(".SH RULES\n", out);
  for (int i = 0; i < WP_NRULES; i++) {
    const wp_rule_info *ri = &wp_rules[i];
    fprintf(out, ".SS %s (%s, %s)\n", ri->name, ri->id, ri->is_static ? "wpcheck and debug mode" : "debug mode only");
    line(out, ri->summary);
    const char *d = wp_rule_doc(ri->name);
    if (d != NULL)
      doc(out, d);
  }
  fputs(".SH EXIT STATUS\n.TP\n0\nno findings\n.TP\n1\nfindings were reported\n.TP\n2\n"
        "could not run: a bad option, an unreadable or unparsable file (named on stderr with clang's "
        "diagnostic; the other files are still checked), a bad .wpcheck or compilation database\n",
        out);
  fputs(".SH FILES\n.TP\n.I .wpcheck\n", out);
  line(out, "The configuration nearest above each checked file, lines of `key = value` (`#` starts a comment):");
  fputs(".RS\n", out);
  const char *keys[][2] = {
      {"enable = RULE,...", "report only these rules"},
      {"disable = RULE,...", "do not report these rules"},
      {"spawner = NAME F A", "a call of NAME starts a thread running its argument F with its argument A "
                             "(1-based positions), as wp_go does, in the files this .wpcheck applies to; "
                             "the spawners of the .wpcheck files further up apply too (the nearer wins)"},
      {"include-dir = DIR", "add -IDIR (relative to the .wpcheck's directory)"},
      {"header = FILE", "add -include FILE"},
  };
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
    fputs(".TP\n\\fB", out);
    text(out, keys[i][0], strlen(keys[i][0]));
    fputs("\\fR\n", out);
    line(out, keys[i][1]);
  }
  fputs(".RE\n.IP\n", out);
  line(out, "The command line's --enable and --disable override the file's rules; --no-config ignores it.");
  fputs(".TP\n.I BUILD_DIR/compile_commands.json\n", out);
  line(out, "The compilation database read with -p.");
  fputs(".SH SEE ALSO\n", out);
  line(out, "wpcheck --explain RULE prints a rule's documentation; the rule docs are installed in the wpool "
            "documentation directory.");
}
