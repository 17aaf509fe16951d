/* Control flow graph storage (nodes in ir.h) and its debug dump. */
#ifndef WPCHECK_CFG_H
#define WPCHECK_CFG_H
#include <stdio.h>

#include "ir.h"

void wp_cfg_dump(const wp_program *p, FILE *out);

#endif
