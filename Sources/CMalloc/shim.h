// glibc's allocator settings (mallopt), which the Glibc module Swift ships does not include, and
// prctl, which Swift cannot call directly (it is variadic).
#ifndef SLUICE_CMALLOC_SHIM_H
#define SLUICE_CMALLOC_SHIM_H

#include <malloc.h>
#include <sys/prctl.h>

// Makes the process undumpable: no core dump, and no other process of the same user may read
// its memory or /proc/PID/environ (where its token may be). Returns 0 on success.
static inline int sluice_refuse_inspection(void) {
    return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

#endif
