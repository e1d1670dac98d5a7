// The parts of nng that SluiceTransport uses. Debian's libnng-dev ships no pkg-config file, so
// the module map links nng directly.
#ifndef SLUICE_CNNG_SHIM_H
#define SLUICE_CNNG_SHIM_H

#include <nng/nng.h>
#include <nng/protocol/reqrep0/rep.h>
#include <nng/protocol/reqrep0/req.h>
#include <nng/supplemental/tls/tls.h>
#include <nng/supplemental/util/platform.h>

// NNG_SOCKET_INITIALIZER is a macro, which Swift cannot import.
static inline nng_socket sluice_nng_socket_initializer(void) {
    nng_socket socket = NNG_SOCKET_INITIALIZER;
    return socket;
}

static inline nng_ctx sluice_nng_ctx_initializer(void) {
    nng_ctx ctx = NNG_CTX_INITIALIZER;
    return ctx;
}

#endif
