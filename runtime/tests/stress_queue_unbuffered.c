/* Stress: WPOOL_STRESS_SCALE million elements (10 million at the default
 * scale) through an unbuffered queue, 8 producers and 8 consumers, each
 * element received exactly once (see stress_pc.h). */
#include "stress_pc.h"

int main(int argc, char **argv) {
  uint64_t total = (uint64_t)util_stress_scale(argc, argv) * 1000000u;
  pc_run(0, total);
  return 0;
}
