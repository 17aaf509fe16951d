/* The conversion thread rejects temperatures below absolute zero; its
 * WP_DEFER_DONE marks it done on that path too. */
#include <stdio.h>
#include "convert.h"

void convert(void *arg)
{
  struct conversion *c = arg;
  WP_DEFER_DONE(c->wg);
  if (c->celsius < -273.15) {
    fprintf(stderr, "conversion %d: %.2f C is below absolute zero\n", c->id, c->celsius);
    return;
  }
  c->fahrenheit = c->celsius * 9.0 / 5.0 + 32.0;
  c->ok = 1;
}
