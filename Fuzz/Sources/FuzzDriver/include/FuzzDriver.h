// libFuzzer's driver, which each fuzz target's entry point runs (see Fuzz/Package.swift for why
// the targets do not take libFuzzer's own main).
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
