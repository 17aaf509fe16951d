/* Twin of ../bad_crossfile/: the conversion thread (convert.c) marks itself
 * done on every path, so the invalid input is reported and the wait ends. */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>
#include "convert.h"

#define NUM_CONVERSIONS 4

int main(void)
{
  static wp_wg wg = WP_WG_INIT;
  static struct conversion conv[NUM_CONVERSIONS] = {
      {.id = 0, .celsius = 0.0},
      {.id = 1, .celsius = 100.0},
      {.id = 2, .celsius = -300.0},
      {.id = 3, .celsius = 37.0},
  };

  for (int i = 0; i < NUM_CONVERSIONS; i++) {
    conv[i].wg = &wg;
    wp_wg_add(&wg, 1);
    int rc = wp_go(convert, &conv[i]);
    if (rc != WP_OK) {
      fprintf(stderr, "wp_go: %s\n", wp_strerror(rc));
      wp_wg_done(&wg);
    }
  }

  if (wp_wg_wait_timeout(&wg, 5000) != WP_OK) {
    fprintf(stderr, "the conversions did not all finish\n");
    return 1;
  }
  for (int i = 0; i < NUM_CONVERSIONS; i++) {
    if (conv[i].ok)
      printf("%.2f C = %.2f F\n", conv[i].celsius, conv[i].fahrenheit);
  }
  wp_wg_destroy(&wg);
  return 0;
}
