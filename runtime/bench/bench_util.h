/*
 * Helpers shared by the C benchmark programs (wpool_bench.c and
 * glib/wpbench_glib.c): timing, memory readings, parameter parsing and the
 * common output format (see README.md):
 *
 *   RESULT <impl> <workload> <params> <n> <ns_per_op> <ops_per_sec> <peak_rss_kb> <check>
 *   MEM    <impl> <workload> <params> <n> <heap_delta_bytes> <rss_delta_bytes> <payload_bytes> <peak_rss_kb> <check>
 *
 * Header-only, every function static: each program includes it once.
 */
#ifndef WPOOL_BENCH_UTIL_H
#define WPOOL_BENCH_UTIL_H

#include <errno.h>
#include <inttypes.h>
#include <malloc.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static inline uint64_t bench_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Peak resident set of this process, in KiB (ru_maxrss is KiB on Linux). */
static inline long bench_peak_rss_kb(void) {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) != 0) return -1;
  return ru.ru_maxrss;
}

/* Resident set now, in bytes (second field of /proc/self/statm, in pages). */
static inline long long bench_current_rss_bytes(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  long long size = 0, resident = -1;
  if (f == NULL) return -1;
  if (fscanf(f, "%lld %lld", &size, &resident) != 2) resident = -1;
  fclose(f);
  if (resident < 0) return -1;
  return resident * (long long)sysconf(_SC_PAGESIZE);
}

/* Bytes malloc has handed out now: arena blocks in use plus mmapped blocks. */
static inline long long bench_malloc_in_use(void) {
  struct mallinfo2 mi = mallinfo2();
  return (long long)mi.uordblks + (long long)mi.hblkhd;
}

/* Looks up `key` in a "k=v,k=v" string ("-" means none); def if absent.
 * Exits on a malformed value. */
static inline long long bench_param(const char *params, const char *key,
                                    long long def) {
  size_t klen = strlen(key);
  const char *p = params;
  if (p == NULL || strcmp(p, "-") == 0) return def;
  while (*p != '\0') {
    const char *end = strchr(p, ',');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len > klen && strncmp(p, key, klen) == 0 && p[klen] == '=') {
      char *stop = NULL;
      errno = 0;
      long long v = strtoll(p + klen + 1, &stop, 10);
      if (errno != 0 || stop != p + len || stop == p + klen + 1) {
        fprintf(stderr, "bad value for %s in '%s'\n", key, params);
        exit(2);
      }
      return v;
    }
    if (end == NULL) break;
    p = end + 1;
  }
  return def;
}

static inline long long bench_parse_n(const char *s) {
  char *stop = NULL;
  errno = 0;
  long long v = strtoll(s, &stop, 10);
  if (errno != 0 || stop == s || *stop != '\0' || v <= 0) {
    fprintf(stderr, "N must be a positive integer, not '%s'\n", s);
    exit(2);
  }
  return v;
}

static inline void bench_report(const char *impl, const char *workload,
                                const char *params, long long n,
                                uint64_t elapsed_ns, bool ok) {
  double ns = (double)elapsed_ns / (double)n;
  double ops = ns > 0 ? 1e9 / ns : 0.0;
  printf("RESULT %s %s %s %lld %.2f %.0f %ld %s\n", impl, workload, params, n,
         ns, ops, bench_peak_rss_kb(), ok ? "ok" : "FAIL");
  fflush(stdout);
}

static inline void bench_report_mem(const char *impl, const char *params,
                                    long long n, long long heap_delta,
                                    long long rss_delta, long long payload,
                                    bool ok) {
  printf("MEM %s memory %s %lld %lld %lld %lld %ld %s\n", impl, params, n,
         heap_delta, rss_delta, payload, bench_peak_rss_kb(),
         ok ? "ok" : "FAIL");
  fflush(stdout);
}

/* The warm-up rounds the ping-pong workloads run before timing. */
static inline long long bench_warmup_rounds(long long n) {
  long long w = n / 10;
  return w > 1000 ? 1000 : w;
}

#endif /* WPOOL_BENCH_UTIL_H */
