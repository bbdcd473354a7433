#ifndef STANCE_CSUPPORT_H
#define STANCE_CSUPPORT_H

#ifdef __linux__
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <stdio.h>
#endif
#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif
#include <errno.h>

/// Asks the processor to bring the cache line holding `address` into the caches for writing, without waiting for
/// it: hash-table probes whose keys are known a few steps ahead overlap their memory misses this way. A hint only;
/// `address` need not be valid memory.
static inline void stance_prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

/// Asks the processor to bring the cache line holding `address` into the caches for reading, without waiting for
/// it (a look-up table read at places known a few steps ahead). A hint only; `address` need not be valid memory.
static inline void stance_prefetch_for_read(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// Returns the free pages of the allocator's heaps to the system: `malloc_trim(0)` of glibc (Swift's Glibc module
/// leaves `<malloc.h>` out); nothing elsewhere.
static inline void stance_release_freed_memory(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
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

/// Swaps the directory entries `from` and `to` in one step (Linux `renameat2` with `RENAME_EXCHANGE`); -1 with
/// `errno` set where the system or the file system cannot (ENOSYS, EINVAL). Swift's Glibc module leaves
/// `renameat2` out because it needs `_GNU_SOURCE`.
static inline int stance_exchange_paths(const char *from, const char *to) {
#if defined(__linux__) && defined(RENAME_EXCHANGE)
    return renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE);
#else
    (void)from;
    (void)to;
    errno = ENOSYS;
    return -1;
#endif
}

/// Temporary files to remove when the process is ended by SIGINT, SIGTERM or SIGHUP.
///
/// `stance` writes every output under a temporary name and renames it into place; a signal between the two would
/// leave the temporary file behind. The paths are kept in a fixed table of slots that a signal handler can walk
/// without taking a lock (only `unlink(2)`, `signal(2)` and `raise(3)`, which are async-signal-safe, run in the
/// handler). Registration returns a slot number, or -1 when the table is full or the path too long (the file is then
/// not removed on a signal); `stance_forget_temporary` frees the slot.
int stance_register_temporary(const char *path);
/// A temporary directory of files (a report written before it is renamed into place): the handler removes its
/// entries (one level, with system calls only) and then the directory.
int stance_register_temporary_directory(const char *path);
void stance_forget_temporary(int slot);
/// Installs the handlers once (later calls do nothing). A handled signal removes the registered files, then ends
/// the process by the same signal with its default action, so that the exit status still says which signal it was.
void stance_install_cleanup_handlers(void);
/// The number of registered temporary files and directories (for tests).
int stance_registered_temporary_count(void);

/// Clears the upper halves of the vector registers (`vzeroupper`) when the processor has AVX; nothing otherwise. To be
/// called after a library routine that uses AVX-512 or AVX2 without clearing them on return (ISA-L's inflate): while
/// they stay dirty, every legacy SSE instruction the rest of the program runs (Swift's code, `memmove`, number
/// formatting) pays a merge penalty, which made a whole `stance features` run 1.6 times slower.
void stance_clear_upper_vector_state(void);

#endif
