#include "check.h"

#include <stdio.h>

#include "analysis.h"
#include "cfg.h"
#include "rules_run.h"

int wp_check_inputs(wp_program *prog, wp_report *report, const wp_input *inputs, int ninputs, const wp_options *o,
                    int jobs)
{
  /* parse + facts per file, on -j workers; merged in input order */
  int failed = wp_extract_all(prog, inputs, ninputs, o->clang_args, o->nclang_args, jobs);
  wp_analysis a;
  wp_analysis_init(&a, prog, report);
  if (o->dump_cfg)
    wp_cfg_dump(prog, stderr);
  for (int r = 0; r < WP_NRULES; r++)
    if (o->enabled[r] && wp_rule_fns[r] != NULL)
      wp_rule_fns[r](&a);
  wp_analysis_free(&a);
  return failed;
}
