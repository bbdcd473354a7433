#ifndef STANCE_CSUPPORT_H
#define STANCE_CSUPPORT_H

/// Asks the processor to bring the cache line holding `address` into the caches for writing, without waiting for
/// it: hash-table probes whose keys are known a few steps ahead overlap their memory misses this way. A hint only;
/// `address` need not be valid memory.
static inline void stance_prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
