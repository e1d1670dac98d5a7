// Only the declaration in include/FuzzDriver.h: libFuzzer defines the function.
#include "FuzzDriver.h"
