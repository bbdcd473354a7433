// The inline helpers live in include/CSupport.h; this file holds the signal-time cleanup of temporary files.
#include "CSupport.h"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

enum { stance_temporary_slots = 256 };

// A slot is free (0), being filled (1), holds a file the handler may remove (2) or a directory whose entries and then
// itself it may remove (3).
static _Atomic int stance_temporary_state[stance_temporary_slots];
static char stance_temporary_path[stance_temporary_slots][PATH_MAX];
static atomic_flag stance_handlers_installed = ATOMIC_FLAG_INIT;

static int stance_register(const char *path, int kind) {
    size_t length = strlen(path);
    if (length >= PATH_MAX) return -1;
    for (int slot = 0; slot < stance_temporary_slots; slot++) {
        int expected = 0;
        if (atomic_compare_exchange_strong(&stance_temporary_state[slot], &expected, 1)) {
            memcpy(stance_temporary_path[slot], path, length + 1);
            atomic_store(&stance_temporary_state[slot], kind);
            return slot;
        }
    }
    return -1;
}

int stance_register_temporary(const char *path) { return stance_register(path, 2); }

int stance_register_temporary_directory(const char *path) { return stance_register(path, 3); }

void stance_forget_temporary(int slot) {
    if (slot < 0 || slot >= stance_temporary_slots) return;
    atomic_store(&stance_temporary_state[slot], 0);
}

int stance_registered_temporary_count(void) {
    int count = 0;
    for (int slot = 0; slot < stance_temporary_slots; slot++) {
        if (atomic_load(&stance_temporary_state[slot]) >= 2) count++;
    }
    return count;
}

// The layout of the records getdents64(2) fills a buffer with.
struct stance_directory_entry {
    uint64_t inode;
    int64_t offset;
    unsigned short length;
    unsigned char type;
    char name[];
};

// Removes the entries of a flat directory (a report's files) and then the directory, with system calls only
// (open, getdents64, unlinkat, close, rmdir): opendir(3) and readdir(3) may allocate, which a handler must not.
static void stance_remove_flat_directory(const char *path) {
    static char buffer[8192];
    int descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (descriptor >= 0) {
        long count;
        while ((count = syscall(SYS_getdents64, descriptor, buffer, sizeof buffer)) > 0) {
            for (long position = 0; position < count;) {
                struct stance_directory_entry *entry = (struct stance_directory_entry *)(buffer + position);
                const char *name = entry->name;
                if (!(name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0)))) {
                    unlinkat(descriptor, name, 0);
                }
                position += entry->length;
            }
        }
        close(descriptor);
    }
    rmdir(path);
}

static void stance_cleanup_and_reraise(int signal_number) {
    // Files first (some may lie inside a registered directory), then directories.
    for (int slot = 0; slot < stance_temporary_slots; slot++) {
        if (atomic_load(&stance_temporary_state[slot]) == 2) unlink(stance_temporary_path[slot]);
    }
    for (int slot = 0; slot < stance_temporary_slots; slot++) {
        if (atomic_load(&stance_temporary_state[slot]) == 3) stance_remove_flat_directory(stance_temporary_path[slot]);
    }
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

void stance_install_cleanup_handlers(void) {
    if (atomic_flag_test_and_set(&stance_handlers_installed)) return;
    const int signals[] = {SIGINT, SIGTERM, SIGHUP};
    for (unsigned index = 0; index < sizeof signals / sizeof signals[0]; index++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = stance_cleanup_and_reraise;
        sigemptyset(&action.sa_mask);
        // A signal that was ignored when stance started (nohup) stays ignored.
        struct sigaction previous;
        if (sigaction(signals[index], NULL, &previous) == 0 && previous.sa_handler == SIG_IGN) continue;
        sigaction(signals[index], &action, NULL);
    }
}

#if defined(__x86_64__)
#include <cpuid.h>

// Whether the processor and the operating system support AVX (CPUID leaf 1: ECX bit 27 OSXSAVE, bit 28 AVX), so that
// `vzeroupper` exists: 1 yes, 0 no, -1 not yet asked.
static _Atomic int stance_avx_known = -1;

void stance_clear_upper_vector_state(void) {
    int avx = atomic_load_explicit(&stance_avx_known, memory_order_relaxed);
    if (avx < 0) {
        unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
        avx = __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & (1u << 27)) && (ecx & (1u << 28)) ? 1 : 0;
        atomic_store_explicit(&stance_avx_known, avx, memory_order_relaxed);
    }
    if (avx) __asm__ volatile("vzeroupper" ::: "memory");
}
#else
void stance_clear_upper_vector_state(void) {}
#endif
