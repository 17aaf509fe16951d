/* count_words takes the waitgroup by value (see words.h): the done at its
 * end is on its own copy. */
#include <ctype.h>
#include "words.h"

atomic_int total_words;

void count_words(const char *text, wp_wg wg) // expect-static: waitgroup-by-value
{
  WP_DEFER_DONE(&wg); // expect-runtime: waitgroup-by-value
  int n = 0, in_word = 0;
  for (const char *p = text; *p != '\0'; p++) {
    if (isspace((unsigned char)*p)) {
      in_word = 0;
    } else if (!in_word) {
      in_word = 1;
      n++;
    }
  }
  atomic_fetch_add(&total_words, n);
}
