// glibc's allocator settings (mallopt), which the Glibc module Swift ships does not include.
#ifndef SLUICE_CMALLOC_SHIM_H
#define SLUICE_CMALLOC_SHIM_H

#include <malloc.h>

#endif
