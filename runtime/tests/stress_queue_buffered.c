/* Stress: WPOOL_STRESS_SCALE million elements (10 million at the default
 * scale) through buffered queues, 8 producers and 8 consumers, each
 * element received exactly once (see stress_pc.h). */
#include "stress_pc.h"

int main(int argc, char **argv) {
  uint64_t total = (uint64_t)util_stress_scale(argc, argv) * 1000000u;
  pc_run(1024, total);
  pc_run(1, total / 10); /* a one-slot queue: every send a handoff */
  return 0;
}
