#ifndef STANCE_CSUPPORT_H
#define STANCE_CSUPPORT_H

#ifdef __linux__
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#endif

/// Asks the processor to bring the cache line holding `address` into the caches for writing, without waiting for
/// it: hash-table probes whose keys are known a few steps ahead overlap their memory misses this way. A hint only;
/// `address` need not be valid memory.
static inline void stance_prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

/// The `open(2)` flag for direct I/O (writes bypass the page cache), or 0 where the system has none. Swift's
/// Glibc module leaves `O_DIRECT` out because it needs `_GNU_SOURCE`.
static inline int stance_o_direct(void) {
#if defined(__linux__) && defined(O_DIRECT)
    return O_DIRECT;
#else
    return 0;
#endif
}

#endif
