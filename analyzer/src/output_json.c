/* --format=json: an array of {"file","line","column","rule","id",
 * "severity","message","notes":[{"file","line","column","message"}],
 * "fixes":[{"file","line","column","end_line","end_column","text"}]}
 * (analyzer/tests/wpcheck.schema.json). */
#include "output.h"
#include "registry.h"

void wp_json_string(FILE *out, const char *s)
{
  fputc('"', out);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"': fputs("\\\"", out); break;
    case '\\': fputs("\\\\", out); break;
    case '\n': fputs("\\n", out); break;
    case '\r': fputs("\\r", out); break;
    case '\t': fputs("\\t", out); break;
    case '\b': fputs("\\b", out); break;
    case '\f': fputs("\\f", out); break;
    default:
      if (*p < 0x20)
        fprintf(out, "\\u%04x", *p);
      else
        fputc(*p, out);
    }
  }
  fputc('"', out);
}

void wp_output_json(FILE *out, const wp_report *r, const wp_strtab *strs)
{
  fputc('[', out);
  for (int i = 0; i < r->n; i++) {
    const wp_finding *f = &r->v[i];
    const wp_rule_info *ri = wp_rule_info_of(f->rule);
    fputs(i ? ",\n  {" : "\n  {", out);
    fputs("\"file\": ", out);
    wp_json_string(out, wp_str(strs, f->loc.file));
    fprintf(out, ", \"line\": %d, \"column\": %d, \"rule\": ", f->loc.line, f->loc.col);
    wp_json_string(out, ri->name);
    fputs(", \"id\": ", out);
    wp_json_string(out, ri->id);
    fputs(", \"severity\": ", out);
    wp_json_string(out, ri->severity);
    fputs(", \"message\": ", out);
    wp_json_string(out, f->msg);
    fputs(", \"notes\": [", out);
    for (int k = 0; k < f->nnotes; k++) {
      const wp_note *n = &f->notes[k];
      fputs(k ? ", {\"file\": " : "{\"file\": ", out);
      wp_json_string(out, wp_str(strs, n->loc.file));
      fprintf(out, ", \"line\": %d, \"column\": %d, \"message\": ", n->loc.line, n->loc.col);
      wp_json_string(out, n->msg);
      fputc('}', out);
    }
    fputs("], \"fixes\": [", out);
    for (int k = 0; k < f->nfixes; k++) {
      const wp_fixit *x = &f->fixes[k];
      fprintf(out, "%s{\"file\": ", k ? ", " : "");
      wp_json_string(out, wp_str(strs, x->start.file));
      fprintf(out, ", \"line\": %d, \"column\": %d, \"end_line\": %d, \"end_column\": %d, \"text\": ",
              x->start.line, x->start.col, x->end.line, x->end.col);
      wp_json_string(out, x->text);
      fputc('}', out);
    }
    fputs("]}", out);
  }
  fputs(r->n ? "\n]\n" : "]\n", out);
}
