/*
 * test_creation_device.c -- the creation, dtype-promotion and device functions of the C API:
 * TF_Empty, TF_Copy, TF_Arange, TF_ArangeInt, TF_Linspace, TF_Eye, TF_RandInt, TF_Tril, TF_Triu,
 * TF_ResultType, TF_NumDevices, TF_DeviceName, TF_GetDefaultDevice, TF_SetDefaultDevice,
 * TF_TensorDevice, TF_ToDevice. Each is called with checked values and at least one error path.
 *
 * Build and run (from the repository root, after `cd rust && cargo build --release`):
 *   cc -std=c99 -Wall -Wextra -Werror -fsanitize=address,undefined -Iinclude \
 *      tests/c/test_creation_device.c rust/target/release/libtenflowers.so \
 *      -Wl,-rpath,$PWD/rust/target/release -o /tmp/test_creation_device && /tmp/test_creation_device
 *
 * The last line of output is "N passed, N failed"; the exit status is nonzero on any failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tenflowers.h"
#include "check.h"

/* The call failed with `code` and a message containing `part`. */
static int failed_with(const TF_Status *s, TF_Code code, const char *part) {
    if (TF_GetCode(s) != code || strstr(TF_Message(s), part) == NULL) {
        printf("  got code %d, message \"%s\"; wanted code %d containing \"%s\"\n", (int)TF_GetCode(s),
               TF_Message(s), (int)code, part);
        return 0;
    }
    return 1;
}

/* Copies the n doubles / int64s / bytes of `t` (which must have that many) into `out`. */
static int read_f64(const TF_Tensor *t, double *out, int64_t n, TF_Status *s) {
    if (t == NULL || TF_TensorElementCount(t) != n || TF_TensorType(t) != TF_DOUBLE) return 0;
    TF_TensorCopyTo(t, out, (size_t)n * sizeof(double), s);
    return TF_GetCode(s) == TF_OK;
}

static int read_i64(const TF_Tensor *t, int64_t *out, int64_t n, TF_Status *s) {
    if (t == NULL || TF_TensorElementCount(t) != n || TF_TensorType(t) != TF_INT64) return 0;
    TF_TensorCopyTo(t, out, (size_t)n * sizeof(int64_t), s);
    return TF_GetCode(s) == TF_OK;
}

static void test_empty_and_copy(TF_Status *s) {
    int64_t dims[2] = {2, 3};
    int64_t bad[2] = {2, -1};
    TF_Tensor *e = TF_Empty(TF_INT16, dims, 2, s);
    CHECK(e != NULL && TF_GetCode(s) == TF_OK);
    CHECK(TF_TensorType(e) == TF_INT16 && TF_NumDims(e) == 2 && TF_Dim(e, 1) == 3);
    CHECK(TF_Empty(TF_FLOAT, bad, 2, s) == NULL && failed_with(s, TF_INVALID_ARGUMENT, "TF_Empty: dims [2,-1] has negative"));
    CHECK(TF_Empty(TF_HALF, dims, 2, s) == NULL && failed_with(s, TF_DTYPE_ERROR, "TF_Empty"));

    /* TF_Copy: same values, new storage, contiguous even for a transposed view. */
    double vals[6] = {0, 1, 2, 3, 4, 5}, got[6];
    TF_Tensor *a = TF_NewTensor(TF_DOUBLE, dims, 2, vals, sizeof vals, s);
    TF_Tensor *at = TF_Transpose(a, NULL, 0, s);
    TF_Tensor *c = TF_Copy(at, s);
    CHECK(c != NULL && TF_TensorIsContiguous(c) && !TF_TensorIsContiguous(at));
    CHECK(TF_TensorData(c) != TF_TensorData(a));
    CHECK(read_f64(c, got, 6, s) && got[0] == 0 && got[1] == 3 && got[2] == 1 && got[5] == 5);
    CHECK(TF_Copy(NULL, s) == NULL && failed_with(s, TF_INVALID_ARGUMENT, "TF_Copy: t is NULL"));
    TF_DeleteTensor(e);
    TF_DeleteTensor(a);
    TF_DeleteTensor(at);
    TF_DeleteTensor(c);
}

static void test_arange(TF_Status *s) {
    int64_t iv[4];
    double dv[4];
    TF_Tensor *t = TF_ArangeInt(5, -3, -2, TF_INT64, s);
    CHECK(read_i64(t, iv, 4, s) && iv[0] == 5 && iv[1] == 3 && iv[2] == 1 && iv[3] == -1);
    TF_DeleteTensor(t);
    /* Exact beyond 2^53. */
    t = TF_ArangeInt(INT64_MAX - 2, INT64_MAX, 1, TF_INT64, s);
    CHECK(read_i64(t, iv, 2, s) && iv[0] == INT64_MAX - 2 && iv[1] == INT64_MAX - 1);
    TF_DeleteTensor(t);
    t = TF_Arange(0.0, 1.0, 0.25, TF_DOUBLE, s);
    CHECK(read_f64(t, dv, 4, s) && dv[0] == 0.0 && dv[1] == 0.25 && dv[3] == 0.75);
    TF_DeleteTensor(t);
    t = TF_Arange(1.0, 0.0, 1.0, TF_FLOAT, s);
    CHECK(t != NULL && TF_TensorElementCount(t) == 0 && TF_TensorType(t) == TF_FLOAT);
    TF_DeleteTensor(t);
    CHECK(TF_ArangeInt(0, 5, 0, TF_INT64, s) == NULL && failed_with(s, TF_INVALID_ARGUMENT, "TF_ArangeInt: arange(0, 5, 0): step must not be zero"));
    CHECK(TF_Arange(0.0, 5.0, 0.0, TF_DOUBLE, s) == NULL && failed_with(s, TF_INVALID_ARGUMENT, "step must not be zero"));
    CHECK(TF_ArangeInt(0, 300, 1, TF_UINT8, s) == NULL && failed_with(s, TF_INVALID_ARGUMENT, "do not fit in uint8"));
    CHECK(TF_ArangeInt(0, 2, 1, TF_BOOL, s) == NULL && failed_with(s, TF_DTYPE_ERROR, "TF_ArangeInt"));
}

static void test_linspace(TF_Status *s) {
    double v[5];
    TF_Tensor *t = TF_Linspace(0.0, 1.0, 5, true, TF_DOUBLE, s);
    CHECK(read_f64(t, v, 5, s) && v[0] == 0.0 && v[1] == 0.25 && v[4] == 1.0);
    TF_DeleteTensor(t);
    t = TF_Linspace(0.0, 1.0, 4, false, TF_DOUBLE, s);
    CHECK(read_f64(t, v, 4, s) && v[3] == 0.75);
    TF_DeleteTensor(t);
    t = TF_Linspace(0.0, 1.0, 0, true, TF_FLOAT, s);
    CHECK(t != NULL && TF_TensorElementCount(t) == 0);
    TF_DeleteTensor(t);
    CHECK(TF_Linspace(0.0, 1.0, -1, true, TF_DOUBLE, s) == NULL && failed_with(s, TF_INVALID_ARGUMENT, "TF_Linspace: number of samples -1"));
}

static void test_eye_and_triangles(TF_Status *s) {
    int64_t m[6];
    TF_Tensor *e = TF_Eye(2, 3, 1, TF_INT64, s);
    CHECK(read_i64(e, m, 6, s) && m[0] == 0 && m[1] == 1 && m[2] == 0 && m[3] == 0 && m[4] == 0 && m[5] == 1);
    CHECK(TF_Eye(-1, 2, 0, TF_FLOAT, s) == NULL && failed_with(s, TF_INVALID_ARGUMENT, "TF_Eye: n_rows is negative (-1)"));
    TF_DeleteTensor(e);

    int64_t dims[2] = {2, 3};
    int64_t vals[6] = {1, 2, 3, 4, 5, 6};
    TF_Tensor *x = TF_NewTensor(TF_INT64, dims, 2, vals, sizeof vals, s);
    TF_Tensor *lo = TF_Tril(x, 0, s);
    CHECK(read_i64(lo, m, 6, s) && m[0] == 1 && m[1] == 0 && m[2] == 0 && m[3] == 4 && m[4] == 5 && m[5] == 0);
    TF_Tensor *up = TF_Triu(x, 1, s);
    CHECK(read_i64(up, m, 6, s) && m[0] == 0 && m[1] == 2 && m[2] == 3 && m[3] == 0 && m[4] == 0 && m[5] == 6);
    int64_t one = 3;
    TF_Tensor *v = TF_Zeros(TF_FLOAT, &one, 1, s);
    CHECK(TF_Tril(v, 0, s) == NULL && failed_with(s, TF_SHAPE_ERROR, "TF_Tril: tril needs a tensor of at least 2 dimensions, got 1"));
    CHECK(TF_Triu(NULL, 0, s) == NULL && failed_with(s, TF_INVALID_ARGUMENT, "TF_Triu: t is NULL"));
    TF_DeleteTensor(x);
    TF_DeleteTensor(lo);
    TF_DeleteTensor(up);
    TF_DeleteTensor(v);
}

static void test_randint(TF_Status *s) {
    enum { N = 50000 };
    int64_t dims[1] = {N};
    int8_t *a = malloc(N), *b = malloc(N);
    int seen[7] = {0};
    int i, in_range = 1, all_seen = 1;
    TF_ManualSeed(42);
    TF_Tensor *t = TF_RandInt(TF_INT8, dims, 1, -3, 4, s);
    CHECK(t != NULL && TF_TensorType(t) == TF_INT8);
    TF_TensorCopyTo(t, a, N, s);
    for (i = 0; i < N; i++) {
        if (a[i] < -3 || a[i] >= 4) in_range = 0;
        else seen[a[i] + 3] = 1;
    }
    for (i = 0; i < 7; i++) all_seen &= seen[i];
    CHECK(in_range && all_seen);
    TF_ManualSeed(42);
    TF_Tensor *u = TF_RandInt(TF_INT8, dims, 1, -3, 4, s);
    TF_TensorCopyTo(u, b, N, s);
    CHECK(memcmp(a, b, N) == 0); /* same seed, same numbers */
    CHECK(TF_RandInt(TF_INT64, dims, 1, 5, 5, s) == NULL && failed_with(s, TF_INVALID_ARGUMENT, "TF_RandInt: low 5 must be less than high 5"));
    CHECK(TF_RandInt(TF_UINT8, dims, 1, -1, 5, s) == NULL && failed_with(s, TF_INVALID_ARGUMENT, "out of bounds for uint8"));
    CHECK(TF_RandInt(TF_DOUBLE, dims, 1, 0, 5, s) == NULL && failed_with(s, TF_DTYPE_ERROR, "integer"));
    TF_DeleteTensor(t);
    TF_DeleteTensor(u);
    free(a);
    free(b);
}

static void test_result_type(TF_Status *s) {
    CHECK(TF_ResultType(TF_INT32, TF_FLOAT, s) == TF_DOUBLE && TF_GetCode(s) == TF_OK);
    CHECK(TF_ResultType(TF_UINT8, TF_INT8, s) == TF_INT16);
    CHECK(TF_ResultType(TF_BOOL, TF_UINT8, s) == TF_UINT8);
    CHECK(TF_ResultType(TF_INT16, TF_FLOAT, s) == TF_FLOAT);
    CHECK(TF_ResultType(TF_FLOAT, TF_FLOAT, s) == TF_FLOAT);
    CHECK((int)TF_ResultType(TF_FLOAT, (TF_DataType)77, s) == 0 && failed_with(s, TF_DTYPE_ERROR, "TF_ResultType: unknown dtype value 77"));
}

static void test_devices(TF_Status *s) {
    CHECK(TF_NumDevices() == 1);
    CHECK(TF_DeviceName(0) != NULL && strcmp(TF_DeviceName(0), "cpu") == 0);
    CHECK(TF_DeviceName(1) == NULL && TF_DeviceName(-1) == NULL);
    CHECK(strcmp(TF_GetDefaultDevice(), "cpu") == 0);
    TF_SetDefaultDevice("cpu", s);
    CHECK(TF_GetCode(s) == TF_OK);
    TF_SetDefaultDevice("cuda:0", s);
    CHECK(failed_with(s, TF_DEVICE_ERROR, "TF_SetDefaultDevice: unknown device 'cuda:0'; available devices: cpu"));
    CHECK(strcmp(TF_GetDefaultDevice(), "cpu") == 0);
    TF_SetDefaultDevice(NULL, s);
    CHECK(failed_with(s, TF_INVALID_ARGUMENT, "device is NULL"));

    int64_t two = 2;
    TF_Tensor *t = TF_Ones(TF_FLOAT, &two, 1, s);
    CHECK(strcmp(TF_TensorDevice(t), "cpu") == 0);
    CHECK(TF_TensorDevice(NULL) == NULL);
    TF_Tensor *moved = TF_ToDevice(t, "cpu", s);
    CHECK(moved != NULL && moved != t && TF_TensorData(moved) == TF_TensorData(t));
    CHECK(TF_ToDevice(t, "gpu", s) == NULL && failed_with(s, TF_DEVICE_ERROR, "TF_ToDevice: unknown device 'gpu'; available devices: cpu"));
    CHECK(TF_ToDevice(t, NULL, s) == NULL && failed_with(s, TF_INVALID_ARGUMENT, "device is NULL"));
    TF_DeleteTensor(t);
    TF_DeleteTensor(moved);
}

int main(void) {
    TF_Status *s = TF_NewStatus();
    test_empty_and_copy(s);
    test_arange(s);
    test_linspace(s);
    test_eye_and_triangles(s);
    test_randint(s);
    test_result_type(s);
    test_devices(s);
    TF_DeleteStatus(s);
    return check_report();
}
