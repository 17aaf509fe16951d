/* Waitgroups: Go's sync.WaitGroup.
 *
 * The whole state is one 64-bit word, so that all-zero bytes are a valid
 * empty waitgroup and every transition is one compare-and-swap:
 *   bits 63..32  the counter (signed)
 *   bits 31..16  the generation, bumped each time waiters are released
 *   bits 15..0   the number of waiters
 * Waiters sleep on the low 32 bits (a futex): any release changes them.  A
 * waiter whose generation changed was released, which also lets a timed-out
 * waiter withdraw without disturbing waiters of a later round. */
#include <limits.h>

#include "debug.h"
#include "park.h"
#include "spawn.h"
#include "tsan.h"

#define CNT(s) ((int32_t)(uint32_t)((s) >> 32))
#define GEN(s) ((uint32_t)((s) >> 16) & 0xFFFFu)
#define WAITERS(s) ((uint32_t)(s) & 0xFFFFu)
#define MAKE(cnt, gen, waiters)                                               \
  (((uint64_t)(uint32_t)(cnt) << 32) | ((uint64_t)((gen) & 0xFFFFu) << 16) |  \
   (uint64_t)(waiters))

enum { MAX_WAITERS = 0xFFFF, CROWDED_POLL_MS = 1 };

/* The futex word: the low half of the state. */
static uint32_t *futex_word(wp_wg *wg) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return (uint32_t *)(void *)&wg->state_;
#else
  return (uint32_t *)(void *)&wg->state_ + 1;
#endif
}

void wp__wg_init_at(wp_wg *wg, const wp_site *site) {
  if (!wg)
    return;
  WP__STORE(&wg->state_, 0);
  wg->self_ = NULL;
  wg->debug_id_ = 0;
  wg->race_ = 0;
  if (WP__DEBUG())
    wp__dbg_wg_init(wg, site);
}

/* The counter change itself; *count gets the counter after it. */
static WP__HOT_INLINE int change(wp_wg *wg, int delta, int64_t *count) {
  uint64_t s = WP__LOAD(&wg->state_);
  for (;;) {
    int64_t cnt = (int64_t)CNT(s) + delta;
    *count = cnt;
    if (cnt < 0 || cnt > INT32_MAX)
      return WP_EINVAL;
    bool release = cnt == 0 && WAITERS(s) > 0;
    uint64_t ns = release ? MAKE(0, GEN(s) + 1, 0)
                          : MAKE(cnt, GEN(s), WAITERS(s));
    if (WP__CAS(&wg->state_, &s, ns)) {
      if (release)
        wp__futex_wake(futex_word(wg), INT_MAX);
      return WP_OK;
    }
  }
}

/* change(), with what ThreadSanitizer is told (tsan.h): a done releases
 * the waitgroup; the atomics themselves order nothing in TSan's eyes. */
static WP__HOT_INLINE int add(wp_wg *wg, int delta, int64_t *count) {
  if (delta < 0)
    wp__tsan_release(wg);
  wp__tsan_ignore_sync_begin();
  int err = change(wg, delta, count);
  wp__tsan_ignore_sync_end();
  return err;
}

/* The user's add raised the counter from zero: for TSan, a read that races
 * with an unordered first waiter's write. */
static void added(wp_wg *wg, int err, int delta, int64_t count) {
  if (!err && delta > 0 && count == delta)
    wp__tsan_read(&wg->race_);
}

int wp__wg_add_raw(wp_wg *wg, int delta) {
  int64_t count;
  return add(wg, delta, &count);
}

/* An add with wg NULL, or in debug mode (see WP__NULL_OR_DEBUG). */
static WP__COLD int add_debug(wp_wg *wg, int delta, const wp_site *site) {
  if (!wg)
    return WP_EINVAL;
  int64_t count;
  wp__wg_debug *e;
  if (!wp__dbg_wg_use(wg, site, delta == -1 ? "wp_wg_done" : "wp_wg_add",
                      &e))
    return WP_EINVAL;
  if (delta < 0)
    wp__dbg_wg_releasing(e);
  int err = add(wg, delta, &count);
  added(wg, err, delta, count);
  if (err == WP_EINVAL && count < 0)
    wp__dbg_wg_negative(e, site, (int)(count - delta), delta);
  else if (!err)
    wp__dbg_wg_added(e, site, (int)(count - delta), delta);
  return err;
}

int wp__wg_add_at(wp_wg *wg, int delta, const wp_site *site) {
  if (WP__NULL_OR_DEBUG(wg))
    return add_debug(wg, delta, site);
  int64_t count;
  int err = add(wg, delta, &count);
  added(wg, err, delta, count);
  return err;
}

/* Registers the caller as a waiter; returns false if the counter is zero.
 * *gen gets the generation whose release the caller waits for, *first
 * whether the caller is the round's first waiter. */
static bool register_waiter(wp_wg *wg, uint64_t deadline, uint32_t *gen,
                            bool *first) {
  uint64_t s = WP__LOAD(&wg->state_);
  for (;;) {
    if (CNT(s) == 0)
      return false;
    if (WAITERS(s) == MAX_WAITERS) { /* absurdly many: poll */
      uint64_t poll = wp__deadline(CROWDED_POLL_MS);
      wp__futex_wait(futex_word(wg), (uint32_t)s,
                     poll < deadline ? poll : deadline);
      if (wp__now_ns() >= deadline)
        return true; /* the caller times out below */
      s = WP__LOAD(&wg->state_);
      continue;
    }
    if (WP__CAS(&wg->state_, &s, s + 1)) {
      *gen = GEN(s);
      *first = WAITERS(s) == 0;
      return true;
    }
  }
}

/* Waits for the counter to reach zero; *first tells whether the caller
 * blocked as the round's first waiter. */
static int wait_zero(wp_wg *wg, long timeout_ms, bool *first) {
  uint64_t s = WP__LOAD(&wg->state_);
  if (CNT(s) == 0)
    return WP_OK;
  if (timeout_ms == 0)
    return WP_EAGAIN;
  uint64_t deadline = wp__deadline(timeout_ms);
  uint32_t gen = UINT32_MAX;
  if (!register_waiter(wg, deadline, &gen, first))
    return WP_OK;
  if (gen == UINT32_MAX)
    return CNT(WP__LOAD(&wg->state_)) == 0 ? WP_OK : WP_ETIMEDOUT;

  for (;;) {
    s = WP__LOAD(&wg->state_);
    if (GEN(s) != gen)
      return WP_OK;
    if (!wp__futex_wait(futex_word(wg), (uint32_t)s, deadline))
      break;
  }
  /* Timed out: withdraw, unless released in the meantime. */
  s = WP__LOAD(&wg->state_);
  for (;;) {
    if (GEN(s) != gen)
      return WP_OK;
    if (WP__CAS(&wg->state_, &s, s - 1))
      return WP_ETIMEDOUT;
  }
}

/* Every wait: wait_zero(), with what ThreadSanitizer is told (tsan.h): a
 * wait that returns WP_OK acquires every done; the user's first waiter also
 * writes race_, before that acquire, so that an add from zero nothing
 * ordered before it is a race. */
static int wait_counter(wp_wg *wg, long timeout_ms, bool user) {
  bool first = false;
  wp__tsan_ignore_sync_begin();
  int status = wait_zero(wg, timeout_ms, &first);
  wp__tsan_ignore_sync_end();
  if (user && first)
    wp__tsan_write(&wg->race_);
  if (status == WP_OK)
    wp__tsan_acquire(wg);
  return status;
}

int wp__wg_wait_raw(wp_wg *wg, long timeout_ms) {
  return wait_counter(wg, timeout_ms, false);
}

static int wait_user(wp_wg *wg, long timeout_ms) {
  return wait_counter(wg, timeout_ms, true);
}

int wp__wg_wait_at(wp_wg *wg, long timeout_ms, const wp_site *site) {
  if (!wg)
    return WP_EINVAL;
  if (!WP__DEBUG())
    return wait_user(wg, timeout_ms);
  wp__wg_debug *e;
  if (!wp__dbg_wg_use(wg, site, "wp_wg_wait", &e))
    return WP_EINVAL;
  wp__dbg_wg_wait_begin(e, site);
  if (timeout_ms < 0)
    wp__dbg_blocking(site, "waits for the waitgroup");
  int status = wait_user(wg, timeout_ms);
  if (timeout_ms < 0)
    wp__dbg_unblocked();
  if (status == WP_OK)
    wp__dbg_wg_wait_end(e);
  return status;
}

void wp__wg_destroy_at(wp_wg *wg, const wp_site *site) {
  wp__wg_debug *e;
  if (wg && WP__DEBUG() && wp__dbg_wg_use(wg, site, "wp_wg_destroy", &e))
    wp__dbg_wg_destroy(e, site);
}

int wp__wg_go_at(wp_wg *wg, wp_fn *fn, void *arg, const wp_site *site) {
  if (!wg || !fn)
    return WP_EINVAL;
  int err = wp__wg_add_at(wg, 1, site);
  if (err)
    return err;
  wp__task t = {.fn = fn, .arg = arg, .wg = wg, .site = site};
  err = wp__spawn(&t);
  if (err)
    wp__wg_add_at(wg, -1, site);
  return err;
}

void wp__defer_done(wp__defer *d) { wp__wg_add_at(d->wg, -1, d->site); }

void wp_wg_init(wp_wg *wg) { wp__wg_init_at(wg, NULL); }
int wp_wg_add(wp_wg *wg, int delta) { return wp__wg_add_at(wg, delta, NULL); }
int wp_wg_done(wp_wg *wg) { return wp__wg_add_at(wg, -1, NULL); }
int wp_wg_wait(wp_wg *wg) { return wp__wg_wait_at(wg, -1, NULL); }
int wp_wg_wait_timeout(wp_wg *wg, long timeout_ms) {
  return wp__wg_wait_at(wg, timeout_ms, NULL);
}
void wp_wg_destroy(wp_wg *wg) { wp__wg_destroy_at(wg, NULL); }
int wp_wg_go(wp_wg *wg, wp_fn *fn, void *arg) {
  return wp__wg_go_at(wg, fn, arg, NULL);
}
