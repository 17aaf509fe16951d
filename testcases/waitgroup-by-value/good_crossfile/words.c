/* count_words takes a pointer to the waitgroup (see words.h). */
#include <ctype.h>
#include "words.h"

atomic_int total_words;

void count_words(const char *text, wp_wg *wg)
{
  WP_DEFER_DONE(wg);
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
