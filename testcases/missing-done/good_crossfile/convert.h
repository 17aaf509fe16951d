/* Unit conversion tasks, one thread each. */
#ifndef CONVERT_H
#define CONVERT_H

#include <wpool.h>

struct conversion {
  int id;
  double celsius;
  double fahrenheit; /* out */
  int ok;            /* out */
  wp_wg *wg;         /* counted by the caller; done when finished */
};

void convert(void *arg); /* arg: struct conversion * */

#endif
