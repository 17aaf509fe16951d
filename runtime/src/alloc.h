/* Every allocation and thread creation of the runtime goes through these, so
 * that fault-injection builds can make each call site fail in turn. */
#ifndef WP_ALLOC_H
#define WP_ALLOC_H

#include <pthread.h>
#include <stddef.h>

#include "internal.h"

WP__INTERNAL void *wp__malloc(size_t size);
WP__INTERNAL void *wp__calloc(size_t n, size_t size);
/* size bytes at a multiple of align (a power of two >= sizeof(void *));
 * released by wp__free. */
WP__INTERNAL void *wp__malloc_aligned(size_t align, size_t size);
WP__INTERNAL void wp__free(void *p);
/* pthread_create of a detached or joinable thread as attr says. */
WP__INTERNAL int wp__thread_create(pthread_t *t, const pthread_attr_t *attr,
                                   void *(*fn)(void *), void *arg);

#endif
