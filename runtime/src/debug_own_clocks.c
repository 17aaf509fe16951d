/* Debug mode's per-thread clock arrays (see debug_own_clocks.h). */
#include "debug_own_clocks.h"
#include "debug_tids.h"

#include <pthread.h>
#include <stdlib.h>

/* A thread's array is freed when the thread exits (a key destructor gets
 * the array itself, so it needs no thread-local state).  Every such array
 * is also listed in `owned`, so that a child after fork() frees those of
 * the threads that do not exist in it (otherwise they are lost: only the
 * dead threads' TLS pointed at them). */
static pthread_key_t own_clock_key;
static pthread_once_t own_clock_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t owned_lock = PTHREAD_MUTEX_INITIALIZER;
static uint32_t **owned;
static size_t nowned, owned_cap;

/* With owned_lock held: replaces `old` (NULL: none) by `now` (NULL: none)
 * in the list. */
static void owned_replace(const uint32_t *old, uint32_t *now) {
  for (size_t i = 0; old && i < nowned; i++)
    if (owned[i] == old) {
      if (now)
        owned[i] = now;
      else
        owned[i] = owned[--nowned];
      return;
    }
  if (!now)
    return;
  if (nowned == owned_cap) {
    size_t cap = owned_cap ? 2 * owned_cap : 16;
    uint32_t **grown = realloc(owned, cap * sizeof *grown);
    if (!grown)
      return; /* not listed: only a forked child could lose it */
    owned = grown;
    owned_cap = cap;
  }
  owned[nowned++] = now;
}

static void drop_own_clock(void *t) {
  pthread_mutex_lock(&owned_lock);
  owned_replace(t, NULL);
  pthread_mutex_unlock(&owned_lock);
  free(t);
}

/* In the child after fork(): only the calling thread exists (its array
 * is its key's value).  The thread numbers' lock is reset here too: the
 * first clock array a process makes installs this handler. */
static void free_other_clocks_in_child(void) {
  wp__tids_reset_in_child();
  pthread_mutex_init(&owned_lock, NULL); /* another thread may have held it */
  if (own_clock_key == (pthread_key_t)-1)
    return; /* the calling thread's array is unknown: the others leak */
  const uint32_t *mine = pthread_getspecific(own_clock_key);
  size_t kept = 0;
  for (size_t i = 0; i < nowned; i++) {
    if (owned[i] == mine)
      owned[kept++] = owned[i];
    else
      free(owned[i]);
  }
  nowned = kept;
}

static void make_own_clock_key(void) {
  if (pthread_key_create(&own_clock_key, drop_own_clock) != 0)
    own_clock_key = (pthread_key_t)-1;
  pthread_atfork(NULL, NULL, free_other_clocks_in_child);
}

void wp__own_clock_replace(uint32_t *old, uint32_t *now) {
  pthread_once(&own_clock_once, make_own_clock_key);
  if (own_clock_key != (pthread_key_t)-1)
    pthread_setspecific(own_clock_key, now);
  pthread_mutex_lock(&owned_lock);
  owned_replace(old, now);
  pthread_mutex_unlock(&owned_lock);
  free(old);
}
