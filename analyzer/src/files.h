/* Input files: the .c files named on the command line, and those found
 * (recursively, in sorted order) in the directories named. */
#ifndef WPCHECK_FILES_H
#define WPCHECK_FILES_H

typedef struct wp_files {
  char **v;
  int n, cap;
} wp_files;

/* Adds path (a file, or a directory's .c files). -1 and a message on stderr
 * if it cannot be read. */
int wp_files_add(wp_files *f, const char *path);
void wp_files_free(wp_files *f);

#endif
