/* Shared by the runtime's source files: never installed. */
#ifndef WP_INTERNAL_H
#define WP_INTERNAL_H

#define WPOOL_NO_SITE_MACROS
#include "wpool.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WP__LIKELY(x) __builtin_expect(!!(x), 1)
#define WP__UNLIKELY(x) __builtin_expect(!!(x), 0)
/* For a path the hot one branches to rarely (debug mode's): kept out of
 * line, so the hot function saves no registers for it.  Not `cold`: that
 * would compile it for size, and debug mode has a speed target too. */
#define WP__COLD __attribute__((noinline))
/* For a small step of a hot path that the compiler would keep out of line
 * because a cold path calls it too. */
#define WP__HOT_INLINE inline __attribute__((always_inline))
/* A thread-local that debug mode reads on every operation: the
 * initial-exec model reaches it with one %fs-relative access where the
 * default (TLS descriptors in position-independent code) recomputes its
 * address, a call in the shared library, at each use.  With it, a
 * libwpool.so loaded by dlopen() takes its whole TLS block (488 bytes) from
 * the small static TLS surplus the C library keeps for this (about 1,150
 * bytes in glibc; runtime.dlopen): keep that block small. */
#define WP__TLS_HOT __attribute__((tls_model("initial-exec")))
#define WP__INTERNAL __attribute__((visibility("hidden")))

/* Relaxed/acquire/release helpers over the GCC atomic builtins, which both
 * compilers and ThreadSanitizer understand on plain integer fields. */
#define WP__LOAD(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define WP__LOAD_RELAXED(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define WP__STORE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define WP__STORE_RELAXED(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)
#define WP__ADD(p, v) __atomic_add_fetch((p), (v), __ATOMIC_ACQ_REL)
#define WP__SUB(p, v) __atomic_sub_fetch((p), (v), __ATOMIC_ACQ_REL)
#define WP__CAS(p, expp, v)                                                   \
  __atomic_compare_exchange_n((p), (expp), (v), false, __ATOMIC_ACQ_REL,      \
                              __ATOMIC_ACQUIRE)
#define WP__XCHG(p, v) __atomic_exchange_n((p), (v), __ATOMIC_ACQ_REL)

/* Upper bound for any single allocation the runtime makes on a caller's
 * behalf: beyond it a size is treated as a bug (WP_EINVAL / NULL). */
#define WP__MAX_ALLOC ((size_t)1 << 40)

/* Records that the runtime is in use (wp_debug_enable is then too late). */
WP__INTERNAL void wp__note_runtime_used(void);

#endif
