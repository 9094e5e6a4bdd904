/*
 * test_runtime.c -- memory counters, the buffer pool and the thread pool from C, including many
 * threads allocating and freeing at once. Built and run by tests/test_c.py under sanitizers; by hand:
 *
 *   cc -std=c99 -g -Wall -Wextra -Werror -fsanitize=address,undefined -Iinclude \
 *      tests/c/test_runtime.c rust/target/release/libtenflowers.so \
 *      -Wl,-rpath,rust/target/release -pthread -o test_runtime && ./test_runtime
 *
 * The last line of output is "N passed, N failed"; the exit code is nonzero on any failure.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "tenflowers.h"
#include "check.h"


#define MIB ((uint64_t)1 << 20)

static TF_Status *S;

static TF_MemoryStats stats(void) {
    TF_MemoryStats m;
    memset(&m, 0xff, sizeof m);
    m.struct_size = sizeof m;
    TF_GetMemoryStats(&m, S);
    CHECK(TF_GetCode(S) == TF_OK);
    CHECK(m.struct_size == sizeof m);
    return m;
}

/* A float32 tensor of `bytes` bytes (a multiple of 4) filled with zeros. */
static TF_Tensor *zeros_bytes(uint64_t bytes, TF_Status *s) {
    const int64_t dims[1] = {(int64_t)(bytes / 4)};
    return TF_Zeros(TF_FLOAT, dims, 1, s);
}

static int all_zero(const TF_Tensor *t) {
    const unsigned char *p = (const unsigned char *)TF_TensorData(t);
    size_t n = TF_TensorByteSize(t);
    for (size_t i = 0; i < n; i++) {
        if (p[i] != 0) return 0;
    }
    return 1;
}

static void test_counters(void) {
    TF_EmptyCache();
    TF_MemoryStats a = stats();
    CHECK(a.live_storages == (uint64_t)TF_LiveStorageCount());
    CHECK(a.cached_bytes == 0);
    CHECK(a.cache_limit_bytes > 0);
    CHECK(a.peak_bytes >= a.current_bytes);

    /* A 1 MiB tensor: exactly one allocation of exactly 1 MiB. */
    TF_Tensor *t = zeros_bytes(MIB, S);
    TF_MemoryStats b = stats();
    CHECK(b.current_bytes == a.current_bytes + MIB);
    CHECK(b.peak_bytes >= a.current_bytes + MIB);
    CHECK(b.live_storages == a.live_storages + 1);
    CHECK(b.allocations == a.allocations + 1);
    CHECK(b.live_storages == (uint64_t)TF_LiveStorageCount());

    /* A view shares the buffer: no allocation. */
    TF_Tensor *v = TF_Transpose(t, NULL, 0, S);
    const int64_t two[2] = {512, 512};
    TF_Tensor *r = TF_Reshape(t, two, 2, S);
    TF_MemoryStats c = stats();
    CHECK(c.allocations == b.allocations && c.current_bytes == b.current_bytes);

    /* t + t: one new 1 MiB buffer; the sum of a 2-d view: one 4-byte scalar more. */
    TF_Tensor *sum = TF_Add(t, t, S);
    TF_Tensor *tot = TF_Sum(r, NULL, 0, false, S);
    TF_MemoryStats d = stats();
    CHECK(d.allocations == c.allocations + 2);
    CHECK(d.current_bytes == c.current_bytes + MIB + 4);
    CHECK(d.live_storages == c.live_storages + 2);

    /* Freeing lowers current; the peak stays; reset brings it down to current. */
    TF_DeleteTensor(v);
    TF_DeleteTensor(r);
    TF_DeleteTensor(t);
    TF_MemoryStats e = stats();
    CHECK(e.current_bytes == d.current_bytes - MIB);
    CHECK(e.live_storages == d.live_storages - 1);
    CHECK(e.peak_bytes >= d.current_bytes);
    TF_ResetPeakMemory();
    TF_MemoryStats f = stats();
    CHECK(f.peak_bytes == f.current_bytes && f.current_bytes == e.current_bytes);
    TF_DeleteTensor(sum);
    TF_DeleteTensor(tot);
    TF_MemoryStats g = stats();
    CHECK(g.current_bytes == a.current_bytes);
    CHECK(g.live_storages == a.live_storages);
    CHECK(g.allocations == a.allocations + 3);
    CHECK(g.peak_bytes == f.peak_bytes);
    /* The freed 1 MiB buffers are now cached: two of them. */
    CHECK(g.cached_bytes == 2 * MIB);
    CHECK(TF_EmptyCache() == 2 * MIB);
    CHECK(stats().cached_bytes == 0);
}

static void test_struct_size(void) {
    /* An older caller's shorter struct gets only its fields. */
    uint64_t words[4] = {16, 0, 12345, 12345};
    TF_GetMemoryStats((TF_MemoryStats *)words, S);
    CHECK(TF_GetCode(S) == TF_OK);
    CHECK(words[0] == 16 && words[2] == 12345 && words[3] == 12345);
    /* A newer caller's longer struct: struct_size says what was filled. */
    uint64_t big[10];
    memset(big, 0, sizeof big);
    big[0] = sizeof big;
    TF_GetMemoryStats((TF_MemoryStats *)big, S);
    CHECK(TF_GetCode(S) == TF_OK);
    CHECK(big[0] == sizeof(TF_MemoryStats) && big[8] == 0 && big[9] == 0);
    TF_MemoryStats m;
    m.struct_size = 12;
    m.peak_bytes = 99;
    TF_GetMemoryStats(&m, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT);
    CHECK(strstr(TF_Message(S), "TF_GetMemoryStats") != NULL && strstr(TF_Message(S), "12") != NULL);
    CHECK(m.struct_size == 12 && m.peak_bytes == 99);
    m.struct_size = 0;
    TF_GetMemoryStats(&m, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT);
    TF_GetMemoryStats(NULL, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT);
    CHECK(strstr(TF_Message(S), "NULL") != NULL);
    TF_GetMemoryStats(NULL, NULL); /* no status: nothing to report, no crash */
}

static void test_pool_reuse_and_cap(void) {
    TF_EmptyCache();
    /* A dirty buffer goes back to the pool; zeros of the same size reuse it and are zero. */
    TF_Tensor *t = zeros_bytes(3 * MIB, S);
    unsigned char *p = (unsigned char *)TF_TensorData(t);
    memset(p, 0xab, TF_TensorByteSize(t));
    TF_MemoryStats a = stats();
    TF_DeleteTensor(t);
    CHECK(stats().cached_bytes == 3 * MIB);
    TF_Tensor *z = zeros_bytes(3 * MIB - 4096, S); /* a little smaller: same size class */
    TF_MemoryStats b = stats();
    CHECK((unsigned char *)TF_TensorData(z) == p);
    CHECK(b.cache_hits == a.cache_hits + 1);
    CHECK(b.cached_bytes == 0);
    CHECK(all_zero(z));
    /* Ones reuse a dirty buffer too and write every element. */
    const int64_t d1[1] = {(int64_t)(3 * MIB / 4)};
    TF_DeleteTensor(z);
    TF_Tensor *o = TF_Ones(TF_FLOAT, d1, 1, S);
    const float *of = (const float *)TF_TensorData(o);
    int ones_ok = 1;
    for (int64_t i = 0; i < d1[0]; i++) ones_ok &= of[i] == 1.0f;
    CHECK(ones_ok);
    TF_DeleteTensor(o);
    /* Small buffers are not pooled. */
    TF_EmptyCache();
    TF_DeleteTensor(zeros_bytes(64 * 1024, S));
    CHECK(stats().cached_bytes == 0);

    /* The cap holds: five 1 MiB buffers freed into a 3 MiB pool. */
    size_t prev = TF_SetMemoryCacheLimit(3 * MIB);
    CHECK(prev == stats().cache_limit_bytes || prev > 0);
    CHECK(stats().cache_limit_bytes == 3 * MIB);
    TF_Tensor *ts[5];
    for (int i = 0; i < 5; i++) ts[i] = zeros_bytes(MIB, S);
    for (int i = 0; i < 5; i++) {
        TF_DeleteTensor(ts[i]);
        CHECK(stats().cached_bytes <= 3 * MIB);
    }
    CHECK(stats().cached_bytes == 3 * MIB);
    /* Larger than the cap: never cached. */
    TF_DeleteTensor(zeros_bytes(4 * MIB, S));
    CHECK(stats().cached_bytes <= 3 * MIB);
    /* Lowering the cap trims at once; 0 turns pooling off. */
    CHECK(TF_SetMemoryCacheLimit(0) == 3 * MIB);
    CHECK(stats().cached_bytes == 0);
    TF_Tensor *u = zeros_bytes(MIB, S);
    TF_DeleteTensor(u);
    CHECK(stats().cached_bytes == 0);
    CHECK(TF_SetMemoryCacheLimit(prev) == 0);
    CHECK(stats().cache_limit_bytes == prev);
}

static TF_Tensor *randn(int64_t n) {
    const int64_t dims[1] = {n};
    return TF_Randn(TF_FLOAT, dims, 1, S);
}

static void test_threads(void) {
    int start = TF_GetNumThreads();
    CHECK(start >= 1);
    TF_SetNumThreads(1, S);
    CHECK(TF_GetCode(S) == TF_OK && TF_GetNumThreads() == 1);
    TF_ManualSeed(42);
    TF_Tensor *a1 = randn(300001);
    TF_Tensor *s1 = TF_Add(a1, a1, S);
    TF_SetNumThreads(2, S);
    CHECK(TF_GetCode(S) == TF_OK && TF_GetNumThreads() == 2);
    TF_ManualSeed(42);
    TF_Tensor *a2 = randn(300001);
    TF_Tensor *s2 = TF_Add(a2, a2, S);
    /* Random draws and results do not depend on the thread count. */
    CHECK(memcmp(TF_TensorData(a1), TF_TensorData(a2), 300001 * 4) == 0);
    CHECK(memcmp(TF_TensorData(s1), TF_TensorData(s2), 300001 * 4) == 0);
    TF_DeleteTensor(a1);
    TF_DeleteTensor(a2);
    TF_DeleteTensor(s1);
    TF_DeleteTensor(s2);

    const int bad[3] = {0, -3, 1025};
    const char *names[3] = {"0", "-3", "1025"};
    for (int i = 0; i < 3; i++) {
        TF_SetNumThreads(bad[i], S);
        CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT);
        CHECK(strstr(TF_Message(S), "TF_SetNumThreads") != NULL && strstr(TF_Message(S), names[i]) != NULL);
        CHECK(TF_GetNumThreads() == 2);
    }
    TF_SetNumThreads(start, S);
    CHECK(TF_GetCode(S) == TF_OK && TF_GetNumThreads() == start);
}

/* Each worker allocates, checks, writes and frees tensors of pooled and unpooled sizes. */
static void *worker(void *arg) {
    int id = (int)(size_t)arg;
    TF_Status *s = TF_NewStatus();
    const uint64_t sizes[4] = {1024, 200 * 1024, MIB, 5 * MIB / 2};
    TF_Tensor *held[3] = {NULL, NULL, NULL};
    int ok = 1;
    for (int i = 0; i < 120; i++) {
        TF_Tensor *t = zeros_bytes(sizes[(i + id) % 4], s);
        if (t == NULL) {
            ok = 0;
            break;
        }
        ok &= all_zero(t);
        memset(TF_TensorData(t), id + 1, TF_TensorByteSize(t));
        int slot = i % 3;
        if (held[slot] != NULL) {
            const unsigned char *p = (const unsigned char *)TF_TensorData(held[slot]);
            size_t n = TF_TensorByteSize(held[slot]);
            ok &= p[0] == id + 1 && p[n / 2] == id + 1 && p[n - 1] == id + 1; /* nobody else wrote it */
            TF_DeleteTensor(held[slot]);
        }
        held[slot] = t;
    }
    for (int j = 0; j < 3; j++) TF_DeleteTensor(held[j]);
    CHECK(ok);
    TF_DeleteStatus(s);
    return NULL;
}

/* Resizes the thread pool while the workers run large ops. */
static void *resizer(void *arg) {
    (void)arg;
    TF_Status *s = TF_NewStatus();
    const int64_t dims[1] = {1 << 20};
    TF_Tensor *x = TF_Ones(TF_FLOAT, dims, 1, s);
    int ok = 1;
    for (int i = 0; i < 20; i++) {
        TF_SetNumThreads(1 + i % 2, s);
        ok &= TF_GetCode(s) == TF_OK;
        TF_Tensor *y = TF_Add(x, x, s);
        TF_Tensor *t = TF_Sum(y, NULL, 0, false, s);
        ok &= *(const float *)TF_TensorData(t) == (float)(2 << 20);
        TF_DeleteTensor(t);
        TF_DeleteTensor(y);
    }
    TF_DeleteTensor(x);
    CHECK(ok);
    TF_DeleteStatus(s);
    return NULL;
}

static void test_many_threads(void) {
    TF_MemoryStats a = stats();
    int start = TF_GetNumThreads();
    pthread_t th[5];
    for (int i = 0; i < 4; i++) CHECK(pthread_create(&th[i], NULL, worker, (void *)(size_t)i) == 0);
    CHECK(pthread_create(&th[4], NULL, resizer, NULL) == 0);
    for (int i = 0; i < 5; i++) pthread_join(th[i], NULL);
    TF_MemoryStats b = stats();
    CHECK(b.live_storages == a.live_storages);
    CHECK(b.current_bytes == a.current_bytes);
    CHECK(b.allocations == a.allocations + 4 * 120 + 1 + 20 * 2);
    CHECK(b.cached_bytes <= b.cache_limit_bytes);
    CHECK(b.peak_bytes >= a.current_bytes + 3 * MIB);
    TF_SetNumThreads(start, S);
    TF_EmptyCache();
    CHECK(stats().cached_bytes == 0);
}

int main(void) {
    S = TF_NewStatus();
    test_counters();
    test_struct_size();
    test_pool_reuse_and_cap();
    test_threads();
    test_many_threads();
    TF_DeleteStatus(S);
    return check_report();
}
