// The baseline for `make bench-wire`: a plain nng request/reply round trip in C, against the
// same libnng, with messages the size of Sluice's health request and reply.
//
//   nng_echo serve URL REPLY_BYTES          prints "listening on URL" (tcp port resolved)
//   nng_echo client URL REQUEST_BYTES COUNT prints one round-trip time in microseconds per line
//   nng_echo rate URL REQUEST_BYTES IN_FLIGHT SECONDS
//                                           prints round trips per second with IN_FLIGHT requests
//                                           outstanding (one thread and one context each)
#include <nng/nng.h>
#include <pthread.h>
#include <nng/protocol/reqrep0/rep.h>
#include <nng/protocol/reqrep0/req.h>
#include <nng/supplemental/util/platform.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void fail(const char *what, int rv) {
    fprintf(stderr, "nng_echo: %s: %s\n", what, nng_strerror(rv));
    exit(1);
}

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

_Noreturn static void serve(const char *url, size_t reply_bytes) {
    nng_socket sock;
    nng_listener listener;
    int rv;
    if ((rv = nng_rep0_open(&sock)) != 0) fail("nng_rep0_open", rv);
    if ((rv = nng_listen(sock, url, &listener, 0)) != 0) fail("nng_listen", rv);
    int port = 0;
    if (strncmp(url, "tcp://", 6) == 0 && nng_listener_get_int(listener, NNG_OPT_TCP_BOUND_PORT, &port) == 0) {
        char host[256];
        const char *colon = strrchr(url, ':');
        snprintf(host, sizeof host, "%.*s", (int)(colon - url), url);
        printf("listening on %s:%d\n", host, port);
    } else {
        printf("listening on %s\n", url);
    }
    fflush(stdout);
    char *reply = calloc(1, reply_bytes ? reply_bytes : 1);
    for (;;) {
        nng_msg *msg;
        if ((rv = nng_recvmsg(sock, &msg, 0)) != 0) fail("nng_recvmsg", rv);
        nng_msg_clear(msg);
        if ((rv = nng_msg_append(msg, reply, reply_bytes)) != 0) fail("nng_msg_append", rv);
        if ((rv = nng_sendmsg(sock, msg, 0)) != 0) fail("nng_sendmsg", rv);
    }
}

static int client(const char *url, size_t request_bytes, int count) {
    nng_socket sock;
    int rv;
    if ((rv = nng_req0_open(&sock)) != 0) fail("nng_req0_open", rv);
    if ((rv = nng_dial(sock, url, NULL, 0)) != 0) fail("nng_dial", rv);
    char *request = calloc(1, request_bytes ? request_bytes : 1);
    for (int i = 0; i < count; i++) {
        nng_msg *msg;
        if ((rv = nng_msg_alloc(&msg, 0)) != 0) fail("nng_msg_alloc", rv);
        if ((rv = nng_msg_append(msg, request, request_bytes)) != 0) fail("nng_msg_append", rv);
        double start = now_us();
        if ((rv = nng_sendmsg(sock, msg, 0)) != 0) fail("nng_sendmsg", rv);
        if ((rv = nng_recvmsg(sock, &msg, 0)) != 0) fail("nng_recvmsg", rv);
        double elapsed = now_us() - start;
        nng_msg_free(msg);
        printf("%.1f\n", elapsed);
    }
    nng_close(sock);
    return 0;
}

struct rate_worker {
    nng_socket sock;
    size_t request_bytes;
    double deadline;
    long completed;
};

static void *rate_loop(void *arg) {
    struct rate_worker *w = arg;
    nng_ctx ctx;
    nng_aio *aio;
    int rv;
    if ((rv = nng_ctx_open(&ctx, w->sock)) != 0) fail("nng_ctx_open", rv);
    if ((rv = nng_aio_alloc(&aio, NULL, NULL)) != 0) fail("nng_aio_alloc", rv);
    char *request = calloc(1, w->request_bytes ? w->request_bytes : 1);
    while (now_us() < w->deadline) {
        nng_msg *msg;
        if ((rv = nng_msg_alloc(&msg, 0)) != 0) fail("nng_msg_alloc", rv);
        if ((rv = nng_msg_append(msg, request, w->request_bytes)) != 0) fail("nng_msg_append", rv);
        nng_aio_set_msg(aio, msg);
        nng_ctx_send(ctx, aio);
        nng_aio_wait(aio);
        if ((rv = nng_aio_result(aio)) != 0) fail("nng_ctx_send", rv);
        nng_ctx_recv(ctx, aio);
        nng_aio_wait(aio);
        if ((rv = nng_aio_result(aio)) != 0) fail("nng_ctx_recv", rv);
        nng_msg_free(nng_aio_get_msg(aio));
        w->completed++;
    }
    nng_aio_free(aio);
    free(request);
    return NULL;
}

static int rate(const char *url, size_t request_bytes, int in_flight, double seconds) {
    nng_socket sock;
    int rv;
    if ((rv = nng_req0_open(&sock)) != 0) fail("nng_req0_open", rv);
    if ((rv = nng_dial(sock, url, NULL, 0)) != 0) fail("nng_dial", rv);
    struct rate_worker workers[64];
    pthread_t threads[64];
    if (in_flight > 64) in_flight = 64;
    double start = now_us();
    for (int i = 0; i < in_flight; i++) {
        workers[i] = (struct rate_worker){ sock, request_bytes, start + seconds * 1e6, 0 };
        pthread_create(&threads[i], NULL, rate_loop, &workers[i]);
    }
    long total = 0;
    for (int i = 0; i < in_flight; i++) {
        pthread_join(threads[i], NULL);
        total += workers[i].completed;
    }
    printf("%.0f\n", total / ((now_us() - start) / 1e6));
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "serve") == 0) serve(argv[2], (size_t)atol(argv[3]));
    if (argc == 5 && strcmp(argv[1], "client") == 0) return client(argv[2], (size_t)atol(argv[3]), atoi(argv[4]));
    if (argc == 6 && strcmp(argv[1], "rate") == 0) return rate(argv[2], (size_t)atol(argv[3]), atoi(argv[4]), atof(argv[5]));
    fprintf(stderr, "usage: nng_echo serve URL REPLY_BYTES | client URL REQUEST_BYTES COUNT | rate URL REQUEST_BYTES IN_FLIGHT SECONDS\n");
    return 2;
}
