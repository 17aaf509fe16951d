/* Twin of bad_break_loop.c: the consumer marks itself done after the loop,
 * which every way out of the loop reaches. */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_CONSUMERS 2

struct consumer {
  int id;
  wp_queue *inbox; /* of int, closed by main */
  wp_wg *wg;
  long total;      /* read by main after the wait */
};

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

static void consume(void *arg)
{
  struct consumer *c = arg;
  for (;;) {
    int msg;
    int rc = wp_queue_recv(c->inbox, &msg);
    if (rc == WP_ECLOSED) /* everything handled */
      break;
    if (rc != WP_OK || msg < 0) {
      fprintf(stderr, "consumer %d: malformed message, giving up\n", c->id);
      break;
    }
    c->total += msg;
  }
  wp_wg_done(c->wg);
}

int main(void)
{
  static wp_wg wg = WP_WG_INIT;
  static struct consumer consumers[NUM_CONSUMERS];
  static const int messages[NUM_CONSUMERS][3] = {{1, 2, 3}, {4, -5, 6}};

  for (int i = 0; i < NUM_CONSUMERS; i++) {
    consumers[i] = (struct consumer){.id = i, .wg = &wg};
    consumers[i].inbox = wp_queue_new(sizeof(int), 3);
    if (consumers[i].inbox == NULL)
      die("wp_queue_new", WP_ENOMEM);
  }

  for (int i = 0; i < NUM_CONSUMERS; i++) {
    wp_wg_add(&wg, 1);
    int rc = wp_go(consume, &consumers[i]);
    if (rc != WP_OK)
      die("wp_go", rc);
  }

  for (int i = 0; i < NUM_CONSUMERS; i++) {
    for (int m = 0; m < 3; m++) {
      int rc = wp_queue_send(consumers[i].inbox, &messages[i][m]);
      if (rc != WP_OK)
        die("wp_queue_send", rc);
    }
    wp_queue_close(consumers[i].inbox);
  }

  int status = 0;
  if (wp_wg_wait_timeout(&wg, 5000) == WP_ETIMEDOUT) {
    fprintf(stderr, "a consumer never said it was done\n");
    status = 1;
  } else {
    for (int i = 0; i < NUM_CONSUMERS; i++)
      printf("consumer %d: total %ld\n", i, consumers[i].total);
    wp_wg_destroy(&wg);
  }
  for (int i = 0; i < NUM_CONSUMERS; i++)
    wp_queue_free(consumers[i].inbox);
  return status;
}
