/* Twin of bad_early_return.c: the error path leaves through the same
 * cleanup as the normal one, which closes the records queue, waits for the
 * indexers and frees the batch.  (The path where wp_queue_new failed has
 * nothing to close.) */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wpool.h>

#define NUM_INDEXERS 3

struct record {
  char key[16];
  int value;
};

struct batch {
  wp_queue *records; /* of struct record */
  wp_wg indexers;
  atomic_int sum;
};

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static int parse_record(const char *line, struct record *r)
{
  const char *eq = strchr(line, '=');
  if (eq == NULL || eq == line || (size_t)(eq - line) >= sizeof r->key)
    return -1;
  memset(r->key, 0, sizeof r->key);
  memcpy(r->key, line, (size_t)(eq - line));
  r->value = atoi(eq + 1);
  return 0;
}

static void indexer(void *arg)
{
  struct batch *b = arg;
  struct record r;
  WP_QUEUE_FOREACH(b->records, r) {
    atomic_fetch_add(&b->sum, r.value);
  }
}

static int index_batch(const char *const *lines, int n)
{
  int status = 0;
  struct batch *b = calloc(1, sizeof *b);
  if (b == NULL)
    return -1;
  b->records = wp_queue_new(sizeof(struct record), 4);
  if (b->records == NULL) {
    free(b);
    return -1;
  }

  for (int w = 0; w < NUM_INDEXERS; w++) {
    int rc = wp_wg_go(&b->indexers, indexer, b);
    if (rc != WP_OK)
      die("wp_wg_go", rc);
  }

  for (int i = 0; i < n; i++) {
    struct record r;
    if (parse_record(lines[i], &r) != 0) {
      fprintf(stderr, "line %d: malformed record '%s'\n", i + 1, lines[i]);
      status = -1;
      goto out; /* the cleanup closes the queue */
    }
    if (wp_queue_send(b->records, &r) != WP_OK)
      break;
  }

out:
  wp_queue_close(b->records);
  wp_wg_wait(&b->indexers);
  if (status == 0)
    printf("batch indexed, sum %d\n", atomic_load(&b->sum));

  wp_queue_free(b->records);
  wp_wg_destroy(&b->indexers);
  free(b);
  return status;
}

int main(void)
{
  const char *good[] = {"a=1", "b=2", "c=3", "d=4"};
  const char *broken[] = {"x=10", "y=20", "oops", "z=30"};

  if (index_batch(good, 4) != 0)
    fprintf(stderr, "first batch rejected\n");
  if (index_batch(broken, 4) != 0)
    fprintf(stderr, "second batch rejected\n");
  return 0;
}
