/* The conversion thread rejects temperatures below absolute zero -- and
 * returns without marking itself done. */
#include <stdio.h>
#include "convert.h"

void convert(void *arg)
{
  struct conversion *c = arg;
  if (c->celsius < -273.15) {
    fprintf(stderr, "conversion %d: %.2f C is below absolute zero\n", c->id, c->celsius);
    return; // expect-static: missing-done
  }
  c->fahrenheit = c->celsius * 9.0 / 5.0 + 32.0;
  c->ok = 1;
  wp_wg_done(c->wg);
}
