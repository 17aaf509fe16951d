/* --format=sarif: SARIF 2.1.0 as GitHub code scanning takes it.  One run;
 * the driver lists every rule (and the suppression pseudo-rule) with its
 * doc; each result has its rule's id and index, its level, its location
 * relative to %SRCROOT%, its notes as relatedLocations, its fix-its as
 * fixes, and a partial fingerprint that survives unrelated edits: a hash of
 * the rule, the file, the flagged line's text (spaces squeezed) and the
 * enclosing function's name, never the line number. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "registry.h"
#include "wpcheck_config.h"

#define NRULES_OUT (WP_NRULES + 1) /* the rules and wpcheck-suppression */

static void pascal_case(FILE *out, const char *name)
{
  fputc('"', out);
  int up = 1;
  for (const char *p = name; *p; p++) {
    if (*p == '-') {
      up = 1;
      continue;
    }
    fputc(up ? toupper((unsigned char)*p) : *p, out);
    up = 0;
  }
  fputc('"', out);
}

/* a message as SARIF wants it: a sentence that ends with a period */
static void sentence(FILE *out, const char *msg)
{
  size_t n = strlen(msg);
  if (n > 0 && (msg[n - 1] == '.' || msg[n - 1] == '!' || msg[n - 1] == '?')) {
    wp_json_string(out, msg);
    return;
  }
  char *s = wp_xasprintf("%s.", msg);
  wp_json_string(out, s);
  free(s);
}

/* the paragraph under "## What it finds", on one line */
static char *what_it_finds(const char *doc)
{
  const char *p = doc ? strstr(doc, "## What it finds") : NULL;
  if (p == NULL)
    return NULL;
  p = strchr(p, '\n');
  if (p == NULL)
    return NULL;
  while (*p == '\n')
    p++;
  const char *end = strstr(p, "\n\n");
  if (end == NULL)
    end = p + strlen(p);
  char *s = wp_xmalloc((size_t)(end - p) + 1);
  size_t k = 0;
  for (const char *q = p; q < end; q++)
    s[k++] = *q == '\n' ? ' ' : *q;
  s[k] = '\0';
  return s;
}

/* percent-encoded: all but RFC 3986's unreserved characters and '/' (what
 * is left needs no JSON escaping) */
static void put_escaped(FILE *out, const char *s)
{
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    if (isalnum(*c) || strchr("-._~/", *c) != NULL)
      fputc(*c, out);
    else
      fprintf(out, "%%%02X", *c);
  }
}

/* path relative to root, or NULL if it is not under it */
static const char *under_root(const char *path, const char *root)
{
  size_t n = strlen(root);
  if (n == 0 || strncmp(path, root, n) != 0)
    return NULL;
  if (root[n - 1] == '/')
    return path + n;
  return path[n] == '/' ? path + n + 1 : NULL;
}

static void artifact_location(FILE *out, const char *path, const char *root)
{
  char abs[4096];
  const char *p = path;
  if (path[0] != '/' && realpath(path, abs) != NULL)
    p = abs;
  const char *rel = under_root(p, root);
  fputs("{\"uri\": \"", out);
  if (rel != NULL) {
    put_escaped(out, rel);
    fputs("\", \"uriBaseId\": \"%SRCROOT%\"}", out);
  } else {
    fputs("file://", out);
    put_escaped(out, p);
    fputs("\"}", out);
  }
}

static void physical_location(FILE *out, const char *path, int line, int col, const char *root, wp_sources *src)
{
  fputs("{\"artifactLocation\": ", out);
  artifact_location(out, path, root);
  fprintf(out, ", \"region\": {\"startLine\": %d, \"startColumn\": %d", line > 0 ? line : 1, col > 0 ? col : 1);
  int len = 0;
  const char *text = wp_source_line(src, path, line, &len);
  if (text != NULL) {
    char *s = wp_xmalloc((size_t)len + 1);
    memcpy(s, text, (size_t)len);
    s[len] = '\0';
    fputs(", \"snippet\": {\"text\": ", out);
    wp_json_string(out, s);
    fputc('}', out);
    free(s);
  }
  fputs("}}", out);
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    h ^= *p;
    h *= 1099511628211ull;
  }
  h ^= 0xff; /* a separator */
  h *= 1099511628211ull;
  return h;
}

static const char *enclosing_function(const wp_program *prog, const wp_loc *loc)
{
  for (int i = 0; i < prog->nfuncs; i++) {
    const wp_func *f = &prog->funcs[i];
    if (f->loc.file == loc->file && f->loc.line <= loc->line && loc->line <= f->end.line)
      return wp_s(prog, f->name);
  }
  return "";
}

static uint64_t fingerprint(const wp_finding *f, const wp_program *prog, wp_sources *src, const char *root)
{
  const char *path = wp_s(prog, f->loc.file);
  char abs[4096];
  const char *p = path[0] != '/' && realpath(path, abs) != NULL ? abs : path;
  const char *rel = under_root(p, root);
  uint64_t h = 14695981039346656037ull;
  h = fnv1a(h, wp_rule_info_of(f->rule)->name);
  h = fnv1a(h, rel ? rel : p);
  int len = 0;
  const char *text = wp_source_line(src, path, f->loc.line, &len);
  char *norm = wp_xmalloc((size_t)(text ? len : 0) + 1);
  size_t k = 0;
  for (int i = 0; text && i < len; i++) {
    if (isspace((unsigned char)text[i])) {
      if (k > 0 && norm[k - 1] != ' ')
        norm[k++] = ' ';
    } else {
      norm[k++] = text[i];
    }
  }
  while (k > 0 && norm[k - 1] == ' ')
    k--;
  norm[k] = '\0';
  h = fnv1a(h, norm);
  free(norm);
  return fnv1a(h, enclosing_function(prog, &f->loc));
}

static int later_fixit(const wp_fixit *x, const wp_fixit *y)
{
  if (x->start.line != y->start.line)
    return x->start.line > y->start.line;
  if (x->start.col != y->start.col)
    return x->start.col > y->start.col;
  if (x->end.line != y->end.line)
    return x->end.line > y->end.line;
  return x->end.col > y->end.col;
}

/* The finding's fix-it as one SARIF fix: an artifactChange per file it
 * touches (in the order they first appear), holding that file's
 * replacements from the end of the file backwards, so that applying them
 * one after the other to the changing file gives the same as applying them
 * all to the original. */
static void fixes(FILE *out, const wp_finding *f, const wp_program *prog, const char *root)
{
  fputs(",\n        \"fixes\": [{\"description\": {\"text\": \"Apply wpcheck's fix-it.\"}, \"artifactChanges\": [",
        out);
  int nfiles = 0;
  for (int k = 0; k < f->nfixes; k++) {
    int file = f->fixes[k].start.file, seen = 0;
    for (int j = 0; j < k && !seen; j++)
      seen = f->fixes[j].start.file == file;
    if (seen)
      continue;
    fputs(nfiles++ ? ", {\"artifactLocation\": " : "{\"artifactLocation\": ", out);
    artifact_location(out, wp_s(prog, file), root);
    fputs(", \"replacements\": [", out);
    const wp_fixit **here = wp_xcalloc((size_t)f->nfixes, sizeof *here);
    int nhere = 0;
    for (int j = k; j < f->nfixes; j++) {
      if (f->fixes[j].start.file != file)
        continue;
      int at = nhere++; /* insertion sort: a handful of edits */
      while (at > 0 && later_fixit(&f->fixes[j], here[at - 1])) {
        here[at] = here[at - 1];
        at--;
      }
      here[at] = &f->fixes[j];
    }
    for (int n = 0; n < nhere; n++) {
      const wp_fixit *x = here[n];
      fprintf(out,
              "%s{\"deletedRegion\": {\"startLine\": %d, \"startColumn\": %d, \"endLine\": %d, "
              "\"endColumn\": %d}, \"insertedContent\": {\"text\": ",
              n ? ", " : "", x->start.line, x->start.col, x->end.line, x->end.col);
      wp_json_string(out, x->text);
      fputs("}}", out);
    }
    free(here);
    fputs("]}", out);
  }
  fputs("]}]", out);
}

static void rule_descriptor(FILE *out, const wp_rule_info *ri)
{
  const char *doc = wp_rule_doc(ri->name);
  fputs("{\"id\": ", out);
  wp_json_string(out, ri->id);
  fputs(", \"name\": ", out);
  pascal_case(out, ri->name);
  fputs(", \"shortDescription\": {\"text\": ", out);
  sentence(out, ri->summary);
  fputs("}, \"fullDescription\": {\"text\": ", out);
  char *full = what_it_finds(doc);
  sentence(out, full ? full : ri->summary);
  free(full);
  fputs("}, \"help\": {\"text\": ", out);
  if (doc != NULL) {
    wp_json_string(out, doc);
    fputs(", \"markdown\": ", out);
    wp_json_string(out, doc);
  } else {
    char *t = wp_xasprintf("%s (%s): %s. Suppress with `// wpcheck: ignore[RULE] reason`; the reason is "
                           "required, and a suppression must match a finding.",
                           ri->name, ri->id, ri->summary);
    wp_json_string(out, t);
    fputs(", \"markdown\": ", out);
    wp_json_string(out, t);
    free(t);
  }
  fputs("}, \"helpUri\": ", out);
  char *uri = wp_xasprintf("%s%s.md", WPCHECK_DOCS_URL, ri->name);
  wp_json_string(out, uri);
  free(uri);
  fputs(", \"defaultConfiguration\": {\"level\": ", out);
  wp_json_string(out, ri->severity);
  fputs("}, \"properties\": {\"tags\": [\"concurrency\", ", out);
  wp_json_string(out, ri->name);
  fputs("]}}", out);
}

void wp_output_sarif(FILE *out, const wp_report *r, const wp_program *prog, wp_sources *src, const char *root)
{
  fputs("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n"
        "  \"runs\": [{\n    \"tool\": {\"driver\": {\"name\": \"wpcheck\", \"version\": ",
        out);
  wp_json_string(out, WPCHECK_VERSION);
  fputs(", \"semanticVersion\": ", out);
  wp_json_string(out, WPCHECK_VERSION);
  fputs(", \"informationUri\": ", out);
  wp_json_string(out, WPCHECK_DOCS_URL);
  fputs(",\n      \"rules\": [", out);
  for (int i = 0; i < NRULES_OUT; i++) {
    fputs(i ? ",\n        " : "\n        ", out);
    rule_descriptor(out, wp_rule_info_of(i));
  }
  fputs("]}},\n    \"originalUriBaseIds\": {\"%SRCROOT%\": {\"uri\": ", out);
  fputs("\"file://", out);
  put_escaped(out, root);
  fputs(root[0] && root[strlen(root) - 1] == '/' ? "\"" : "/\"", out);
  fputs("}},\n    \"columnKind\": \"utf16CodeUnits\",\n    \"results\": [", out);
  uint64_t *seen = wp_xcalloc((size_t)r->n + 1, sizeof *seen);
  for (int i = 0; i < r->n; i++) {
    const wp_finding *f = &r->v[i];
    const wp_rule_info *ri = wp_rule_info_of(f->rule);
    const char *path = wp_s(prog, f->loc.file);
    fputs(i ? ",\n      {" : "\n      {", out);
    fputs("\"ruleId\": ", out);
    wp_json_string(out, ri->id);
    fprintf(out, ", \"ruleIndex\": %d, \"level\": ", f->rule);
    wp_json_string(out, ri->severity);
    fputs(", \"message\": {\"text\": ", out);
    sentence(out, f->msg);
    fputs("},\n        \"locations\": [{\"physicalLocation\": ", out);
    physical_location(out, path, f->loc.line, f->loc.col, root, src);
    fputs("}]", out);
    if (f->nnotes > 0) {
      fputs(",\n        \"relatedLocations\": [", out);
      for (int k = 0; k < f->nnotes; k++) {
        const wp_note *n = &f->notes[k];
        fprintf(out, "%s{\"id\": %d, \"physicalLocation\": ", k ? ", " : "", k + 1);
        physical_location(out, wp_s(prog, n->loc.file), n->loc.line, n->loc.col, root, src);
        fputs(", \"message\": {\"text\": ", out);
        sentence(out, n->msg);
        fputs("}}", out);
      }
      fputc(']', out);
    }
    /* the same rule on an identical line of the same function: number them */
    uint64_t h = fingerprint(f, prog, src, root);
    int dup = 0;
    for (int k = 0; k < i; k++)
      dup += seen[k] == h;
    seen[i] = h;
    fprintf(out, ",\n        \"partialFingerprints\": {\"wpcheck/v1\": \"%016llx:%d\"}", (unsigned long long)h,
            dup + 1);
    if (f->nfixes > 0)
      fixes(out, f, prog, root);
    fputc('}', out);
  }
  free(seen);
  fputs(r->n ? "\n    ]\n  }]\n}\n" : "]\n  }]\n}\n", out);
}
