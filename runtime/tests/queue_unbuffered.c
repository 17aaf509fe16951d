/* Unbuffered queues (capacity 0): a send completes only when a receiver
 * takes the element, in both arrival orders; try_send succeeds only with a
 * receiver waiting, try_recv only with a sender waiting; order is kept; len
 * stays 0.  No assertion depends on timing: the sleeps only make it likely
 * that the side under test arrives first. */
#include "util.h"

enum { K = 50 };

/* --- the receiver arrives late: the sender must wait for it ------------ */

struct late_receiver {
  wp_queue *q;
  _Atomic int recv_calls; /* receive calls begun */
  int got[K];
  int rc[K];
};

static void *late_receiver_main(void *arg) {
  struct late_receiver *r = arg;
  for (int i = 0; i < K; i++) {
    util_sleep_ms(2); /* the sender is most likely blocked by now */
    atomic_store(&r->recv_calls, i + 1);
    r->rc[i] = wp_queue_recv(r->q, &r->got[i]);
  }
  return NULL;
}

static void test_sender_waits_for_receiver(void) {
  wp_queue *q = wp_queue_new(sizeof(int), 0);
  CHECK_NOT_NULL(q);
  struct late_receiver r = {.q = q};
  pthread_t t = util_thread(late_receiver_main, &r);
  for (int i = 0; i < K; i++) {
    CHECK_OK(wp_queue_send(q, &i));
    /* Element i was handed to a receive call: the (i+1)-th one had begun. */
    CHECK_GE(atomic_load(&r.recv_calls), i + 1);
    CHECK_UEQ(wp_queue_len(q), 0);
  }
  util_join(t);
  for (int i = 0; i < K; i++) {
    CHECK_OK(r.rc[i]);
    CHECK_EQ(r.got[i], i);
  }
  wp_queue_free(q);
}

/* --- many senders, one slow receiver: sends never outrun receives ------- */

struct sender {
  wp_queue *q;
  int value;
  int rc;
  _Atomic int *returned;
};

static void *sender_main(void *arg) {
  struct sender *s = arg;
  s->rc = wp_queue_send(s->q, &s->value);
  atomic_fetch_add(s->returned, 1);
  return NULL;
}

static void test_senders_never_outrun_receives(void) {
  enum { S = 8 };
  wp_queue *q = wp_queue_new(sizeof(int), 0);
  CHECK_NOT_NULL(q);
  _Atomic int returned = 0;
  struct sender s[S];
  pthread_t t[S];
  for (int i = 0; i < S; i++) {
    s[i] = (struct sender){q, i, -100, &returned};
    t[i] = util_thread(sender_main, &s[i]);
  }
  int seen[S] = {0};
  for (int i = 0; i < S; i++) {
    util_sleep_ms(5);
    /* Only i receives happened so far, so at most i sends completed. */
    CHECK_LE(atomic_load(&returned), i);
    CHECK_UEQ(wp_queue_len(q), 0);
    int v = -1;
    CHECK_OK(wp_queue_recv(q, &v));
    CHECK_GE(v, 0);
    CHECK_LT(v, S);
    seen[v]++;
  }
  for (int i = 0; i < S; i++) {
    util_join(t[i]);
    CHECK_OK(s[i].rc);
    CHECK_EQ(seen[i], 1);
  }
  CHECK_EQ(atomic_load(&returned), S);
  int v;
  CHECK_ST(wp_queue_try_recv(q, &v), WP_EAGAIN);
  wp_queue_free(q);
}

/* --- the receiver arrives first ----------------------------------------- */

struct early_receiver {
  wp_queue *q;
  int got[K];
  int rc[K];
};

static void *early_receiver_main(void *arg) {
  struct early_receiver *r = arg;
  for (int i = 0; i < K; i++)
    r->rc[i] = wp_queue_recv(r->q, &r->got[i]);
  return NULL;
}

static void test_receiver_first(void) {
  wp_queue *q = wp_queue_new(sizeof(int), 0);
  CHECK_NOT_NULL(q);
  struct early_receiver r = {.q = q};
  pthread_t t = util_thread(early_receiver_main, &r);
  for (int i = 0; i < K; i++) {
    if (i % 10 == 0)
      util_sleep_ms(2); /* the receiver is most likely waiting */
    CHECK_OK(wp_queue_send(q, &i));
  }
  util_join(t);
  for (int i = 0; i < K; i++) {
    CHECK_OK(r.rc[i]);
    CHECK_EQ(r.got[i], i);
  }
  wp_queue_free(q);
}

/* --- try_send / try_recv ------------------------------------------------- */

static void test_try_without_partner(void) {
  wp_queue *q = wp_queue_new(sizeof(int), 0);
  CHECK_NOT_NULL(q);
  int x = 5, v = -1;
  CHECK_ST(wp_queue_try_send(q, &x), WP_EAGAIN);
  CHECK_ST(wp_queue_send_timeout(q, &x, 0), WP_EAGAIN);
  /* Nothing was left behind by the failed sends. */
  CHECK_ST(wp_queue_try_recv(q, &v), WP_EAGAIN);
  CHECK_ST(wp_queue_recv_timeout(q, &v, 0), WP_EAGAIN);
  CHECK_EQ(v, -1);
  CHECK_UEQ(wp_queue_len(q), 0);
  CHECK_UEQ(wp_queue_cap(q), 0);
  wp_queue_free(q);
}

struct one_recv {
  wp_queue *q;
  int value;
  int rc;
};

static void *one_recv_main(void *arg) {
  struct one_recv *r = arg;
  r->rc = wp_queue_recv(r->q, &r->value);
  return NULL;
}

static void *one_send_main(void *arg) {
  struct one_recv *r = arg;
  r->rc = wp_queue_send(r->q, &r->value);
  return NULL;
}

/* Retries op until it stops returning WP_EAGAIN (the partner thread may not
 * be waiting yet); fails after a very long time rather than hanging. */
static int retry_eagain(int (*op)(wp_queue *, int *), wp_queue *q, int *v) {
  unsigned spins = 0;
  for (int attempts = 0; attempts < 100000; attempts++) {
    int rc = op(q, v);
    if (rc != WP_EAGAIN)
      return rc;
    util_backoff(&spins);
  }
  FAIL("still WP_EAGAIN with a partner waiting\n");
}

static int do_try_send(wp_queue *q, int *v) { return wp_queue_try_send(q, v); }
static int do_try_recv(wp_queue *q, int *v) { return wp_queue_try_recv(q, v); }
static int do_send0(wp_queue *q, int *v) {
  return wp_queue_send_timeout(q, v, 0);
}
static int do_recv0(wp_queue *q, int *v) {
  return wp_queue_recv_timeout(q, v, 0);
}

static void test_try_with_partner(void) {
  wp_queue *q = wp_queue_new(sizeof(int), 0);
  CHECK_NOT_NULL(q);
  for (int round = 0; round < 20; round++) {
    /* A receiver waits: try_send (or a 0 timeout) hands it the element. */
    struct one_recv r = {q, -1, -100};
    pthread_t t = util_thread(one_recv_main, &r);
    int x = 100 + round;
    CHECK_OK(retry_eagain(round % 2 ? do_try_send : do_send0, q, &x));
    util_join(t);
    CHECK_OK(r.rc);
    CHECK_EQ(r.value, 100 + round);

    /* A sender waits: try_recv (or a 0 timeout) takes its element. */
    struct one_recv s = {q, 200 + round, -100};
    t = util_thread(one_send_main, &s);
    int v = -1;
    CHECK_OK(retry_eagain(round % 2 ? do_try_recv : do_recv0, q, &v));
    CHECK_EQ(v, 200 + round);
    util_join(t);
    CHECK_OK(s.rc);
    CHECK_UEQ(wp_queue_len(q), 0);

    /* And with both gone, the polls fail again. */
    CHECK_ST(wp_queue_try_send(q, &x), WP_EAGAIN);
    CHECK_ST(wp_queue_try_recv(q, &v), WP_EAGAIN);
  }
  wp_queue_free(q);
}

/* A blocked sender's element is not counted by len and is taken whole. */
struct big {
  char text[300];
};

static void *big_sender_main(void *arg) {
  wp_queue *q = arg;
  struct big b;
  memset(&b, 'x', sizeof b);
  b.text[sizeof b.text - 1] = '\0';
  CHECK_OK(wp_queue_send(q, &b));
  return NULL;
}

static void test_big_rendezvous(void) {
  wp_queue *q = wp_queue_new(sizeof(struct big), 0);
  CHECK_NOT_NULL(q);
  pthread_t t = util_thread(big_sender_main, q);
  util_sleep_ms(10);
  CHECK_UEQ(wp_queue_len(q), 0);
  struct big b;
  memset(&b, 0, sizeof b);
  CHECK_OK(wp_queue_recv(q, &b));
  util_join(t);
  CHECK_UEQ(strlen(b.text), sizeof b.text - 1);
  for (size_t i = 0; i + 1 < sizeof b.text; i++)
    CHECK_EQ(b.text[i], 'x');
  wp_queue_free(q);
}

int main(void) {
  test_sender_waits_for_receiver();
  test_senders_never_outrun_receives();
  test_receiver_first();
  test_try_without_partner();
  test_try_with_partner();
  test_big_rendezvous();
  return 0;
}
