/* What the runtime tells ThreadSanitizer, in a build of wpool with
 * -fsanitize=thread (WPOOL_SANITIZER=thread); nothing in any other build.
 *
 * TSan sees the runtime's own locks and atomics, so on its own it only
 * checks that they are correct; a protocol race in the user's program (a
 * send that nothing orders with the close of its queue, a first wp_wg_add
 * that nothing orders before a wp_wg_wait) goes unseen.  These calls model
 * the protocol the way Go's race detector does:
 *   - a send reads, and a close writes, a byte of the queue that nothing else
 *     touches; both are made at the very start of the operation, before the
 *     runtime's lock (which would order them) is taken, so TSan reports a
 *     send and a close that the program itself does not order;
 *   - a waitgroup's atomics are hidden from TSan (ignore-sync), and done
 *     releases / wait acquires the waitgroup explicitly; an add that raises
 *     the counter from zero reads, and the first waiter that blocks writes,
 *     the waitgroup's race_ byte.  As in Go, an add that races a wait which
 *     returned at once (counter still zero) is not seen: debug mode reports
 *     that one (add-inside-thread). */
#ifndef WP_TSAN_H
#define WP_TSAN_H

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define WP__TSAN 1
#endif
#endif
#if !defined(WP__TSAN) && defined(__SANITIZE_THREAD__)
#define WP__TSAN 1
#endif

#ifdef WP__TSAN
/* The TSan runtime's entry points (compiler-rt and libtsan both export
 * them; not every version ships a header declaring all of them). */
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
void __tsan_read1(void *addr);
void __tsan_write1(void *addr);
void AnnotateIgnoreSyncBegin(const char *file, int line);
void AnnotateIgnoreSyncEnd(const char *file, int line);

static inline void wp__tsan_acquire(const void *a) { __tsan_acquire((void *)a); }
static inline void wp__tsan_release(const void *a) { __tsan_release((void *)a); }
static inline void wp__tsan_read(const void *a) { __tsan_read1((void *)a); }
static inline void wp__tsan_write(const void *a) { __tsan_write1((void *)a); }
static inline void wp__tsan_ignore_sync_begin(void) {
  AnnotateIgnoreSyncBegin(__FILE__, __LINE__);
}
static inline void wp__tsan_ignore_sync_end(void) {
  AnnotateIgnoreSyncEnd(__FILE__, __LINE__);
}
#else
static inline void wp__tsan_acquire(const void *a) { (void)a; }
static inline void wp__tsan_release(const void *a) { (void)a; }
static inline void wp__tsan_read(const void *a) { (void)a; }
static inline void wp__tsan_write(const void *a) { (void)a; }
static inline void wp__tsan_ignore_sync_begin(void) {}
static inline void wp__tsan_ignore_sync_end(void) {}
#endif

#endif
