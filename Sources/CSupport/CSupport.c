// The inline helpers live in include/CSupport.h; this file holds the signal-time cleanup of temporary files.
#include "CSupport.h"

#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

enum { stance_temporary_slots = 256 };

// A slot is free (0), being filled (1) or holds a path the handler may remove (2).
static _Atomic int stance_temporary_state[stance_temporary_slots];
static char stance_temporary_path[stance_temporary_slots][PATH_MAX];
static atomic_flag stance_handlers_installed = ATOMIC_FLAG_INIT;

int stance_register_temporary(const char *path) {
    size_t length = strlen(path);
    if (length >= PATH_MAX) return -1;
    for (int slot = 0; slot < stance_temporary_slots; slot++) {
        int expected = 0;
        if (atomic_compare_exchange_strong(&stance_temporary_state[slot], &expected, 1)) {
            memcpy(stance_temporary_path[slot], path, length + 1);
            atomic_store(&stance_temporary_state[slot], 2);
            return slot;
        }
    }
    return -1;
}

void stance_forget_temporary(int slot) {
    if (slot < 0 || slot >= stance_temporary_slots) return;
    atomic_store(&stance_temporary_state[slot], 0);
}

int stance_registered_temporary_count(void) {
    int count = 0;
    for (int slot = 0; slot < stance_temporary_slots; slot++) {
        if (atomic_load(&stance_temporary_state[slot]) == 2) count++;
    }
    return count;
}

static void stance_cleanup_and_reraise(int signal_number) {
    for (int slot = 0; slot < stance_temporary_slots; slot++) {
        if (atomic_load(&stance_temporary_state[slot]) == 2) unlink(stance_temporary_path[slot]);
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
