/* Stress: senders race a close.  In each round 6 senders send numbered
 * elements (with send, send_timeout, try_send or a select, one way each)
 * until the queue is closed under them, while 2 consumers receive (with
 * recv and with select) -- or, in some rounds, start only after the close,
 * so that the close finds senders blocked.  Every send must return WP_OK or
 * WP_ECLOSED (WP_ETIMEDOUT / WP_EAGAIN only for the timed and polling
 * variants, which then retry), and the elements received must be exactly
 * the ones whose send returned WP_OK: each sender's first k values, once
 * each, in order per consumer.  Capacities 0, 1 and 8. */
#include "util.h"

enum { S = 6, CONS = 2, MAXSEQ = 1 << 15 };

struct round {
  wp_queue *q;
  _Atomic long received; /* elements received so far (for the closer) */
  _Atomic unsigned char seen[S][MAXSEQ];
  long ok[S]; /* per sender: sends that returned WP_OK */
};

static uint64_t pack(int s, long seq) {
  return ((uint64_t)s << 32) | (uint64_t)seq;
}

struct sender_arg {
  struct round *r;
  int id;
};

static void sender(void *arg) {
  struct sender_arg *a = arg;
  struct round *r = a->r;
  int mode = a->id % 4;
  long seq = 0;
  unsigned spins = 0;
  while (seq < MAXSEQ) {
    uint64_t v = pack(a->id, seq);
    int rc;
    switch (mode) {
    case 0:
      rc = wp_queue_send(r->q, &v);
      break;
    case 1:
      rc = wp_queue_send_timeout(r->q, &v, 1);
      if (rc == WP_ETIMEDOUT)
        continue;
      break;
    case 2:
      rc = wp_queue_try_send(r->q, &v);
      if (rc == WP_EAGAIN) {
        util_backoff(&spins);
        continue;
      }
      spins = 0;
      break;
    default: {
      wp_case cs[2] = {{NULL, WP_SEND, &v, -100}, {r->q, WP_SEND, &v, -100}};
      int k = wp_select(cs, 2, -1);
      CHECK_ST(k, 1);
      rc = cs[1].status;
      break;
    }
    }
    if (rc == WP_ECLOSED)
      break;
    if (rc != WP_OK)
      FAIL("sender %d (mode %d): %s\n", a->id, mode, wp_err_name(rc));
    seq++;
  }
  r->ok[a->id] = seq;
}

struct consumer_arg {
  struct round *r;
  int id;
};

static void receive_one(struct round *r, int cid, uint64_t v, long *last) {
  int s = (int)(v >> 32);
  long seq = (long)(v & 0xffffffffu);
  if (s < 0 || s >= S || seq >= MAXSEQ)
    FAIL("consumer %d: bad element %" PRIx64 "\n", cid, v);
  if (atomic_fetch_add_explicit(&r->seen[s][seq], 1, memory_order_relaxed))
    FAIL("consumer %d: sender %d's %ld received twice\n", cid, s, seq);
  if (seq <= last[s])
    FAIL("consumer %d: sender %d's %ld after %ld\n", cid, s, seq, last[s]);
  last[s] = seq;
  atomic_fetch_add(&r->received, 1);
}

static void consumer(void *arg) {
  struct consumer_arg *a = arg;
  struct round *r = a->r;
  long last[S];
  for (int s = 0; s < S; s++)
    last[s] = -1;
  uint64_t v;
  if (a->id % 2 == 0) {
    int rc;
    while ((rc = wp_queue_recv(r->q, &v)) == WP_OK)
      receive_one(r, a->id, v, last);
    CHECK_ST(rc, WP_ECLOSED);
  } else {
    for (;;) {
      wp_case c = {r->q, WP_RECV, &v, -100};
      CHECK_ST(wp_select(&c, 1, -1), 0);
      if (c.status == WP_ECLOSED)
        break;
      CHECK_OK(c.status);
      receive_one(r, a->id, v, last);
    }
  }
}

static void run_round(struct round *r, int round, size_t cap, bool late) {
  memset(r, 0, sizeof *r);
  r->q = wp_queue_new(sizeof(uint64_t), cap);
  CHECK_NOT_NULL(r->q);
  struct sender_arg sa[S];
  struct consumer_arg ca[CONS];
  wp_wg senders = WP_WG_INIT, consumers = WP_WG_INIT;
  if (!late)
    for (int i = 0; i < CONS; i++) {
      ca[i] = (struct consumer_arg){r, i};
      CHECK_OK(wp_wg_go(&consumers, consumer, &ca[i]));
    }
  for (int i = 0; i < S; i++) {
    sa[i] = (struct sender_arg){r, i};
    CHECK_OK(wp_wg_go(&senders, sender, &sa[i]));
  }
  if (late) {
    util_sleep_ms(round % 3); /* senders fill the queue and block */
  } else {
    long target = (long)(round % 5) * 300; /* 0: close at once */
    unsigned spins = 0;
    while (atomic_load(&r->received) < target)
      util_backoff(&spins);
  }
  CHECK_OK(wp_queue_close(r->q));
  CHECK_ST(wp_queue_close(r->q), WP_ECLOSED);
  if (late)
    for (int i = 0; i < CONS; i++) {
      ca[i] = (struct consumer_arg){r, i};
      CHECK_OK(wp_wg_go(&consumers, consumer, &ca[i]));
    }
  CHECK_OK(wp_wg_wait(&senders));
  CHECK_OK(wp_wg_wait(&consumers));

  long total_ok = 0;
  for (int s = 0; s < S; s++) {
    CHECK_LE(r->ok[s], MAXSEQ);
    for (long seq = 0; seq < MAXSEQ; seq++) {
      int n = atomic_load_explicit(&r->seen[s][seq], memory_order_relaxed);
      int want = seq < r->ok[s] ? 1 : 0;
      if (n != want)
        FAIL("round %d (capacity %zu%s): sender %d's element %ld: send "
             "returned %s but it was received %d times\n",
             round, cap, late ? ", late consumers" : "", s, seq,
             want ? "WP_OK" : "WP_ECLOSED (or was never sent)", n);
    }
    total_ok += r->ok[s];
  }
  CHECK_EQ(atomic_load(&r->received), total_ok);
  if (late)
    CHECK_LE(total_ok, (long)cap); /* only what the buffer held */
  wp_queue_free(r->q);
  wp_wg_destroy(&senders);
  wp_wg_destroy(&consumers);
}

int main(int argc, char **argv) {
  long scale = util_stress_scale(argc, argv);
  int rounds = (int)(30 * scale);
  struct round *r = malloc(sizeof *r);
  CHECK_NOT_NULL(r);
  static const size_t caps[] = {0, 1, 8};
  for (int i = 0; i < rounds; i++)
    run_round(r, i, caps[i % 3], i % 4 == 3);
  free(r);
  fprintf(stderr, "%d close races: ok\n", rounds);
  return 0;
}
