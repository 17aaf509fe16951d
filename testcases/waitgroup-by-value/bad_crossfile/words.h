/* Word counting, one thread per text. */
#ifndef WORDS_H
#define WORDS_H

#include <stdatomic.h>
#include <wpool.h>

extern atomic_int total_words;

/* Counts the words of text into total_words and marks itself done on wg. */
void count_words(const char *text, wp_wg wg);

#endif
