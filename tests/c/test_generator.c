/*
 * test_generator.c -- private generators and TF_Randperm from C: a permutation holds every value
 * once, the same seed gives the same order, two generators and the global one do not shift each
 * other, the state read by TF_GeneratorGetState replays, two threads drawing from one generator
 * at once each get valid permutations and the draw count adds up, and the error paths (the code,
 * the message naming the function, out-parameters left untouched). Built and run by
 * tests/test_c.py under sanitizers; by hand:
 *
 *   cc -std=c99 -g -Wall -Wextra -Werror -fsanitize=address,undefined -Iinclude \
 *      tests/c/test_generator.c rust/target/release/libtenflowers.so \
 *      -Wl,-rpath,rust/target/release -pthread -o test_generator && ./test_generator
 *
 * The last line of output is "N passed, N failed"; the exit code is nonzero on any failure.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tenflowers.h"
#include "check.h"
#include "values.h"

#define N 1000

static int message_has(const char *s) { return strstr(TF_Message(S), s) != NULL; }

/* The n int64 (or int32) elements of t into out, widened to int64; 0 on failure. */
static int read_i64(const TF_Tensor *t, int64_t *out, int64_t n, TF_Status *st) {
    if (t == NULL || TF_NumDims(t) != 1 || TF_Dim(t, 0) != n) return 0;
    if (TF_TensorType(t) == TF_INT64) {
        TF_TensorCopyTo(t, out, (size_t)n * sizeof(int64_t), st);
        return TF_GetCode(st) == TF_OK;
    }
    int32_t *tmp = (int32_t *)malloc((size_t)(n ? n : 1) * sizeof(int32_t));
    TF_TensorCopyTo(t, tmp, (size_t)n * sizeof(int32_t), st);
    for (int64_t i = 0; i < n; i++) out[i] = tmp[i];
    free(tmp);
    return TF_GetCode(st) == TF_OK;
}

/* 1 when v[0..n) holds each of 0..n-1 once. */
static int is_permutation(const int64_t *v, int64_t n) {
    char *seen = (char *)calloc((size_t)(n ? n : 1), 1);
    int ok = 1;
    for (int64_t i = 0; i < n && ok; i++) {
        if (v[i] < 0 || v[i] >= n || seen[v[i]]) ok = 0;
        else seen[v[i]] = 1;
    }
    free(seen);
    return ok;
}

/* Draws a permutation of N from gen into out; 1 when it is one. */
static int draw(TF_Generator *gen, TF_DataType dt, int64_t *out, TF_Status *st) {
    TF_Tensor *p = TF_Randperm(N, dt, gen, st);
    int ok = p != NULL && read_i64(p, out, N, st) && is_permutation(out, N);
    TF_DeleteTensor(p);
    return ok;
}

static TF_Generator *shared;

static void *drawer(void *arg) {
    (void)arg;
    TF_Status *st = TF_NewStatus();
    int64_t *v = (int64_t *)malloc(N * sizeof(int64_t));
    for (int i = 0; i < 50; i++) CHECK(draw(shared, TF_INT64, v, st));
    free(v);
    TF_DeleteStatus(st);
    return NULL;
}

int main(void) {
    S = TF_NewStatus();
    int64_t *a = (int64_t *)malloc(N * sizeof(int64_t));
    int64_t *b = (int64_t *)malloc(N * sizeof(int64_t));
    int64_t *c = (int64_t *)malloc(N * sizeof(int64_t));

    /* Same seed, same order; int32 gives the same order as int64; not the identity. */
    TF_Generator *g1 = TF_NewGenerator(42, S);
    TF_Generator *g2 = TF_NewGenerator(42, S);
    CHECK(g1 != NULL && g2 != NULL && TF_GetCode(S) == TF_OK);
    CHECK(draw(g1, TF_INT64, a, S) && draw(g2, TF_INT32, b, S));
    CHECK(memcmp(a, b, N * sizeof(int64_t)) == 0);
    int identity = 1;
    for (int64_t i = 0; i < N; i++) identity &= a[i] == i;
    CHECK(!identity);

    /* The state: seed 42, one draw; the next draw differs and replays from the saved state. */
    uint64_t seed = 0, counter = 0;
    TF_GeneratorGetState(g1, &seed, &counter, S);
    CHECK(TF_GetCode(S) == TF_OK && seed == 42 && counter == 1);
    CHECK(TF_GeneratorInitialSeed(g1, S) == 42 && TF_GetCode(S) == TF_OK);
    CHECK(draw(g1, TF_INT64, b, S) && memcmp(a, b, N * sizeof(int64_t)) != 0);
    TF_GeneratorSetState(g2, seed, counter, S);
    CHECK(TF_GetCode(S) == TF_OK);
    CHECK(draw(g2, TF_INT64, c, S) && memcmp(b, c, N * sizeof(int64_t)) == 0);

    /* Reseeding restarts the sequence. */
    TF_GeneratorManualSeed(g1, 42, S);
    CHECK(TF_GetCode(S) == TF_OK && draw(g1, TF_INT64, c, S) && memcmp(a, c, N * sizeof(int64_t)) == 0);

    /* The global generator (NULL) after TF_ManualSeed(42) gives the same first order as a
     * private generator seeded 42, and drawing from a private one does not shift it. */
    TF_ManualSeed(42);
    CHECK(draw(NULL, TF_INT64, c, S) && memcmp(a, c, N * sizeof(int64_t)) == 0);
    TF_GeneratorManualSeed(NULL, 42, S);
    CHECK(TF_GeneratorInitialSeed(NULL, S) == 42);
    CHECK(draw(g1, TF_INT64, b, S));
    CHECK(draw(NULL, TF_INT64, c, S) && memcmp(a, c, N * sizeof(int64_t)) == 0);
    TF_GeneratorGetState(NULL, &seed, &counter, S);
    CHECK(TF_GetCode(S) == TF_OK && seed == 42 && counter == 1);
    TF_GeneratorSetState(NULL, 42, 0, S);
    CHECK(TF_GetCode(S) == TF_OK && draw(NULL, TF_INT64, c, S) && memcmp(a, c, N * sizeof(int64_t)) == 0);

    /* The tensor draws through a generator repeat after the same seed; TF_RandWith(NULL) is
     * TF_Rand. */
    const int64_t d3[1] = {3};
    TF_GeneratorManualSeed(g1, 7, S);
    TF_GeneratorManualSeed(g2, 7, S);
    TF_Tensor *u1 = TF_RandWith(g1, TF_DOUBLE, d3, 1, S), *u2 = TF_RandWith(g2, TF_DOUBLE, d3, 1, S);
    CHECK(u1 != NULL && u2 != NULL && at(u1, 0) == at(u2, 0) && at(u1, 2) == at(u2, 2));
    CHECK(at(u1, 0) >= 0.0 && at(u1, 0) < 1.0);
    TF_Tensor *n1 = TF_RandnWith(g1, TF_DOUBLE, d3, 1, S), *n2 = TF_RandnWith(g2, TF_DOUBLE, d3, 1, S);
    CHECK(n1 != NULL && n2 != NULL && at(n1, 1) == at(n2, 1));
    TF_Tensor *i1 = TF_RandIntWith(g1, TF_INT64, d3, 1, 0, 10, S), *i2 = TF_RandIntWith(g2, TF_INT64, d3, 1, 0, 10, S);
    int64_t iv1[3] = {0}, iv2[3] = {0};
    CHECK(read_i64(i1, iv1, 3, S) && read_i64(i2, iv2, 3, S) && memcmp(iv1, iv2, sizeof(iv1)) == 0);
    CHECK(iv1[0] >= 0 && iv1[0] < 10);
    TF_ManualSeed(5);
    TF_Tensor *r1 = TF_Rand(TF_DOUBLE, d3, 1, S);
    TF_ManualSeed(5);
    TF_Tensor *r2 = TF_RandWith(NULL, TF_DOUBLE, d3, 1, S);
    CHECK(r1 != NULL && r2 != NULL && at(r1, 0) == at(r2, 0) && at(r1, 2) == at(r2, 2));
    TF_DeleteTensor(u1); TF_DeleteTensor(u2); TF_DeleteTensor(n1); TF_DeleteTensor(n2);
    TF_DeleteTensor(i1); TF_DeleteTensor(i2); TF_DeleteTensor(r1); TF_DeleteTensor(r2);

    /* Two threads drawing from one generator: every draw is a permutation and the count adds up. */
    shared = TF_NewGenerator(1, S);
    pthread_t th[2];
    for (int i = 0; i < 2; i++) CHECK(pthread_create(&th[i], NULL, drawer, NULL) == 0);
    for (int i = 0; i < 2; i++) pthread_join(th[i], NULL);
    TF_GeneratorGetState(shared, &seed, &counter, S);
    CHECK(seed == 1 && counter == 100);
    TF_DeleteGenerator(shared);

    /* n = 0 and 1. */
    TF_Tensor *p = TF_Randperm(0, TF_INT64, g1, S);
    CHECK(p != NULL && TF_NumDims(p) == 1 && TF_Dim(p, 0) == 0);
    TF_DeleteTensor(p);
    p = TF_Randperm(1, TF_INT32, g1, S);
    CHECK(p != NULL && read_i64(p, c, 1, S) && c[0] == 0);
    TF_DeleteTensor(p);

    /* Errors: negative n, a float dtype, n too large for int32; a rejected draw takes no call
     * number; NULL out-parameters leave the other one untouched. */
    TF_GeneratorGetState(g1, &seed, &counter, S);
    uint64_t before = counter;
    CHECK(TF_Randperm(-1, TF_INT64, g1, S) == NULL);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT && message_has("TF_Randperm") && message_has("-1"));
    CHECK(TF_Randperm(3, TF_FLOAT, g1, S) == NULL);
    CHECK(TF_GetCode(S) == TF_DTYPE_ERROR && message_has("TF_Randperm") && message_has("float32"));
    CHECK(TF_Randperm((int64_t)1 << 32, TF_INT32, g1, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT);
    CHECK(TF_Randperm(3, (TF_DataType)999, g1, S) == NULL && TF_GetCode(S) == TF_DTYPE_ERROR);
    TF_GeneratorGetState(g1, &seed, &counter, S);
    CHECK(TF_GetCode(S) == TF_OK && counter == before);
    uint64_t untouched = 12345;
    TF_GeneratorGetState(g1, &untouched, NULL, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT && message_has("TF_GeneratorGetState") && untouched == 12345);
    TF_GeneratorGetState(g1, NULL, &untouched, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT && untouched == 12345);
    CHECK(TF_RandWith(g1, TF_INT64, d3, 1, S) == NULL && TF_GetCode(S) == TF_DTYPE_ERROR && message_has("TF_RandWith"));
    CHECK(TF_RandnWith(g1, TF_INT64, d3, 1, S) == NULL && TF_GetCode(S) == TF_DTYPE_ERROR);
    CHECK(TF_RandIntWith(g1, TF_INT64, d3, 1, 5, 5, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT);
    CHECK(message_has("TF_RandIntWith"));

    /* The status is cleared by the next success; deleting NULL is a no-op. */
    p = TF_Randperm(2, TF_INT64, g1, S);
    CHECK(p != NULL && TF_GetCode(S) == TF_OK);
    TF_DeleteTensor(p);
    TF_DeleteGenerator(NULL);
    TF_DeleteGenerator(g1);
    TF_DeleteGenerator(g2);
    free(a);
    free(b);
    free(c);
    TF_DeleteStatus(S);
    return check_report();
}
