/* libFuzzer target: the fuzz input is the text of a C file, checked by the
 * whole of wpcheck in memory.  libclang parses it from an unsaved file
 * (parse.c), its facts are extracted and every rule runs (check.c, as
 * wpcheck's main does), then suppression comments are applied and the
 * findings are written in the three output formats into a memory stream.
 * A line FUZZ_SPLIT in the input starts another file: the files are checked
 * together on two workers, as one program (spawns and calls across files,
 * the merge of their facts).
 * What session.c adds on top reads or writes the file system (.wpcheck
 * files, git for --diff and SARIF's root, --fix) and is left out: nothing is
 * written, and everything an input allocates is freed before the next one
 * (libFuzzer's -detect_leaks). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli.h"
#include "output.h"
#include "suppress.h"

#define FUZZ_SPLIT "//--- next file\n" /* run_fuzz.py joins multi-file seeds with it */
#define FUZZ_MAX_FILES 4

static wp_options opts; /* wpcheck's defaults (every rule on), kept for the run */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  char *args[] = {"wpcheck", "fuzz_input.c", NULL};
  char err[256] = "";
  if (wp_cli_parse(2, args, &opts, err, sizeof err) != 0) {
    fprintf(stderr, "fuzz_wpcheck: %s\n", err);
    abort();
  }
  return 0;
}

/* The next FUZZ_SPLIT line in text[from, size) (from is a line start), or
 * NULL. */
static const char *next_split(const char *text, size_t from, size_t size)
{
  const size_t mlen = strlen(FUZZ_SPLIT);
  for (size_t at = from; at < size;) {
    const char *m = memmem(text + at, size - at, FUZZ_SPLIT, mlen);
    if (m == NULL)
      return NULL;
    if (m == text + from || m[-1] == '\n')
      return m;
    at = (size_t)(m - text) + 1;
  }
  return NULL;
}

/* Cuts text at its FUZZ_SPLIT lines into at most FUZZ_MAX_FILES inputs (the
 * last one keeps the rest), named in names[]: relative, so that findings
 * name no directory of the machine, and never read (their text is the
 * input's).  The count. */
static int split_files(const char *text, size_t size, wp_input *in, char names[][32])
{
  int n = 0;
  size_t at = 0;
  for (;;) {
    memset(&in[n], 0, sizeof in[n]);
    snprintf(names[n], sizeof names[n], "fuzz_input_%d.c", n + 1);
    in[n].path = names[n];
    in[n].contents = text + at;
    const char *cut = n + 1 < FUZZ_MAX_FILES ? next_split(text, at, size) : NULL;
    if (cut == NULL) {
      in[n].len = size - at;
      return n + 1;
    }
    in[n].len = (size_t)(cut - (text + at));
    at = (size_t)(cut - text) + strlen(FUZZ_SPLIT);
    n++;
  }
}

/* Every output format, into memory: what wpcheck would print. */
static void write_outputs(const wp_report *r, const wp_program *prog, wp_sources *src)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  if (out == NULL) {
    perror("fuzz_wpcheck: open_memstream");
    abort();
  }
  wp_output_text(out, r, &prog->strs, src, 1);
  wp_output_json(out, r, &prog->strs);
  wp_output_sarif(out, r, prog, src, "/");
  if (fclose(out) != 0) {
    perror("fuzz_wpcheck: writing the outputs");
    abort();
  }
  free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  /* an empty input may come as NULL: contents must not be NULL, or the
   * parser would read the file from the disk */
  const char *text = size > 0 ? (const char *)data : "";
  wp_input in[FUZZ_MAX_FILES];
  char names[FUZZ_MAX_FILES][32];
  int n = split_files(text, size, in, names);

  wp_program prog;
  memset(&prog, 0, sizeof prog);
  wp_report report = {NULL, 0, 0};
  wp_check_inputs(&prog, &report, in, n, &opts, n > 1 ? 2 : 1);
  wp_report_finish(&report, &prog.strs);

  wp_sources *src = wp_sources_new();
  char *files[FUZZ_MAX_FILES];
  for (int i = 0; i < n; i++) {
    files[i] = names[i];
    if (wp_sources_set(src, names[i], in[i].contents, in[i].len) != 0)
      abort(); /* the names are distinct */
  }
  wp_suppress(&report, &prog.strs, src, files, n, opts.enabled);
  write_outputs(&report, &prog, src);

  wp_sources_free(src);
  wp_report_free(&report);
  wp_program_free(&prog);
  return 0;
}
