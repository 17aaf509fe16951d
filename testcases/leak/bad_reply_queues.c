/* Request/reply: every request carries its own one-slot reply queue, made
 * by the client for that request.  The server answers on it and closes it;
 * the client reads the answer but never frees the reply queue, so one queue
 * per request is left behind.  Corrected twin: good_reply_queues.c. */
#include <stdio.h>
#include <stdlib.h>
#include <wpool.h>

#define NUM_REQUESTS 5

struct request {
  int n;
  wp_queue *reply; /* of long, capacity 1 */
};

static _Noreturn void die(const char *what, int rc)
{
  fprintf(stderr, "%s: %s\n", what, wp_strerror(rc));
  exit(1);
}

/* answers each request with n squared, until the requests queue is closed */
static void server(void *arg)
{
  wp_queue *requests = arg;
  struct request req;
  WP_QUEUE_FOREACH(requests, req) {
    long answer = (long)req.n * req.n;
    (void)wp_queue_send(req.reply, &answer);
    wp_queue_close(req.reply);
  }
}

static long ask(wp_queue *requests, int n)
{
  struct request req = {.n = n};
  req.reply = wp_queue_new(sizeof(long), 1); // expect-runtime: leak
  if (req.reply == NULL)
    die("wp_queue_new", WP_ENOMEM);
  int rc = wp_queue_send(requests, &req);
  if (rc != WP_OK)
    die("wp_queue_send", rc);
  long answer = -1;
  rc = wp_queue_recv(req.reply, &answer);
  if (rc != WP_OK)
    die("wp_queue_recv", rc);
  return answer;
}

int main(void)
{
  wp_wg server_wg = WP_WG_INIT;
  wp_queue *requests = wp_queue_new(sizeof(struct request), 0);
  if (requests == NULL)
    die("wp_queue_new", WP_ENOMEM);
  int rc = wp_wg_go(&server_wg, server, requests);
  if (rc != WP_OK)
    die("wp_wg_go", rc);

  for (int i = 1; i <= NUM_REQUESTS; i++)
    printf("%d squared is %ld\n", i, ask(requests, i));

  wp_queue_close(requests);
  wp_wg_wait(&server_wg);
  wp_queue_free(requests);
  wp_wg_destroy(&server_wg);
  return 0;
}
