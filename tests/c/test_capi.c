/*
 * test_capi.c -- tests of the tenflowers C API (include/tenflowers.h).
 *
 * Every expected value below is computed by hand (or by a closed formula noted next to it) and
 * follows the header's documentation and NumPy's rules. Built and run by tests/test_c.py under
 * AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer; by hand:
 *
 *   cc -std=c99 -g -Wall -Wextra -Werror -fsanitize=address,undefined -Iinclude \
 *      tests/c/test_capi.c rust/target/release/libtenflowers.so \
 *      -Wl,-rpath,rust/target/release -pthread -o test_capi && ./test_capi
 *
 * The last line of output is "N passed, N failed"; the exit code is nonzero on any failure.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tenflowers.h"
#include "check.h"

/* The status used by every single-threaded test. */
static TF_Status *S;

/* Compound-literal helpers: DIMS(2,3) expands to "dims pointer, count"; SCALAR to a 0-d shape. */
#define I64(...) ((const int64_t[]){__VA_ARGS__})
#define NARGS64(...) ((int)(sizeof((int64_t[]){__VA_ARGS__}) / sizeof(int64_t)))
#define DIMS(...) I64(__VA_ARGS__), NARGS64(__VA_ARGS__)
#define SCALAR NULL, 0
#define F32(...) ((const float[]){__VA_ARGS__})
#define F64(...) ((const double[]){__VA_ARGS__})
#define I32(...) ((const int32_t[]){__VA_ARGS__})
#define U8(...) ((const uint8_t[]){__VA_ARGS__})
#define AX(...) ((const int[]){__VA_ARGS__})
#define V(...) ((const double[]){__VA_ARGS__})

/* Checks that the last call left `st` at TF_OK; prints the message otherwise. */
static int expect_ok_at(const TF_Status *st, const char *expr, int line) {
    if (TF_GetCode(st) == TF_OK) {
        return check_at(1, expr, line);
    }
    printf("FAILED line %d: %s: code %d: %s\n", line, expr, (int)TF_GetCode(st), TF_Message(st));
    CHECK_FAIL();
    return 0;
}
#define EXPECT_OK(what) expect_ok_at(S, what, __LINE__)

/* Checks that a call failed: NULL result, status code `code`, message naming `fname`. */
static void expect_err_at(TF_Tensor *r, TF_Code code, const char *fname, const char *expr, int line) {
    TF_Code got = TF_GetCode(S);
    const char *msg = TF_Message(S);
    int ok = r == NULL && got == code && msg != NULL && strstr(msg, fname) != NULL;
    if (!ok) {
        printf("FAILED line %d: %s: want NULL and code %d naming %s, got %s and code %d: \"%s\"\n", line,
               expr, (int)code, fname, r == NULL ? "NULL" : "a tensor", (int)got, msg ? msg : "(null)");
        CHECK_FAIL();
    } else {
        CHECK_PASS();
    }
    TF_DeleteTensor(r);
}
#define EXPECT_ERR(call, code, fname) expect_err_at((call), code, fname, #call, __LINE__)

/* Same for functions returning void. */
#define EXPECT_VOID_ERR(call, code, fname)                                 \
    do {                                                                   \
        call;                                                              \
        expect_err_at(NULL, code, fname, #call, __LINE__);                 \
    } while (0)

/* ------------------------------------------------------------------------------------------ */
/* Tensor helpers                                                                               */
/* ------------------------------------------------------------------------------------------ */

static int64_t count_of(const int64_t *dims, int nd) {
    int64_t n = 1;
    int i;
    for (i = 0; i < nd; i++) {
        n *= dims[i];
    }
    return n;
}

/* A new tensor from row-major `data` (NULL for no elements); the byte length is derived. */
static TF_Tensor *mk_at(TF_DataType dt, const int64_t *dims, int nd, const void *data, int line) {
    size_t len = (size_t)count_of(dims, nd) * TF_DataTypeSize(dt);
    TF_Tensor *t = TF_NewTensor(dt, dims, nd, data, len, S);
    expect_ok_at(S, "TF_NewTensor", line);
    return t;
}
#define MK(dt, dims_nd, data) mk_at(dt, dims_nd, data, __LINE__)

/* Copies the elements of `t` out (TF_TensorCopyTo) and converts them to double. Thread-safe. */
static int read_values(const TF_Tensor *t, double *out, int64_t n) {
    TF_DataType dt = TF_TensorType(t);
    size_t es = TF_DataTypeSize(dt);
    size_t bytes = TF_TensorByteSize(t);
    unsigned char *buf;
    TF_Status *st;
    int64_t i;
    int ok;
    if (t == NULL || es == 0 || TF_TensorElementCount(t) != n || bytes != (size_t)n * es) {
        return 0;
    }
    buf = malloc(bytes ? bytes : 1);
    st = TF_NewStatus();
    if (buf == NULL || st == NULL) {
        free(buf);
        TF_DeleteStatus(st);
        return 0;
    }
    TF_TensorCopyTo(t, buf, bytes, st);
    ok = TF_GetCode(st) == TF_OK;
    for (i = 0; ok && i < n; i++) {
        const unsigned char *p = buf + (size_t)i * es;
        switch (dt) {
        case TF_FLOAT: {
            float v;
            memcpy(&v, p, sizeof v);
            out[i] = v;
            break;
        }
        case TF_DOUBLE: {
            double v;
            memcpy(&v, p, sizeof v);
            out[i] = v;
            break;
        }
        case TF_INT32: {
            int32_t v;
            memcpy(&v, p, sizeof v);
            out[i] = v;
            break;
        }
        case TF_INT64: {
            int64_t v;
            memcpy(&v, p, sizeof v);
            out[i] = (double)v;
            break;
        }
        case TF_UINT8:
            out[i] = *p;
            break;
        case TF_INT8: {
            int8_t v;
            memcpy(&v, p, sizeof v);
            out[i] = v;
            break;
        }
        case TF_INT16: {
            int16_t v;
            memcpy(&v, p, sizeof v);
            out[i] = v;
            break;
        }
        case TF_BOOL:
            if (*p > 1) {
                ok = 0; /* a bool byte must be 0 or 1 */
            }
            out[i] = *p;
            break;
        default:
            ok = 0;
        }
    }
    free(buf);
    TF_DeleteStatus(st);
    return ok;
}

static int same_value(double got, double want, TF_DataType dt) {
    if (isnan(want)) {
        return isnan(got);
    }
    if (isinf(want) || (dt != TF_FLOAT && dt != TF_DOUBLE)) {
        return got == want;
    }
    return fabs(got - want) <= (dt == TF_FLOAT ? 1e-5 : 1e-12) * (1.0 + fabs(want));
}

/* True when `t` has dtype `dt`, shape dims[0..nd] and the row-major values `vals`. Prints the
 * first difference. Thread-safe (counts nothing). */
static int tensor_matches(const TF_Tensor *t, TF_DataType dt, const int64_t *dims, int nd, const double *vals,
                          const char *expr, int line) {
    int64_t n = count_of(dims, nd);
    int64_t shape[TF_MAX_DIMS];
    double *got;
    int i, ok = 1;
    TF_Status *st;
    if (t == NULL) {
        printf("FAILED line %d: %s: tensor is NULL\n", line, expr);
        return 0;
    }
    if (TF_TensorType(t) != dt || TF_NumDims(t) != nd || TF_TensorElementCount(t) != n) {
        printf("FAILED line %d: %s: dtype %d, %d dims, %lld elements; want dtype %d, %d dims, %lld elements\n",
               line, expr, (int)TF_TensorType(t), TF_NumDims(t), (long long)TF_TensorElementCount(t), (int)dt, nd,
               (long long)n);
        return 0;
    }
    st = TF_NewStatus();
    TF_TensorShape(t, shape, nd, st);
    if (TF_GetCode(st) != TF_OK) {
        ok = 0;
    }
    TF_DeleteStatus(st);
    for (i = 0; ok && i < nd; i++) {
        if (shape[i] != dims[i] || TF_Dim(t, i) != dims[i]) {
            printf("FAILED line %d: %s: dim %d is %lld (TF_Dim %lld), want %lld\n", line, expr, i, (long long)shape[i],
                   (long long)TF_Dim(t, i), (long long)dims[i]);
            return 0;
        }
    }
    if (!ok || TF_TensorByteSize(t) != (size_t)n * TF_DataTypeSize(dt)) {
        printf("FAILED line %d: %s: shape or byte size could not be read\n", line, expr);
        return 0;
    }
    got = malloc(sizeof(double) * (size_t)(n > 0 ? n : 1));
    if (got == NULL || !read_values(t, got, n)) {
        printf("FAILED line %d: %s: values could not be read\n", line, expr);
        free(got);
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (!same_value(got[i], vals[i], dt)) {
            printf("FAILED line %d: %s: element %d is %.17g, want %.17g\n", line, expr, i, got[i], vals[i]);
            ok = 0;
            break;
        }
    }
    free(got);
    return ok;
}

static void expect_tensor_at(const TF_Tensor *t, TF_DataType dt, const int64_t *dims, int nd, const double *vals,
                             const char *expr, int line) {
    if (tensor_matches(t, dt, dims, nd, vals, expr, line)) {
        CHECK_PASS();
    } else {
        CHECK_FAIL();
    }
}
/* EXPECT_T(t, TF_FLOAT, DIMS(2,3), V(1,2,3,4,5,6)); for no elements pass V(0) (unread). */
#define EXPECT_T(t, dt, dims_nd, vals) expect_tensor_at(t, dt, dims_nd, vals, #t, __LINE__)

/* Runs a binary op, checks the result, frees it. */
#define EXPECT_BIN(op, a, b, dt, dims_nd, vals)                        \
    do {                                                               \
        TF_Tensor *r_ = op(a, b, S);                                   \
        EXPECT_OK(#op "(" #a ", " #b ")");                             \
        expect_tensor_at(r_, dt, dims_nd, vals, #op "(" #a ", " #b ")", __LINE__); \
        TF_DeleteTensor(r_);                                           \
    } while (0)

/* ------------------------------------------------------------------------------------------ */
/* Tests                                                                                        */
/* ------------------------------------------------------------------------------------------ */

static void test_meta(void) {
    const char *v = TF_Version();
    CHECK(v != NULL && strlen(v) > 0);
    CHECK(TF_AbiVersion() == TF_ABI_VERSION);
    CHECK(TF_ABI_VERSION == ((TF_ABI_VERSION_MAJOR << 16) | TF_ABI_VERSION_MINOR));
    CHECK(TF_DataTypeSize(TF_FLOAT) == 4);
    CHECK(TF_DataTypeSize(TF_DOUBLE) == 8);
    CHECK(TF_DataTypeSize(TF_INT32) == 4);
    CHECK(TF_DataTypeSize(TF_INT64) == 8);
    CHECK(TF_DataTypeSize(TF_BOOL) == 1);
    CHECK(TF_DataTypeSize(TF_UINT8) == 1);
    CHECK(TF_DataTypeSize(TF_INT16) == 2);
    CHECK(TF_DataTypeSize(TF_INT8) == 1);
    CHECK(TF_DataTypeSize((TF_DataType)0) == 0);
    CHECK(TF_DataTypeSize((TF_DataType)7) == 0);
    CHECK(TF_DataTypeSize((TF_DataType)1000) == 0);
    CHECK(TF_DataTypeSize((TF_DataType)-1) == 0);
    (void)TF_DataTypeSize(TF_HALF); /* reserved: any value, but no crash */
}

static void test_status(void) {
    TF_Status *st = TF_NewStatus();
    const char *m;
    CHECK(st != NULL);
    CHECK(TF_GetCode(st) == TF_OK);
    CHECK(strcmp(TF_Message(st), "") == 0);
    TF_DeleteStatus(st);
    TF_DeleteStatus(NULL); /* no-op */
    TF_DeleteTensor(NULL); /* no-op */
    CHECK(TF_GetCode(NULL) == TF_INVALID_ARGUMENT);
    m = TF_Message(NULL);
    CHECK(m == NULL || strlen(m) < 4096); /* readable, no crash */

    {
        TF_Tensor *a = MK(TF_FLOAT, DIMS(2, 3), F32(1, 2, 3, 4, 5, 6));
        TF_Tensor *b = MK(TF_FLOAT, DIMS(4), F32(1, 2, 3, 4));
        TF_Tensor *r = TF_Add(a, b, S);
        CHECK(r == NULL);
        CHECK(TF_GetCode(S) == TF_SHAPE_ERROR);
        CHECK(strcmp(TF_Message(S), "TF_Add: shapes [2,3] and [4] cannot be broadcast") == 0);
        /* A success clears the status: TF_OK and "". */
        r = TF_Add(a, a, S);
        CHECK(r != NULL);
        CHECK(TF_GetCode(S) == TF_OK);
        CHECK(strcmp(TF_Message(S), "") == 0);
        TF_DeleteTensor(r);
        /* So does a successful void function after an error. */
        EXPECT_ERR(TF_Add(NULL, a, S), TF_INVALID_ARGUMENT, "TF_Add");
        {
            int64_t shape[2];
            TF_TensorShape(a, shape, 2, S);
            CHECK(TF_GetCode(S) == TF_OK && strcmp(TF_Message(S), "") == 0);
            CHECK(shape[0] == 2 && shape[1] == 3);
        }
        TF_DeleteTensor(a);
        TF_DeleteTensor(b);
    }
}

static void test_creation(void) {
    TF_Tensor *t;

    t = MK(TF_FLOAT, DIMS(2, 3), F32(1, 2, 3, 4, 5, 6));
    EXPECT_T(t, TF_FLOAT, DIMS(2, 3), V(1, 2, 3, 4, 5, 6));
    CHECK(TF_NumDims(t) == 2 && TF_Dim(t, 0) == 2 && TF_Dim(t, 1) == 3);
    CHECK(TF_Dim(t, 2) == -1 && TF_Dim(t, -1) == -1);
    CHECK(TF_TensorElementCount(t) == 6 && TF_TensorByteSize(t) == 24);
    CHECK(TF_TensorIsContiguous(t));
    TF_DeleteTensor(t);

    /* 0-d: dims may be NULL when num_dims is 0. */
    t = MK(TF_DOUBLE, SCALAR, F64(2.5));
    EXPECT_T(t, TF_DOUBLE, SCALAR, V(2.5));
    CHECK(TF_NumDims(t) == 0 && TF_TensorElementCount(t) == 1 && TF_TensorByteSize(t) == 8);
    CHECK(TF_TensorIsContiguous(t));
    TF_DeleteTensor(t);

    /* Empty: data may be NULL when len is 0. */
    t = TF_NewTensor(TF_FLOAT, I64(0, 3), 2, NULL, 0, S);
    EXPECT_OK("TF_NewTensor empty");
    EXPECT_T(t, TF_FLOAT, DIMS(0, 3), V(0));
    CHECK(TF_TensorByteSize(t) == 0 && TF_TensorElementCount(t) == 0);
    TF_DeleteTensor(t);

    /* Bool bytes: nonzero reads as true, stored and copied out as 1. */
    t = MK(TF_BOOL, DIMS(4), U8(0, 2, 255, 1));
    EXPECT_T(t, TF_BOOL, DIMS(4), V(0, 1, 1, 1));
    TF_DeleteTensor(t);

    t = MK(TF_INT64, DIMS(2), ((const int64_t[]){INT64_MIN, INT64_MAX}));
    {
        int64_t out[2] = {0, 0};
        TF_TensorCopyTo(t, out, sizeof out, S);
        EXPECT_OK("TF_TensorCopyTo int64");
        CHECK(out[0] == INT64_MIN && out[1] == INT64_MAX);
    }
    TF_DeleteTensor(t);

    /* TF_MAX_DIMS dims is allowed. */
    {
        int64_t ones[TF_MAX_DIMS];
        int i;
        for (i = 0; i < TF_MAX_DIMS; i++) {
            ones[i] = 1;
        }
        t = TF_Zeros(TF_INT32, ones, TF_MAX_DIMS, S);
        EXPECT_OK("TF_Zeros 64 dims");
        CHECK(TF_NumDims(t) == TF_MAX_DIMS && TF_TensorElementCount(t) == 1);
        TF_DeleteTensor(t);
    }

    t = TF_Zeros(TF_INT64, I64(2, 2), 2, S);
    EXPECT_OK("TF_Zeros");
    EXPECT_T(t, TF_INT64, DIMS(2, 2), V(0, 0, 0, 0));
    TF_DeleteTensor(t);
    t = TF_Ones(TF_BOOL, I64(3), 1, S);
    EXPECT_OK("TF_Ones bool");
    EXPECT_T(t, TF_BOOL, DIMS(3), V(1, 1, 1));
    TF_DeleteTensor(t);
    t = TF_Ones(TF_FLOAT, NULL, 0, S);
    EXPECT_OK("TF_Ones 0-d");
    EXPECT_T(t, TF_FLOAT, SCALAR, V(1));
    TF_DeleteTensor(t);
    t = TF_Zeros(TF_DOUBLE, I64(2, 0), 2, S);
    EXPECT_OK("TF_Zeros empty");
    EXPECT_T(t, TF_DOUBLE, DIMS(2, 0), V(0));
    TF_DeleteTensor(t);
}

static void test_full(void) {
    TF_Tensor *t;
#define FULL_OK(dt, value, want)                                         \
    do {                                                                 \
        t = TF_Full(dt, I64(2), 1, value, S);                            \
        EXPECT_OK("TF_Full(" #dt ", " #value ")");                       \
        EXPECT_T(t, dt, DIMS(2), V(want, want));                         \
        TF_DeleteTensor(t);                                              \
    } while (0)
    FULL_OK(TF_FLOAT, 1.5, 1.5);
    FULL_OK(TF_DOUBLE, -0.25, -0.25);
    FULL_OK(TF_INT32, 3.7, 3);   /* truncates toward zero */
    FULL_OK(TF_INT32, -3.7, -3);
    FULL_OK(TF_INT64, -3.7, -3);
    FULL_OK(TF_INT32, 2147483647.0, 2147483647.0);
    FULL_OK(TF_INT32, -2147483648.0, -2147483648.0);
    FULL_OK(TF_BOOL, 0.5, 1);
    FULL_OK(TF_BOOL, 0.0, 0);
    FULL_OK(TF_BOOL, -2.0, 1);
    FULL_OK(TF_DOUBLE, NAN, NAN);
    FULL_OK(TF_DOUBLE, INFINITY, INFINITY);
#undef FULL_OK

    t = TF_Full(TF_INT64, I64(1), 1, -9223372036854775808.0, S); /* -2^63 fits */
    EXPECT_OK("TF_Full int64 -2^63");
    {
        int64_t v = 0;
        TF_TensorCopyTo(t, &v, sizeof v, S);
        CHECK(TF_GetCode(S) == TF_OK && v == INT64_MIN);
    }
    TF_DeleteTensor(t);

    t = TF_Full(TF_DOUBLE, NULL, 0, 2.5, S);
    EXPECT_OK("TF_Full 0-d");
    EXPECT_T(t, TF_DOUBLE, SCALAR, V(2.5));
    TF_DeleteTensor(t);

    EXPECT_ERR(TF_Full(TF_INT32, I64(2), 1, 3e9, S), TF_INVALID_ARGUMENT, "TF_Full");
    EXPECT_ERR(TF_Full(TF_INT32, I64(2), 1, -3e9, S), TF_INVALID_ARGUMENT, "TF_Full");
    EXPECT_ERR(TF_Full(TF_INT32, I64(2), 1, 2147483648.0, S), TF_INVALID_ARGUMENT, "TF_Full");
    EXPECT_ERR(TF_Full(TF_INT32, I64(2), 1, NAN, S), TF_INVALID_ARGUMENT, "TF_Full");
    EXPECT_ERR(TF_Full(TF_INT64, I64(2), 1, NAN, S), TF_INVALID_ARGUMENT, "TF_Full");
    EXPECT_ERR(TF_Full(TF_INT64, I64(2), 1, INFINITY, S), TF_INVALID_ARGUMENT, "TF_Full");
    EXPECT_ERR(TF_Full(TF_INT64, I64(2), 1, -INFINITY, S), TF_INVALID_ARGUMENT, "TF_Full");
    EXPECT_ERR(TF_Full(TF_INT64, I64(2), 1, 9223372036854775808.0, S), TF_INVALID_ARGUMENT, "TF_Full");
    EXPECT_ERR(TF_Full(TF_HALF, I64(2), 1, 1.0, S), TF_DTYPE_ERROR, "TF_Full");
    EXPECT_ERR(TF_Full((TF_DataType)7, I64(2), 1, 1.0, S), TF_DTYPE_ERROR, "TF_Full");
}

static void test_elementwise(void) {
    TF_Tensor *a = MK(TF_FLOAT, DIMS(2, 3), F32(1, 2, 3, 4, 5, 6));
    TF_Tensor *row = MK(TF_FLOAT, DIMS(3), F32(10, 20, 30));
    TF_Tensor *col = MK(TF_FLOAT, DIMS(2, 1), F32(1, 2));
    TF_Tensor *two = MK(TF_FLOAT, SCALAR, F32(2));
    TF_Tensor *three = MK(TF_FLOAT, SCALAR, F32(3));
    TF_Tensor *c31 = MK(TF_FLOAT, DIMS(3, 1), F32(1, 2, 3));
    TF_Tensor *r14 = MK(TF_FLOAT, DIMS(1, 4), F32(10, 20, 30, 40));
    TF_Tensor *e03 = TF_Zeros(TF_FLOAT, I64(0, 3), 2, S);
    TF_Tensor *e0 = TF_Zeros(TF_FLOAT, I64(0), 1, S);
    TF_Tensor *one1 = MK(TF_FLOAT, DIMS(1), F32(5));
    TF_Tensor *v2 = MK(TF_FLOAT, DIMS(2), F32(1, 2));
    TF_Tensor *e20 = TF_Zeros(TF_FLOAT, I64(2, 0), 2, S);

    EXPECT_BIN(TF_Add, a, row, TF_FLOAT, DIMS(2, 3), V(11, 22, 33, 14, 25, 36));
    EXPECT_BIN(TF_Add, row, a, TF_FLOAT, DIMS(2, 3), V(11, 22, 33, 14, 25, 36));
    EXPECT_BIN(TF_Sub, a, row, TF_FLOAT, DIMS(2, 3), V(-9, -18, -27, -6, -15, -24));
    EXPECT_BIN(TF_Sub, row, a, TF_FLOAT, DIMS(2, 3), V(9, 18, 27, 6, 15, 24));
    EXPECT_BIN(TF_Mul, a, two, TF_FLOAT, DIMS(2, 3), V(2, 4, 6, 8, 10, 12));
    EXPECT_BIN(TF_Mul, two, a, TF_FLOAT, DIMS(2, 3), V(2, 4, 6, 8, 10, 12));
    EXPECT_BIN(TF_Div, a, col, TF_FLOAT, DIMS(2, 3), V(1, 2, 3, 2, 2.5, 3));
    EXPECT_BIN(TF_Div, two, a, TF_FLOAT, DIMS(2, 3), V(2, 1, 2.0 / 3, 0.5, 0.4, 1.0 / 3));
    /* 0-d with 0-d stays 0-d. */
    EXPECT_BIN(TF_Add, two, three, TF_FLOAT, SCALAR, V(5));
    EXPECT_BIN(TF_Sub, two, three, TF_FLOAT, SCALAR, V(-1));
    EXPECT_BIN(TF_Mul, two, three, TF_FLOAT, SCALAR, V(6));
    EXPECT_BIN(TF_Div, two, three, TF_FLOAT, SCALAR, V(2.0 / 3));
    /* Both sides broadcast: [3,1] + [1,4] -> [3,4]. */
    EXPECT_BIN(TF_Add, c31, r14, TF_FLOAT, DIMS(3, 4), V(11, 21, 31, 41, 12, 22, 32, 42, 13, 23, 33, 43));
    EXPECT_BIN(TF_Mul, c31, r14, TF_FLOAT, DIMS(3, 4), V(10, 20, 30, 40, 20, 40, 60, 80, 30, 60, 90, 120));
    /* Empty shapes. */
    EXPECT_BIN(TF_Add, e03, row, TF_FLOAT, DIMS(0, 3), V(0));
    EXPECT_BIN(TF_Mul, e03, two, TF_FLOAT, DIMS(0, 3), V(0));
    EXPECT_BIN(TF_Add, e0, one1, TF_FLOAT, DIMS(0), V(0));
    EXPECT_BIN(TF_Sub, one1, e0, TF_FLOAT, DIMS(0), V(0));
    EXPECT_BIN(TF_Div, e20, col, TF_FLOAT, DIMS(2, 0), V(0));
    EXPECT_ERR(TF_Add(e0, v2, S), TF_SHAPE_ERROR, "TF_Add"); /* 0 vs 2 */
    EXPECT_ERR(TF_Mul(a, v2, S), TF_SHAPE_ERROR, "TF_Mul");
    EXPECT_ERR(TF_Sub(a, r14, S), TF_SHAPE_ERROR, "TF_Sub");
    EXPECT_BIN(TF_Div, c31, v2, TF_FLOAT, DIMS(3, 2), V(1, 0.5, 2, 1, 3, 1.5));

    /* The exact broadcast message. */
    {
        TF_Tensor *four = TF_Zeros(TF_FLOAT, I64(4), 1, S);
        TF_Tensor *r = TF_Add(a, four, S);
        CHECK(r == NULL && TF_GetCode(S) == TF_SHAPE_ERROR);
        CHECK(strcmp(TF_Message(S), "TF_Add: shapes [2,3] and [4] cannot be broadcast") == 0);
        TF_DeleteTensor(r);
        TF_DeleteTensor(four);
    }

    TF_DeleteTensor(a);
    TF_DeleteTensor(row);
    TF_DeleteTensor(col);
    TF_DeleteTensor(two);
    TF_DeleteTensor(three);
    TF_DeleteTensor(c31);
    TF_DeleteTensor(r14);
    TF_DeleteTensor(e03);
    TF_DeleteTensor(e0);
    TF_DeleteTensor(one1);
    TF_DeleteTensor(v2);
    TF_DeleteTensor(e20);
}

static void test_promotion(void) {
    TF_Tensor *i32 = MK(TF_INT32, DIMS(2), I32(7, -7));
    TF_Tensor *i32b = MK(TF_INT32, DIMS(2), I32(2, 2));
    TF_Tensor *i32z = MK(TF_INT32, DIMS(3), I32(0, 0, 0));
    TF_Tensor *i32n = MK(TF_INT32, DIMS(3), I32(1, 0, -1));
    TF_Tensor *i64 = MK(TF_INT64, DIMS(2), ((const int64_t[]){10, 20}));
    TF_Tensor *f32 = MK(TF_FLOAT, DIMS(2), F32(0.5f, 0.25f));
    TF_Tensor *f64 = MK(TF_DOUBLE, DIMS(2), F64(0.125, 1));
    TF_Tensor *bt = MK(TF_BOOL, DIMS(4), U8(1, 1, 0, 0));
    TF_Tensor *bu = MK(TF_BOOL, DIMS(4), U8(1, 0, 1, 0));
    TF_Tensor *b2 = MK(TF_BOOL, DIMS(2), U8(1, 0));
    TF_Tensor *imax = MK(TF_INT32, DIMS(2), I32(INT32_MAX, INT32_MIN));
    TF_Tensor *ione = MK(TF_INT32, SCALAR, I32(1));
    TF_Tensor *lmax = MK(TF_INT64, DIMS(1), ((const int64_t[]){INT64_MAX}));
    TF_Tensor *ltwo = MK(TF_INT64, SCALAR, ((const int64_t[]){2}));

    /* int32 + float32 -> float64 (NumPy). */
    EXPECT_BIN(TF_Add, i32, f32, TF_DOUBLE, DIMS(2), V(7.5, -6.75));
    EXPECT_BIN(TF_Mul, f32, i32, TF_DOUBLE, DIMS(2), V(3.5, -1.75));
    EXPECT_BIN(TF_Add, i32, i32b, TF_INT32, DIMS(2), V(9, -5));
    EXPECT_BIN(TF_Sub, i32, i32b, TF_INT32, DIMS(2), V(5, -9));
    EXPECT_BIN(TF_Mul, i32, i32b, TF_INT32, DIMS(2), V(14, -14));
    EXPECT_BIN(TF_Add, i32, i64, TF_INT64, DIMS(2), V(17, 13));
    EXPECT_BIN(TF_Add, f32, f64, TF_DOUBLE, DIMS(2), V(0.625, 1.25));
    EXPECT_BIN(TF_Add, i64, f32, TF_DOUBLE, DIMS(2), V(10.5, 20.25));
    EXPECT_BIN(TF_Add, b2, i32, TF_INT32, DIMS(2), V(8, -7));
    EXPECT_BIN(TF_Mul, b2, f32, TF_FLOAT, DIMS(2), V(0.5, 0));
    /* int / int -> float64 true division; by zero gives inf / nan. */
    EXPECT_BIN(TF_Div, i32, i32b, TF_DOUBLE, DIMS(2), V(3.5, -3.5));
    EXPECT_BIN(TF_Div, i32n, i32z, TF_DOUBLE, DIMS(3), V(INFINITY, NAN, -INFINITY));
    EXPECT_BIN(TF_Div, i64, i32b, TF_DOUBLE, DIMS(2), V(5, 10));
    /* bool: + is or, * is and, / is float64, - is an error. */
    EXPECT_BIN(TF_Add, bt, bu, TF_BOOL, DIMS(4), V(1, 1, 1, 0));
    EXPECT_BIN(TF_Mul, bt, bu, TF_BOOL, DIMS(4), V(1, 0, 0, 0));
    EXPECT_BIN(TF_Div, bt, bu, TF_DOUBLE, DIMS(4), V(1, INFINITY, 0, NAN));
    EXPECT_ERR(TF_Sub(bt, bu, S), TF_DTYPE_ERROR, "TF_Sub");
    /* Integers wrap. */
    EXPECT_BIN(TF_Add, imax, ione, TF_INT32, DIMS(2), V(INT32_MIN, INT32_MIN + 1.0));
    EXPECT_BIN(TF_Sub, imax, ione, TF_INT32, DIMS(2), V(INT32_MAX - 1.0, INT32_MAX));
    EXPECT_BIN(TF_Mul, lmax, ltwo, TF_INT64, DIMS(1), V(-2));

    TF_DeleteTensor(i32);
    TF_DeleteTensor(i32b);
    TF_DeleteTensor(i32z);
    TF_DeleteTensor(i32n);
    TF_DeleteTensor(i64);
    TF_DeleteTensor(f32);
    TF_DeleteTensor(f64);
    TF_DeleteTensor(bt);
    TF_DeleteTensor(bu);
    TF_DeleteTensor(b2);
    TF_DeleteTensor(imax);
    TF_DeleteTensor(ione);
    TF_DeleteTensor(lmax);
    TF_DeleteTensor(ltwo);
}

/* uint8, int8, int16: NumPy promotion, wrapping, range checks, casts. */
static void test_small_ints(void) {
    TF_Tensor *u8 = MK(TF_UINT8, DIMS(3), U8(250, 1, 128));
    TF_Tensor *u8b = MK(TF_UINT8, DIMS(3), U8(10, 2, 128));
    TF_Tensor *i8 = MK(TF_INT8, DIMS(3), ((const int8_t[]){-1, 127, -128}));
    TF_Tensor *i16 = MK(TF_INT16, DIMS(3), ((const int16_t[]){1000, -2, 32767}));
    TF_Tensor *i32 = MK(TF_INT32, DIMS(3), I32(300, -1, 256));
    TF_Tensor *f32 = MK(TF_FLOAT, DIMS(3), F32(0.5f, 0.5f, 0.5f));
    TF_Tensor *r;

    EXPECT_BIN(TF_Add, u8, u8b, TF_UINT8, DIMS(3), V(4, 3, 0)); /* wraps mod 256 */
    EXPECT_BIN(TF_Sub, u8b, u8, TF_UINT8, DIMS(3), V(16, 1, 0));
    EXPECT_BIN(TF_Mul, u8, u8b, TF_UINT8, DIMS(3), V(196, 2, 0));
    EXPECT_BIN(TF_Add, i8, i8, TF_INT8, DIMS(3), V(-2, -2, 0));
    EXPECT_BIN(TF_Add, u8, i8, TF_INT16, DIMS(3), V(249, 128, 0));   /* uint8 + int8 -> int16 */
    EXPECT_BIN(TF_Add, i8, i16, TF_INT16, DIMS(3), V(999, 125, 32639));
    EXPECT_BIN(TF_Add, i16, i16, TF_INT16, DIMS(3), V(2000, -4, -2)); /* wraps */
    EXPECT_BIN(TF_Add, u8, i32, TF_INT32, DIMS(3), V(550, 0, 384));
    EXPECT_BIN(TF_Add, i8, f32, TF_FLOAT, DIMS(3), V(-0.5, 127.5, -127.5)); /* int8 + float32 -> float32 */
    EXPECT_BIN(TF_Add, i16, f32, TF_FLOAT, DIMS(3), V(1000.5, -1.5, 32767.5));
    EXPECT_BIN(TF_Div, u8, u8b, TF_DOUBLE, DIMS(3), V(25, 0.5, 1));
    r = TF_Sum(u8, NULL, 0, false, S);
    EXPECT_OK("TF_Sum uint8");
    EXPECT_T(r, TF_INT64, SCALAR, V(379));
    TF_DeleteTensor(r);
    r = TF_Sum(i8, NULL, 0, false, S);
    EXPECT_OK("TF_Sum int8");
    EXPECT_T(r, TF_INT64, SCALAR, V(-2));
    TF_DeleteTensor(r);
    r = TF_Cast(i32, TF_UINT8, S);
    EXPECT_OK("TF_Cast to uint8");
    EXPECT_T(r, TF_UINT8, DIMS(3), V(44, 255, 0)); /* wraps like NumPy astype */
    TF_DeleteTensor(r);
    r = TF_Cast(i32, TF_INT8, S);
    EXPECT_OK("TF_Cast to int8");
    EXPECT_T(r, TF_INT8, DIMS(3), V(44, -1, 0));
    TF_DeleteTensor(r);
    r = TF_Cast(u8, TF_INT16, S);
    EXPECT_OK("TF_Cast uint8 to int16");
    EXPECT_T(r, TF_INT16, DIMS(3), V(250, 1, 128));
    TF_DeleteTensor(r);
    r = TF_Full(TF_UINT8, I64(2), 1, 255.0, S);
    EXPECT_OK("TF_Full uint8 255");
    EXPECT_T(r, TF_UINT8, DIMS(2), V(255, 255));
    TF_DeleteTensor(r);
    r = TF_Full(TF_INT8, I64(1), 1, -128.0, S);
    EXPECT_OK("TF_Full int8 -128");
    EXPECT_T(r, TF_INT8, DIMS(1), V(-128));
    TF_DeleteTensor(r);
    EXPECT_ERR(TF_Full(TF_UINT8, I64(2), 1, 256.0, S), TF_INVALID_ARGUMENT, "TF_Full");
    EXPECT_ERR(TF_Full(TF_UINT8, I64(2), 1, -1.0, S), TF_INVALID_ARGUMENT, "TF_Full");
    EXPECT_ERR(TF_Full(TF_INT8, I64(2), 1, 128.0, S), TF_INVALID_ARGUMENT, "TF_Full");
    EXPECT_ERR(TF_Full(TF_INT16, I64(2), 1, 40000.0, S), TF_INVALID_ARGUMENT, "TF_Full");
    EXPECT_ERR(TF_Rand(TF_UINT8, I64(2), 1, S), TF_DTYPE_ERROR, "TF_Rand");
    EXPECT_ERR(TF_Randn(TF_INT16, I64(2), 1, S), TF_DTYPE_ERROR, "TF_Randn");
    TF_DeleteTensor(u8);
    TF_DeleteTensor(u8b);
    TF_DeleteTensor(i8);
    TF_DeleteTensor(i16);
    TF_DeleteTensor(i32);
    TF_DeleteTensor(f32);
}

static void test_matmul(void) {
    TF_Tensor *a = MK(TF_FLOAT, DIMS(2, 3), F32(1, 2, 3, 4, 5, 6));
    TF_Tensor *b = MK(TF_FLOAT, DIMS(3, 2), F32(7, 8, 9, 10, 11, 12));
    TF_Tensor *v3 = MK(TF_FLOAT, DIMS(3), F32(1, 2, 3));
    TF_Tensor *w3 = MK(TF_FLOAT, DIMS(3), F32(4, 5, 6));
    TF_Tensor *p = MK(TF_FLOAT, DIMS(3, 2), F32(1, 2, 3, 4, 5, 6));
    TF_Tensor *pt, *bt;
    TF_Tensor *ba = MK(TF_FLOAT, DIMS(2, 2, 2), F32(1, 2, 3, 4, 5, 6, 7, 8));
    TF_Tensor *m22 = MK(TF_FLOAT, DIMS(2, 2), F32(1, 0, 1, 1));
    TF_Tensor *x = MK(TF_FLOAT, DIMS(2, 1, 1, 2), F32(1, 2, 3, 4));
    TF_Tensor *y = MK(TF_FLOAT, DIMS(3, 2, 1), F32(1, 1, 1, 0, 0, 2));
    TF_Tensor *ia = MK(TF_INT32, DIMS(2, 2), I32(1, 2, 3, 4));
    TF_Tensor *ib = MK(TF_INT32, DIMS(2, 2), I32(5, 6, 7, 8));
    TF_Tensor *da = MK(TF_DOUBLE, DIMS(2, 2), F64(0.5, 1, 1.5, 2));
    TF_Tensor *e20 = TF_Zeros(TF_FLOAT, I64(2, 0), 2, S);
    TF_Tensor *e03 = TF_Zeros(TF_FLOAT, I64(0, 3), 2, S);
    TF_Tensor *s0 = MK(TF_FLOAT, SCALAR, F32(2));
    TF_Tensor *v4 = MK(TF_FLOAT, DIMS(4), F32(1, 2, 3, 4));
    TF_Tensor *b322 = TF_Ones(TF_FLOAT, I64(3, 2, 2), 3, S);

    /* [[1,2,3],[4,5,6]] @ [[7,8],[9,10],[11,12]] = [[58,64],[139,154]] */
    EXPECT_BIN(TF_MatMul, a, b, TF_FLOAT, DIMS(2, 2), V(58, 64, 139, 154));
    /* [1,2,3] @ b = [58, 64]; a @ [1,2,3] = [14, 32]; [1,2,3] @ [4,5,6] = 32 (0-d). */
    EXPECT_BIN(TF_MatMul, v3, b, TF_FLOAT, DIMS(2), V(58, 64));
    EXPECT_BIN(TF_MatMul, a, v3, TF_FLOAT, DIMS(2), V(14, 32));
    EXPECT_BIN(TF_MatMul, v3, w3, TF_FLOAT, SCALAR, V(32));
    /* Batched, the right operand broadcast over the batch:
     * [[1,2],[3,4]] @ [[1,0],[1,1]] = [[3,2],[7,4]]; [[5,6],[7,8]] @ same = [[11,6],[15,8]]. */
    EXPECT_BIN(TF_MatMul, ba, m22, TF_FLOAT, DIMS(2, 2, 2), V(3, 2, 7, 4, 11, 6, 15, 8));
    /* [[1,0],[1,1]] @ each: [[1,2],[4,6]] and [[5,6],[12,14]]. */
    EXPECT_BIN(TF_MatMul, m22, ba, TF_FLOAT, DIMS(2, 2, 2), V(1, 2, 4, 6, 5, 6, 12, 14));
    /* Both batch dims broadcast: [2,1,1,2] @ [3,2,1] -> [2,3,1,1]; rows (1,2),(3,4) dotted with
     * columns (1,1),(1,0),(0,2). */
    EXPECT_BIN(TF_MatMul, x, y, TF_FLOAT, DIMS(2, 3, 1, 1), V(3, 1, 4, 7, 3, 8));
    /* 1-D left operand with a batch on the right: [1,2] @ [[1,2],[3,4]] = [7,10], [19,22]. */
    {
        TF_Tensor *v2 = MK(TF_FLOAT, DIMS(2), F32(1, 2));
        EXPECT_BIN(TF_MatMul, v2, ba, TF_FLOAT, DIMS(2, 2), V(7, 10, 19, 22));
        EXPECT_BIN(TF_MatMul, ba, v2, TF_FLOAT, DIMS(2, 2), V(5, 11, 17, 23));
        TF_DeleteTensor(v2);
    }
    /* Transposed (non-contiguous) operands: p^T = [[1,3,5],[2,4,6]]. */
    pt = TF_Transpose(p, NULL, 0, S);
    EXPECT_OK("TF_Transpose");
    CHECK(!TF_TensorIsContiguous(pt));
    EXPECT_BIN(TF_MatMul, pt, p, TF_FLOAT, DIMS(2, 2), V(35, 44, 44, 56));
    EXPECT_BIN(TF_MatMul, p, pt, TF_FLOAT, DIMS(3, 3), V(5, 11, 17, 11, 25, 39, 17, 39, 61));
    /* b^T = [[7,9,11],[8,10,12]] (non-contiguous) @ p [3,2]:
     * [[7+27+55, 14+36+66], [8+30+60, 16+40+72]]. */
    bt = TF_Transpose(b, NULL, 0, S);
    EXPECT_OK("TF_Transpose");
    EXPECT_BIN(TF_MatMul, bt, p, TF_FLOAT, DIMS(2, 2), V(89, 116, 98, 128));
    /* Both transposed: b^T [2,3] @ a^T [3,2]: rows (7,9,11),(8,10,12); cols (1,2,3),(4,5,6). */
    {
        TF_Tensor *at = TF_Transpose(a, NULL, 0, S);
        EXPECT_BIN(TF_MatMul, bt, at, TF_FLOAT, DIMS(2, 2), V(58, 139, 64, 154));
        TF_DeleteTensor(at);
    }
    /* Integer matmul keeps int32: [[19,22],[43,50]]. */
    EXPECT_BIN(TF_MatMul, ia, ib, TF_INT32, DIMS(2, 2), V(19, 22, 43, 50));
    EXPECT_BIN(TF_MatMul, da, da, TF_DOUBLE, DIMS(2, 2), V(1.75, 2.5, 3.75, 5.5));
    /* Mixed int32 @ float32 promotes to float64 as in NumPy. */
    {
        TF_Tensor *fb = MK(TF_FLOAT, DIMS(2, 2), F32(0.5f, 0, 0, 0.5f));
        EXPECT_BIN(TF_MatMul, ia, fb, TF_DOUBLE, DIMS(2, 2), V(0.5, 1, 1.5, 2));
        TF_DeleteTensor(fb);
    }
    /* Empty inner dim gives zeros; empty outer dim gives an empty result. */
    EXPECT_BIN(TF_MatMul, e20, e03, TF_FLOAT, DIMS(2, 3), V(0, 0, 0, 0, 0, 0));
    EXPECT_BIN(TF_MatMul, e03, b, TF_FLOAT, DIMS(0, 2), V(0));

    EXPECT_ERR(TF_MatMul(a, a, S), TF_SHAPE_ERROR, "TF_MatMul");
    EXPECT_ERR(TF_MatMul(v3, v4, S), TF_SHAPE_ERROR, "TF_MatMul");
    EXPECT_ERR(TF_MatMul(s0, a, S), TF_SHAPE_ERROR, "TF_MatMul");
    EXPECT_ERR(TF_MatMul(a, s0, S), TF_SHAPE_ERROR, "TF_MatMul");
    EXPECT_ERR(TF_MatMul(ba, b322, S), TF_SHAPE_ERROR, "TF_MatMul"); /* batch 2 vs 3 */
    EXPECT_ERR(TF_MatMul(NULL, a, S), TF_INVALID_ARGUMENT, "TF_MatMul");
    EXPECT_ERR(TF_MatMul(a, NULL, S), TF_INVALID_ARGUMENT, "TF_MatMul");

    TF_DeleteTensor(a);
    TF_DeleteTensor(b);
    TF_DeleteTensor(v3);
    TF_DeleteTensor(w3);
    TF_DeleteTensor(p);
    TF_DeleteTensor(pt);
    TF_DeleteTensor(bt);
    TF_DeleteTensor(ba);
    TF_DeleteTensor(m22);
    TF_DeleteTensor(x);
    TF_DeleteTensor(y);
    TF_DeleteTensor(ia);
    TF_DeleteTensor(ib);
    TF_DeleteTensor(da);
    TF_DeleteTensor(e20);
    TF_DeleteTensor(e03);
    TF_DeleteTensor(s0);
    TF_DeleteTensor(v4);
    TF_DeleteTensor(b322);
}

/* Larger, odd-sized products (remainder paths of any blocked kernel) against a naive loop:
 * A[i][k] = (i + 2k) % 7 - 3, B[k][j] = (3k + j) % 5 - 2, integer-valued so float sums are exact.
 * A is passed as the transpose of a [K,M] tensor (non-contiguous), batched over 3 with perm. */
static void test_matmul_reference(void) {
    enum { BATCH = 3, M = 17, K = 33, N = 9 };
    static float at_data[BATCH * K * M], b_data[K * N];
    static int32_t ai_data[M * K], bi_data[K * N];
    static double want[BATCH * M * N], want_i[M * N];
    TF_Tensor *at, *a, *b, *r, *ai, *bi;
    int64_t bt, i, j, k;
    for (bt = 0; bt < BATCH; bt++) {
        for (k = 0; k < K; k++) {
            for (i = 0; i < M; i++) {
                at_data[(bt * K + k) * M + i] = (float)((i + 2 * k + bt) % 7 - 3); /* at[bt][k][i] */
            }
        }
    }
    for (k = 0; k < K; k++) {
        for (j = 0; j < N; j++) {
            b_data[k * N + j] = (float)((3 * k + j) % 5 - 2);
            bi_data[k * N + j] = (int32_t)((3 * k + j) % 5 - 2);
        }
        for (i = 0; i < M; i++) {
            ai_data[i * K + k] = (int32_t)((i + 2 * k) % 7 - 3);
        }
    }
    for (bt = 0; bt < BATCH; bt++) {
        for (i = 0; i < M; i++) {
            for (j = 0; j < N; j++) {
                double acc = 0;
                for (k = 0; k < K; k++) {
                    acc += (double)at_data[(bt * K + k) * M + i] * (double)b_data[k * N + j];
                }
                want[(bt * M + i) * N + j] = acc;
                if (bt == 0) {
                    want_i[i * N + j] = acc;
                }
            }
        }
    }
    at = MK(TF_FLOAT, DIMS(BATCH, K, M), at_data);
    b = MK(TF_FLOAT, DIMS(K, N), b_data);
    a = TF_Transpose(at, (const int[]){0, 2, 1}, 3, S); /* [BATCH, M, K], non-contiguous */
    EXPECT_OK("TF_Transpose batch");
    CHECK(!TF_TensorIsContiguous(a));
    r = TF_MatMul(a, b, S);
    EXPECT_OK("TF_MatMul batched, transposed");
    EXPECT_T(r, TF_FLOAT, DIMS(BATCH, M, N), want);
    TF_DeleteTensor(r);
    ai = MK(TF_INT32, DIMS(M, K), ai_data);
    bi = MK(TF_INT32, DIMS(K, N), bi_data);
    r = TF_MatMul(ai, bi, S);
    EXPECT_OK("TF_MatMul int32 17x33x9");
    EXPECT_T(r, TF_INT32, DIMS(M, N), want_i);
    TF_DeleteTensor(r);
    TF_DeleteTensor(ai);
    TF_DeleteTensor(bi);
    TF_DeleteTensor(a);
    TF_DeleteTensor(at);
    TF_DeleteTensor(b);
}

/* t[i][j][k] = i*12 + j*4 + k over shape [2,3,4]. */
static TF_Tensor *make_234(void) {
    float data[24];
    int i;
    for (i = 0; i < 24; i++) {
        data[i] = (float)i;
    }
    return MK(TF_FLOAT, DIMS(2, 3, 4), data);
}

/* Checks a permutation of the [2,3,4] tensor: result dim d is input dim perm[d] (normalised). */
static void check_permuted(const TF_Tensor *r, const int *perm, int line) {
    const int64_t in_dims[3] = {2, 3, 4};
    const int64_t in_strides[3] = {12, 4, 1};
    int64_t dims[3], want_strides[3], strides[3] = {0, 0, 0};
    double want[24];
    int64_t idx[3];
    int d, n = 0;
    for (d = 0; d < 3; d++) {
        dims[d] = in_dims[perm[d]];
        want_strides[d] = in_strides[perm[d]];
    }
    for (idx[0] = 0; idx[0] < dims[0]; idx[0]++) {
        for (idx[1] = 0; idx[1] < dims[1]; idx[1]++) {
            for (idx[2] = 0; idx[2] < dims[2]; idx[2]++) {
                double v = 0;
                for (d = 0; d < 3; d++) {
                    v += (double)(idx[d] * in_strides[perm[d]]);
                }
                want[n++] = v;
            }
        }
    }
    expect_tensor_at(r, TF_FLOAT, dims, 3, want, "permuted [2,3,4]", line);
    TF_TensorStrides(r, strides, 3, S);
    expect_ok_at(S, "TF_TensorStrides", line);
    check_at(strides[0] == want_strides[0] && strides[1] == want_strides[1] && strides[2] == want_strides[2],
             "strides of a permuted view", line);
}

static void test_transpose(void) {
    TF_Tensor *t = make_234();
    TF_Tensor *r;
    const void *base = TF_TensorData(t);

    r = TF_Transpose(t, NULL, 0, S); /* reverses: [4,3,2] */
    EXPECT_OK("TF_Transpose NULL perm");
    check_permuted(r, (const int[]){2, 1, 0}, __LINE__);
    CHECK(TF_TensorData(r) == base); /* a view: element (0,0,0) is the same */
    CHECK(!TF_TensorIsContiguous(r));
    TF_DeleteTensor(r);

    r = TF_Transpose(t, (const int[]){1, 0, 2}, 3, S);
    EXPECT_OK("TF_Transpose {1,0,2}");
    check_permuted(r, (const int[]){1, 0, 2}, __LINE__);
    TF_DeleteTensor(r);

    r = TF_Transpose(t, (const int[]){-1, 0, 1}, 3, S); /* = {2,0,1}: [4,2,3] */
    EXPECT_OK("TF_Transpose {-1,0,1}");
    check_permuted(r, (const int[]){2, 0, 1}, __LINE__);
    TF_DeleteTensor(r);

    r = TF_Transpose(t, (const int[]){0, 1, 2}, 3, S); /* identity */
    EXPECT_OK("TF_Transpose identity");
    check_permuted(r, (const int[]){0, 1, 2}, __LINE__);
    CHECK(TF_TensorIsContiguous(r));
    TF_DeleteTensor(r);

    {
        TF_Tensor *s = MK(TF_INT32, SCALAR, I32(9));
        r = TF_Transpose(s, NULL, 0, S);
        EXPECT_OK("TF_Transpose 0-d");
        EXPECT_T(r, TF_INT32, SCALAR, V(9));
        TF_DeleteTensor(r);
        TF_DeleteTensor(s);
    }

    EXPECT_ERR(TF_Transpose(t, (const int[]){0, 0, 1}, 3, S), TF_INVALID_ARGUMENT, "TF_Transpose");
    EXPECT_ERR(TF_Transpose(t, (const int[]){0, 1, 3}, 3, S), TF_INVALID_ARGUMENT, "TF_Transpose");
    EXPECT_ERR(TF_Transpose(t, (const int[]){0, 1, -4}, 3, S), TF_INVALID_ARGUMENT, "TF_Transpose");
    EXPECT_ERR(TF_Transpose(t, (const int[]){2, -1, 0}, 3, S), TF_INVALID_ARGUMENT, "TF_Transpose");
    EXPECT_ERR(TF_Transpose(t, (const int[]){1, 0}, 2, S), TF_INVALID_ARGUMENT, "TF_Transpose");
    EXPECT_ERR(TF_Transpose(t, (const int[]){1, 0, 2, 3}, 4, S), TF_INVALID_ARGUMENT, "TF_Transpose");
    EXPECT_ERR(TF_Transpose(t, (const int[]){1, 0, 2}, -1, S), TF_INVALID_ARGUMENT, "TF_Transpose");
    EXPECT_ERR(TF_Transpose(NULL, NULL, 0, S), TF_INVALID_ARGUMENT, "TF_Transpose");
    TF_DeleteTensor(t);
}

static void test_reshape(void) {
    TF_Tensor *a = MK(TF_FLOAT, DIMS(2, 3), F32(1, 2, 3, 4, 5, 6));
    TF_Tensor *r, *at;

    r = TF_Reshape(a, I64(3, -1), 2, S);
    EXPECT_OK("TF_Reshape {3,-1}");
    EXPECT_T(r, TF_FLOAT, DIMS(3, 2), V(1, 2, 3, 4, 5, 6));
    CHECK(TF_TensorData(r) == TF_TensorData(a)); /* contiguous: a view */
    TF_DeleteTensor(r);

    r = TF_Reshape(a, I64(-1), 1, S);
    EXPECT_OK("TF_Reshape {-1}");
    EXPECT_T(r, TF_FLOAT, DIMS(6), V(1, 2, 3, 4, 5, 6));
    TF_DeleteTensor(r);

    r = TF_Reshape(a, I64(1, 2, 1, 3), 4, S);
    EXPECT_OK("TF_Reshape {1,2,1,3}");
    EXPECT_T(r, TF_FLOAT, DIMS(1, 2, 1, 3), V(1, 2, 3, 4, 5, 6));
    TF_DeleteTensor(r);

    /* Reshape of a transposed view needs a copy: a^T = [[1,4],[2,5],[3,6]]. */
    at = TF_Transpose(a, NULL, 0, S);
    EXPECT_OK("TF_Transpose");
    r = TF_Reshape(at, I64(-1), 1, S);
    EXPECT_OK("TF_Reshape(a^T, {-1})");
    EXPECT_T(r, TF_FLOAT, DIMS(6), V(1, 4, 2, 5, 3, 6));
    CHECK(TF_TensorIsContiguous(r));
    {
        TF_Tensor *r2 = TF_Reshape(at, I64(2, 3), 2, S);
        EXPECT_OK("TF_Reshape(a^T, {2,3})");
        EXPECT_T(r2, TF_FLOAT, DIMS(2, 3), V(1, 4, 2, 5, 3, 6));
        TF_DeleteTensor(r2);
    }
    {
        /* A copy does not see later writes to a's storage; the transposed view does. */
        TF_Tensor *w = MK(TF_FLOAT, DIMS(2, 3), F32(1, 2, 3, 4, 5, 6));
        TF_Tensor *wt = TF_Transpose(w, NULL, 0, S);
        TF_Tensor *flat = TF_Reshape(wt, I64(6), 1, S);
        EXPECT_OK("TF_Reshape(w^T, {6})");
        ((float *)TF_TensorData(w))[1] = 100.0f; /* w[0][1] */
        EXPECT_T(wt, TF_FLOAT, DIMS(3, 2), V(1, 4, 100, 5, 3, 6));
        EXPECT_T(flat, TF_FLOAT, DIMS(6), V(1, 4, 2, 5, 3, 6));
        TF_DeleteTensor(flat);
        TF_DeleteTensor(wt);
        TF_DeleteTensor(w);
    }
    TF_DeleteTensor(r);

    /* 0-d <-> 1-element. */
    {
        TF_Tensor *one = MK(TF_INT64, DIMS(1, 1), ((const int64_t[]){42}));
        TF_Tensor *s = TF_Reshape(one, NULL, 0, S);
        EXPECT_OK("TF_Reshape to 0-d");
        EXPECT_T(s, TF_INT64, SCALAR, V(42));
        r = TF_Reshape(s, I64(-1), 1, S);
        EXPECT_OK("TF_Reshape 0-d to {-1}");
        EXPECT_T(r, TF_INT64, DIMS(1), V(42));
        TF_DeleteTensor(r);
        TF_DeleteTensor(s);
        TF_DeleteTensor(one);
    }
    /* Empty. */
    {
        TF_Tensor *e = TF_Zeros(TF_FLOAT, I64(0, 3), 2, S);
        r = TF_Reshape(e, I64(-1), 1, S);
        EXPECT_OK("TF_Reshape empty {-1}");
        EXPECT_T(r, TF_FLOAT, DIMS(0), V(0));
        TF_DeleteTensor(r);
        r = TF_Reshape(e, I64(3, 0, 5), 3, S);
        EXPECT_OK("TF_Reshape empty {3,0,5}");
        EXPECT_T(r, TF_FLOAT, DIMS(3, 0, 5), V(0));
        TF_DeleteTensor(r);
        EXPECT_ERR(TF_Reshape(e, I64(1), 1, S), TF_SHAPE_ERROR, "TF_Reshape");
        TF_DeleteTensor(e);
    }

    EXPECT_ERR(TF_Reshape(a, I64(4), 1, S), TF_SHAPE_ERROR, "TF_Reshape");
    EXPECT_ERR(TF_Reshape(a, I64(7), 1, S), TF_SHAPE_ERROR, "TF_Reshape");
    EXPECT_ERR(TF_Reshape(a, I64(4, -1), 2, S), TF_SHAPE_ERROR, "TF_Reshape");
    EXPECT_ERR(TF_Reshape(a, NULL, 0, S), TF_SHAPE_ERROR, "TF_Reshape");
    EXPECT_ERR(TF_Reshape(a, I64(-1, -1), 2, S), TF_INVALID_ARGUMENT, "TF_Reshape");
    EXPECT_ERR(TF_Reshape(a, I64(-2, -3), 2, S), TF_INVALID_ARGUMENT, "TF_Reshape");
    EXPECT_ERR(TF_Reshape(a, I64(2, -3), 2, S), TF_INVALID_ARGUMENT, "TF_Reshape");
    EXPECT_ERR(TF_Reshape(a, NULL, 2, S), TF_INVALID_ARGUMENT, "TF_Reshape");
    EXPECT_ERR(TF_Reshape(a, I64(6), -1, S), TF_INVALID_ARGUMENT, "TF_Reshape");
    EXPECT_ERR(TF_Reshape(NULL, I64(6), 1, S), TF_INVALID_ARGUMENT, "TF_Reshape");
    {
        /* Product overflows int64: an error, not a wrapped "valid" size. */
        EXPECT_ERR(TF_Reshape(a, I64(1LL << 40, 1LL << 40), 2, S), TF_INVALID_ARGUMENT, "TF_Reshape");
    }
    TF_DeleteTensor(at);
    TF_DeleteTensor(a);
}

static void test_sum(void) {
    TF_Tensor *a = MK(TF_FLOAT, DIMS(2, 3), F32(1, 2, 3, 4, 5, 6));
    TF_Tensor *t = make_234();
    TF_Tensor *r;
    static const int no_axes[1] = {0};

#define SUM_CHECK(x, axes, n, keep, dt, dims_nd, vals)                 \
    do {                                                               \
        r = TF_Sum(x, axes, n, keep, S);                               \
        EXPECT_OK("TF_Sum(" #x ", " #axes ", " #keep ")");             \
        expect_tensor_at(r, dt, dims_nd, vals, "TF_Sum(" #x ", " #axes ")", __LINE__); \
        TF_DeleteTensor(r);                                            \
    } while (0)

    SUM_CHECK(a, NULL, 0, false, TF_FLOAT, SCALAR, V(21));
    SUM_CHECK(a, NULL, 0, true, TF_FLOAT, DIMS(1, 1), V(21));
    SUM_CHECK(a, AX(0), 1, false, TF_FLOAT, DIMS(3), V(5, 7, 9));
    SUM_CHECK(a, AX(1), 1, false, TF_FLOAT, DIMS(2), V(6, 15));
    SUM_CHECK(a, AX(-1), 1, false, TF_FLOAT, DIMS(2), V(6, 15));
    SUM_CHECK(a, AX(-2), 1, true, TF_FLOAT, DIMS(1, 3), V(5, 7, 9));
    SUM_CHECK(a, AX(1), 1, true, TF_FLOAT, DIMS(2, 1), V(6, 15));
    SUM_CHECK(a, AX(0, 1), 2, false, TF_FLOAT, SCALAR, V(21));
    SUM_CHECK(a, AX(1, 0), 2, true, TF_FLOAT, DIMS(1, 1), V(21));
    /* Non-NULL empty list: no reduction. */
    SUM_CHECK(a, no_axes, 0, false, TF_FLOAT, DIMS(2, 3), V(1, 2, 3, 4, 5, 6));
    SUM_CHECK(a, no_axes, 0, true, TF_FLOAT, DIMS(2, 3), V(1, 2, 3, 4, 5, 6));
    /* [2,3,4] over axes {0,2}: sum_{i,k} (12i + 4j + k) = 60 + 32j. */
    SUM_CHECK(t, AX(0, 2), 2, false, TF_FLOAT, DIMS(3), V(60, 92, 124));
    SUM_CHECK(t, AX(-1, 0), 2, true, TF_FLOAT, DIMS(1, 3, 1), V(60, 92, 124));
    /* over axis 1: 3*(12i + k) + 12 */
    SUM_CHECK(t, AX(1), 1, false, TF_FLOAT, DIMS(2, 4), V(12, 15, 18, 21, 48, 51, 54, 57));
    SUM_CHECK(t, NULL, 0, false, TF_FLOAT, SCALAR, V(276)); /* 0+...+23 */

    /* Sum of a transposed view: a^T = [[1,4],[2,5],[3,6]]. */
    {
        TF_Tensor *at = TF_Transpose(a, NULL, 0, S);
        SUM_CHECK(at, AX(0), 1, false, TF_FLOAT, DIMS(2), V(6, 15));
        SUM_CHECK(at, AX(1), 1, false, TF_FLOAT, DIMS(3), V(5, 7, 9));
        TF_DeleteTensor(at);
    }
    /* Integers and bools sum as int64 without overflowing int32. */
    {
        TF_Tensor *i = MK(TF_INT32, DIMS(3), I32(INT32_MAX, INT32_MAX, 2));
        TF_Tensor *m = MK(TF_INT32, DIMS(2, 3), I32(1, 2, 3, 4, 5, 6));
        TF_Tensor *b = MK(TF_BOOL, DIMS(2, 3), U8(1, 0, 1, 1, 1, 0));
        TF_Tensor *d = MK(TF_DOUBLE, DIMS(2), F64(0.5, 0.25));
        SUM_CHECK(i, NULL, 0, false, TF_INT64, SCALAR, V(4294967296.0));
        SUM_CHECK(m, AX(1), 1, false, TF_INT64, DIMS(2), V(6, 15));
        SUM_CHECK(m, no_axes, 0, false, TF_INT64, DIMS(2, 3), V(1, 2, 3, 4, 5, 6)); /* promoted, not reduced */
        SUM_CHECK(b, NULL, 0, false, TF_INT64, SCALAR, V(4));
        SUM_CHECK(b, AX(0), 1, false, TF_INT64, DIMS(3), V(2, 1, 1));
        SUM_CHECK(b, no_axes, 0, false, TF_INT64, DIMS(2, 3), V(1, 0, 1, 1, 1, 0));
        SUM_CHECK(d, NULL, 0, false, TF_DOUBLE, SCALAR, V(0.75));
        TF_DeleteTensor(i);
        TF_DeleteTensor(m);
        TF_DeleteTensor(b);
        TF_DeleteTensor(d);
    }
    /* Float sums are pairwise: 10^6 times 0.1f is 100000.0015 to float precision (a naive
     * float loop drifts to about 100958). */
    {
        enum { BIG = 1000000 };
        float *ones = malloc(sizeof(float) * BIG);
        int k;
        CHECK(ones != NULL);
        if (ones != NULL) {
            TF_Tensor *big;
            for (k = 0; k < BIG; k++) {
                ones[k] = 0.1f;
            }
            big = MK(TF_FLOAT, DIMS(BIG), ones);
            free(ones);
            SUM_CHECK(big, NULL, 0, false, TF_FLOAT, SCALAR, V(BIG * (double)0.1f));
            TF_DeleteTensor(big);
        }
    }
    /* The sum over no elements is 0. */
    {
        TF_Tensor *e = TF_Zeros(TF_FLOAT, I64(0), 1, S);
        TF_Tensor *e03 = TF_Zeros(TF_FLOAT, I64(0, 3), 2, S);
        TF_Tensor *ei = TF_Zeros(TF_INT32, I64(2, 0), 2, S);
        SUM_CHECK(e, NULL, 0, false, TF_FLOAT, SCALAR, V(0));
        SUM_CHECK(e03, AX(0), 1, false, TF_FLOAT, DIMS(3), V(0, 0, 0));
        SUM_CHECK(e03, AX(1), 1, false, TF_FLOAT, DIMS(0), V(0));
        SUM_CHECK(ei, AX(1), 1, true, TF_INT64, DIMS(2, 1), V(0, 0));
        SUM_CHECK(ei, NULL, 0, false, TF_INT64, SCALAR, V(0));
        TF_DeleteTensor(e);
        TF_DeleteTensor(e03);
        TF_DeleteTensor(ei);
    }
    /* 0-d. */
    {
        TF_Tensor *s = MK(TF_FLOAT, SCALAR, F32(7));
        SUM_CHECK(s, NULL, 0, false, TF_FLOAT, SCALAR, V(7));
        SUM_CHECK(s, NULL, 0, true, TF_FLOAT, SCALAR, V(7));
        EXPECT_ERR(TF_Sum(s, (const int[]){0}, 1, false, S), TF_INVALID_ARGUMENT, "TF_Sum");
        TF_DeleteTensor(s);
    }
#undef SUM_CHECK

    EXPECT_ERR(TF_Sum(a, (const int[]){2}, 1, false, S), TF_INVALID_ARGUMENT, "TF_Sum");
    EXPECT_ERR(TF_Sum(a, (const int[]){-3}, 1, false, S), TF_INVALID_ARGUMENT, "TF_Sum");
    EXPECT_ERR(TF_Sum(a, (const int[]){1, 1}, 2, false, S), TF_INVALID_ARGUMENT, "TF_Sum");
    EXPECT_ERR(TF_Sum(a, (const int[]){1, -1}, 2, false, S), TF_INVALID_ARGUMENT, "TF_Sum");
    EXPECT_ERR(TF_Sum(a, (const int[]){0, 1, 0}, 3, true, S), TF_INVALID_ARGUMENT, "TF_Sum");
    EXPECT_ERR(TF_Sum(a, (const int[]){0}, -1, false, S), TF_INVALID_ARGUMENT, "TF_Sum");
    EXPECT_ERR(TF_Sum(NULL, NULL, 0, false, S), TF_INVALID_ARGUMENT, "TF_Sum");
    TF_DeleteTensor(a);
    TF_DeleteTensor(t);
}

static void test_random(void) {
    enum { N = 10000 };
    static double x[N], y[N];
    TF_Tensor *t, *u;
    int i, in_range = 1, differ = 0;
    double mean = 0, var = 0;

    TF_ManualSeed(1234);
    t = TF_Rand(TF_FLOAT, I64(N), 1, S);
    EXPECT_OK("TF_Rand float");
    CHECK(TF_TensorType(t) == TF_FLOAT && TF_TensorElementCount(t) == N);
    CHECK(read_values(t, x, N));
    for (i = 0; i < N; i++) {
        in_range &= x[i] >= 0.0 && x[i] < 1.0;
        mean += x[i];
    }
    mean /= N;
    CHECK(in_range);
    CHECK(fabs(mean - 0.5) < 0.02);
    TF_DeleteTensor(t);

    t = TF_Rand(TF_DOUBLE, I64(100, 100), 2, S);
    EXPECT_OK("TF_Rand double");
    CHECK(TF_TensorType(t) == TF_DOUBLE && TF_NumDims(t) == 2);
    CHECK(read_values(t, x, N));
    in_range = 1;
    for (i = 0; i < N; i++) {
        in_range &= x[i] >= 0.0 && x[i] < 1.0;
    }
    CHECK(in_range);
    TF_DeleteTensor(t);

    t = TF_Randn(TF_DOUBLE, I64(N), 1, S);
    EXPECT_OK("TF_Randn double");
    CHECK(read_values(t, x, N));
    mean = 0;
    in_range = 1;
    for (i = 0; i < N; i++) {
        in_range &= isfinite(x[i]) && fabs(x[i]) < 10.0;
        mean += x[i];
    }
    mean /= N;
    for (i = 0; i < N; i++) {
        var += (x[i] - mean) * (x[i] - mean);
    }
    var /= N - 1;
    CHECK(in_range);
    CHECK(fabs(mean) < 0.05);
    CHECK(var > 0.9 && var < 1.1);
    TF_DeleteTensor(t);

    t = TF_Randn(TF_FLOAT, I64(N), 1, S);
    EXPECT_OK("TF_Randn float");
    CHECK(TF_TensorType(t) == TF_FLOAT);
    CHECK(read_values(t, x, N));
    mean = 0;
    for (i = 0; i < N; i++) {
        mean += x[i];
    }
    CHECK(fabs(mean / N) < 0.05);
    TF_DeleteTensor(t);

    /* Same seed, same sequence of calls -> same numbers. */
#define SEQ(dst_rand, dst_randn)                                  \
    do {                                                          \
        TF_ManualSeed(42);                                        \
        t = TF_Rand(TF_DOUBLE, I64(50), 1, S);                    \
        u = TF_Randn(TF_DOUBLE, I64(50), 1, S);                   \
        CHECK(read_values(t, dst_rand, 50));                      \
        CHECK(read_values(u, dst_randn, 50));                     \
        TF_DeleteTensor(t);                                       \
        TF_DeleteTensor(u);                                       \
    } while (0)
    SEQ(x, x + 50);
    SEQ(y, y + 50);
#undef SEQ
    CHECK(memcmp(x, y, 100 * sizeof(double)) == 0);
    for (i = 1; i < 50; i++) {
        differ |= x[i] != x[0];
    }
    CHECK(differ); /* not a constant */
    TF_ManualSeed(43);
    t = TF_Rand(TF_DOUBLE, I64(50), 1, S);
    CHECK(read_values(t, y, 50));
    CHECK(memcmp(x, y, 50 * sizeof(double)) != 0); /* another seed, other numbers */
    TF_DeleteTensor(t);

    t = TF_Rand(TF_FLOAT, I64(0, 4), 2, S);
    EXPECT_OK("TF_Rand empty");
    EXPECT_T(t, TF_FLOAT, DIMS(0, 4), V(0));
    TF_DeleteTensor(t);
    t = TF_Randn(TF_DOUBLE, NULL, 0, S);
    EXPECT_OK("TF_Randn 0-d");
    CHECK(TF_NumDims(t) == 0 && TF_TensorElementCount(t) == 1);
    TF_DeleteTensor(t);

    EXPECT_ERR(TF_Rand(TF_INT32, I64(3), 1, S), TF_DTYPE_ERROR, "TF_Rand");
    EXPECT_ERR(TF_Rand(TF_INT64, I64(3), 1, S), TF_DTYPE_ERROR, "TF_Rand");
    EXPECT_ERR(TF_Rand(TF_BOOL, I64(3), 1, S), TF_DTYPE_ERROR, "TF_Rand");
    EXPECT_ERR(TF_Randn(TF_INT32, I64(3), 1, S), TF_DTYPE_ERROR, "TF_Randn");
    EXPECT_ERR(TF_Randn(TF_INT64, I64(3), 1, S), TF_DTYPE_ERROR, "TF_Randn");
    EXPECT_ERR(TF_Randn(TF_HALF, I64(3), 1, S), TF_DTYPE_ERROR, "TF_Randn");
    EXPECT_ERR(TF_Rand((TF_DataType)1000, I64(3), 1, S), TF_DTYPE_ERROR, "TF_Rand");
    EXPECT_ERR(TF_Rand(TF_FLOAT, I64(-3), 1, S), TF_INVALID_ARGUMENT, "TF_Rand");
    EXPECT_ERR(TF_Randn(TF_FLOAT, NULL, 1, S), TF_INVALID_ARGUMENT, "TF_Randn");
}

static void test_cast_contiguous(void) {
    TF_Tensor *f = MK(TF_FLOAT, DIMS(5), F32(1.7f, -1.7f, 0.0f, 2.5f, -0.0f));
    TF_Tensor *i = MK(TF_INT32, DIMS(3), I32(1, 0, -3));
    TF_Tensor *b = MK(TF_BOOL, DIMS(3), U8(1, 0, 1));
    TF_Tensor *big = MK(TF_INT64, DIMS(2), ((const int64_t[]){3000000000LL, -1}));
    TF_Tensor *a = MK(TF_FLOAT, DIMS(2, 3), F32(1, 2, 3, 4, 5, 6));
    TF_Tensor *at, *r;

#define CAST_CHECK(x, dt, dims_nd, vals)                                \
    do {                                                                \
        r = TF_Cast(x, dt, S);                                          \
        EXPECT_OK("TF_Cast(" #x ", " #dt ")");                          \
        expect_tensor_at(r, dt, dims_nd, vals, "TF_Cast(" #x ", " #dt ")", __LINE__); \
        TF_DeleteTensor(r);                                             \
    } while (0)
    CAST_CHECK(f, TF_INT32, DIMS(5), V(1, -1, 0, 2, 0));
    CAST_CHECK(f, TF_INT64, DIMS(5), V(1, -1, 0, 2, 0));
    CAST_CHECK(f, TF_BOOL, DIMS(5), V(1, 1, 0, 1, 0));
    CAST_CHECK(f, TF_DOUBLE, DIMS(5), V((double)1.7f, (double)-1.7f, 0, 2.5, 0));
    CAST_CHECK(i, TF_FLOAT, DIMS(3), V(1, 0, -3));
    CAST_CHECK(i, TF_BOOL, DIMS(3), V(1, 0, 1));
    CAST_CHECK(i, TF_INT64, DIMS(3), V(1, 0, -3));
    CAST_CHECK(b, TF_INT64, DIMS(3), V(1, 0, 1));
    CAST_CHECK(b, TF_DOUBLE, DIMS(3), V(1, 0, 1));
    CAST_CHECK(big, TF_INT32, DIMS(2), V(-1294967296.0, -1)); /* wraps like NumPy astype */
    CAST_CHECK(big, TF_DOUBLE, DIMS(2), V(3e9, -1));
#undef CAST_CHECK
    /* Same dtype: a new handle to the same storage. */
    r = TF_Cast(a, TF_FLOAT, S);
    EXPECT_OK("TF_Cast same dtype");
    CHECK(r != NULL && r != a && TF_TensorData(r) == TF_TensorData(a));
    EXPECT_T(r, TF_FLOAT, DIMS(2, 3), V(1, 2, 3, 4, 5, 6));
    TF_DeleteTensor(r);
    /* Cast of a transposed view gives its elements in row-major order. */
    at = TF_Transpose(a, NULL, 0, S);
    r = TF_Cast(at, TF_INT32, S);
    EXPECT_OK("TF_Cast view");
    EXPECT_T(r, TF_INT32, DIMS(3, 2), V(1, 4, 2, 5, 3, 6));
    TF_DeleteTensor(r);

    EXPECT_ERR(TF_Cast(a, TF_HALF, S), TF_DTYPE_ERROR, "TF_Cast");
    EXPECT_ERR(TF_Cast(a, TF_BFLOAT16, S), TF_DTYPE_ERROR, "TF_Cast");
    EXPECT_ERR(TF_Cast(a, (TF_DataType)0, S), TF_DTYPE_ERROR, "TF_Cast");
    EXPECT_ERR(TF_Cast(a, (TF_DataType)1000, S), TF_DTYPE_ERROR, "TF_Cast");
    EXPECT_ERR(TF_Cast(a, (TF_DataType)-1, S), TF_DTYPE_ERROR, "TF_Cast");
    EXPECT_ERR(TF_Cast(NULL, TF_FLOAT, S), TF_INVALID_ARGUMENT, "TF_Cast");

    /* TF_TensorIsContiguous / TF_Contiguous. */
    CHECK(TF_TensorIsContiguous(a));
    CHECK(!TF_TensorIsContiguous(at));
    CHECK(!TF_TensorIsContiguous(NULL));
    r = TF_Contiguous(a, S);
    EXPECT_OK("TF_Contiguous of contiguous");
    CHECK(r != NULL && r != a && TF_TensorData(r) == TF_TensorData(a)); /* same storage */
    EXPECT_T(r, TF_FLOAT, DIMS(2, 3), V(1, 2, 3, 4, 5, 6));
    TF_DeleteTensor(r);
    r = TF_Contiguous(at, S);
    EXPECT_OK("TF_Contiguous of a view");
    EXPECT_T(r, TF_FLOAT, DIMS(3, 2), V(1, 4, 2, 5, 3, 6));
    CHECK(TF_TensorIsContiguous(r));
    CHECK(TF_TensorData(r) != TF_TensorData(a));
    {
        int64_t st[2] = {0, 0};
        const float *p = TF_TensorData(r);
        TF_TensorStrides(r, st, 2, S);
        CHECK(TF_GetCode(S) == TF_OK && st[0] == 2 && st[1] == 1);
        /* Readable as a plain C array. */
        CHECK(p != NULL && p[0] == 1 && p[1] == 4 && p[2] == 2 && p[3] == 5 && p[4] == 3 && p[5] == 6);
    }
    TF_DeleteTensor(r);
    EXPECT_ERR(TF_Contiguous(NULL, S), TF_INVALID_ARGUMENT, "TF_Contiguous");

    TF_DeleteTensor(at);
    TF_DeleteTensor(a);
    TF_DeleteTensor(f);
    TF_DeleteTensor(i);
    TF_DeleteTensor(b);
    TF_DeleteTensor(big);
}

static void test_views(void) {
    TF_Tensor *a = MK(TF_FLOAT, DIMS(2, 3), F32(1, 2, 3, 4, 5, 6));
    TF_Tensor *at = TF_Transpose(a, NULL, 0, S);
    TF_Tensor *flat = TF_Reshape(a, I64(6), 1, S);
    int64_t st[2] = {0, 0};
    const float *p;
    int i, j, ok = 1;

    EXPECT_OK("views");
    /* Zero-copy read of the transposed view through data pointer and strides. */
    CHECK(TF_TensorData(at) == TF_TensorData(a));
    TF_TensorStrides(at, st, 2, S);
    EXPECT_OK("TF_TensorStrides");
    CHECK(st[0] == 1 && st[1] == 3);
    TF_TensorStrides(a, st, 2, S);
    CHECK(st[0] == 3 && st[1] == 1);
    TF_TensorStrides(at, st, 2, S);

    /* Drop the parent: the views keep the storage alive. */
    TF_DeleteTensor(a);
    p = TF_TensorData(at);
    CHECK(p != NULL);
    for (i = 0; i < 3; i++) {
        for (j = 0; j < 2; j++) {
            ok &= p[i * st[0] + j * st[1]] == (float)(j * 3 + i + 1); /* at[i][j] = a[j][i] */
        }
    }
    CHECK(ok);
    EXPECT_T(at, TF_FLOAT, DIMS(3, 2), V(1, 4, 2, 5, 3, 6));
    EXPECT_T(flat, TF_FLOAT, DIMS(6), V(1, 2, 3, 4, 5, 6));
    /* A write through the data pointer is seen by every tensor sharing the storage. */
    ((float *)TF_TensorData(flat))[5] = -6.0f;
    EXPECT_T(at, TF_FLOAT, DIMS(3, 2), V(1, 4, 2, 5, 3, -6));
    TF_DeleteTensor(flat);
    EXPECT_T(at, TF_FLOAT, DIMS(3, 2), V(1, 4, 2, 5, 3, -6));
    {
        TF_Tensor *back = TF_Transpose(at, NULL, 0, S); /* a view of a view */
        TF_DeleteTensor(at);
        EXPECT_T(back, TF_FLOAT, DIMS(2, 3), V(1, 2, 3, 4, 5, -6));
        CHECK(TF_TensorIsContiguous(back));
        TF_DeleteTensor(back);
    }

    /* Accessors on NULL. */
    CHECK(TF_TensorData(NULL) == NULL);
    CHECK(TF_TensorType(NULL) == 0);
    CHECK(TF_NumDims(NULL) == -1);
    CHECK(TF_Dim(NULL, 0) == -1);
    CHECK(TF_TensorElementCount(NULL) == -1);
    CHECK(TF_TensorByteSize(NULL) == 0);
}

static void test_errors(void) {
    TF_Tensor *a = MK(TF_FLOAT, DIMS(2, 3), F32(1, 2, 3, 4, 5, 6));
    const float data[6] = {1, 2, 3, 4, 5, 6};
    int64_t too_many[TF_MAX_DIMS + 1];
    int i;
    const TF_DataType bad_dtypes[] = {(TF_DataType)0, (TF_DataType)7, (TF_DataType)1000, (TF_DataType)-1,
                                      TF_HALF, TF_BFLOAT16, (TF_DataType)8, (TF_DataType)11};
    for (i = 0; i < TF_MAX_DIMS + 1; i++) {
        too_many[i] = 1;
    }

    /* NULL tensor arguments. */
    EXPECT_ERR(TF_Add(NULL, a, S), TF_INVALID_ARGUMENT, "TF_Add");
    EXPECT_ERR(TF_Add(a, NULL, S), TF_INVALID_ARGUMENT, "TF_Add");
    EXPECT_ERR(TF_Sub(NULL, a, S), TF_INVALID_ARGUMENT, "TF_Sub");
    EXPECT_ERR(TF_Mul(a, NULL, S), TF_INVALID_ARGUMENT, "TF_Mul");
    EXPECT_ERR(TF_Div(NULL, NULL, S), TF_INVALID_ARGUMENT, "TF_Div");
    {
        int64_t dims[2] = {-7, -7};
        unsigned char buf[24];
        memset(buf, 0xAB, sizeof buf);
        EXPECT_VOID_ERR(TF_TensorShape(NULL, dims, 2, S), TF_INVALID_ARGUMENT, "TF_TensorShape");
        CHECK(dims[0] == -7 && dims[1] == -7);
        EXPECT_VOID_ERR(TF_TensorShape(a, dims, 1, S), TF_INVALID_ARGUMENT, "TF_TensorShape");
        EXPECT_VOID_ERR(TF_TensorShape(a, dims, 3, S), TF_INVALID_ARGUMENT, "TF_TensorShape");
        EXPECT_VOID_ERR(TF_TensorShape(a, NULL, 2, S), TF_INVALID_ARGUMENT, "TF_TensorShape");
        CHECK(dims[0] == -7 && dims[1] == -7);
        EXPECT_VOID_ERR(TF_TensorStrides(NULL, dims, 2, S), TF_INVALID_ARGUMENT, "TF_TensorStrides");
        EXPECT_VOID_ERR(TF_TensorStrides(a, dims, 1, S), TF_INVALID_ARGUMENT, "TF_TensorStrides");
        EXPECT_VOID_ERR(TF_TensorStrides(a, NULL, 2, S), TF_INVALID_ARGUMENT, "TF_TensorStrides");
        CHECK(dims[0] == -7 && dims[1] == -7);
        /* Length mismatch in TF_TensorCopyTo: the destination stays untouched. */
        EXPECT_VOID_ERR(TF_TensorCopyTo(NULL, buf, 24, S), TF_INVALID_ARGUMENT, "TF_TensorCopyTo");
        EXPECT_VOID_ERR(TF_TensorCopyTo(a, buf, 23, S), TF_INVALID_ARGUMENT, "TF_TensorCopyTo");
        EXPECT_VOID_ERR(TF_TensorCopyTo(a, buf, 20, S), TF_INVALID_ARGUMENT, "TF_TensorCopyTo");
        EXPECT_VOID_ERR(TF_TensorCopyTo(a, buf, 0, S), TF_INVALID_ARGUMENT, "TF_TensorCopyTo");
        EXPECT_VOID_ERR(TF_TensorCopyTo(a, NULL, 24, S), TF_INVALID_ARGUMENT, "TF_TensorCopyTo");
        {
            int untouched = 1;
            for (i = 0; i < 24; i++) {
                untouched &= buf[i] == 0xAB;
            }
            CHECK(untouched);
        }
        TF_TensorCopyTo(a, buf, 24, S);
        EXPECT_OK("TF_TensorCopyTo");
        CHECK(memcmp(buf, data, 24) == 0);
    }

    /* Bad shapes in every creation function. */
#define BAD_SHAPE(dims, nd, code)                                                            \
    do {                                                                                     \
        EXPECT_ERR(TF_NewTensor(TF_FLOAT, dims, nd, NULL, 0, S), code, "TF_NewTensor");      \
        EXPECT_ERR(TF_Zeros(TF_FLOAT, dims, nd, S), code, "TF_Zeros");                       \
        EXPECT_ERR(TF_Ones(TF_INT32, dims, nd, S), code, "TF_Ones");                         \
        EXPECT_ERR(TF_Full(TF_DOUBLE, dims, nd, 1.0, S), code, "TF_Full");                   \
        EXPECT_ERR(TF_Rand(TF_FLOAT, dims, nd, S), code, "TF_Rand");                         \
        EXPECT_ERR(TF_Randn(TF_DOUBLE, dims, nd, S), code, "TF_Randn");                      \
    } while (0)
    BAD_SHAPE(NULL, 2, TF_INVALID_ARGUMENT);                              /* NULL dims */
    BAD_SHAPE(I64(2, 3), -1, TF_INVALID_ARGUMENT);                        /* negative num_dims */
    BAD_SHAPE(too_many, TF_MAX_DIMS + 1, TF_INVALID_ARGUMENT);            /* too many dims */
    BAD_SHAPE(I64(2, -1), 2, TF_INVALID_ARGUMENT);                        /* negative dim */
    BAD_SHAPE(I64(-3), 1, TF_INVALID_ARGUMENT);
    BAD_SHAPE(I64(1LL << 40, 1LL << 40), 2, TF_INVALID_ARGUMENT);         /* count overflows */
    BAD_SHAPE(I64(INT64_MAX, 2), 2, TF_INVALID_ARGUMENT);
    BAD_SHAPE(I64(0, -1), 2, TF_INVALID_ARGUMENT);                        /* negative even if empty */
#undef BAD_SHAPE
    /* The element count fits but the bytes do not. */
    EXPECT_ERR(TF_Zeros(TF_DOUBLE, I64(1LL << 62), 1, S), TF_OUT_OF_MEMORY, "TF_Zeros");

    /* Unknown and reserved dtypes. */
    for (i = 0; i < (int)(sizeof bad_dtypes / sizeof bad_dtypes[0]); i++) {
        TF_DataType dt = bad_dtypes[i];
        EXPECT_ERR(TF_NewTensor(dt, I64(2), 1, data, 8, S), TF_DTYPE_ERROR, "TF_NewTensor");
        EXPECT_ERR(TF_NewTensor(dt, NULL, 0, NULL, 0, S), TF_DTYPE_ERROR, "TF_NewTensor");
        EXPECT_ERR(TF_Zeros(dt, I64(2), 1, S), TF_DTYPE_ERROR, "TF_Zeros");
        EXPECT_ERR(TF_Ones(dt, I64(2), 1, S), TF_DTYPE_ERROR, "TF_Ones");
        EXPECT_ERR(TF_Full(dt, I64(2), 1, 0.0, S), TF_DTYPE_ERROR, "TF_Full");
        EXPECT_ERR(TF_Rand(dt, I64(2), 1, S), TF_DTYPE_ERROR, "TF_Rand");
        EXPECT_ERR(TF_Randn(dt, I64(2), 1, S), TF_DTYPE_ERROR, "TF_Randn");
        EXPECT_ERR(TF_Cast(a, dt, S), TF_DTYPE_ERROR, "TF_Cast");
    }

    /* Length mismatch and NULL data in TF_NewTensor. */
    EXPECT_ERR(TF_NewTensor(TF_FLOAT, I64(2, 3), 2, data, 20, S), TF_INVALID_ARGUMENT, "TF_NewTensor");
    EXPECT_ERR(TF_NewTensor(TF_FLOAT, I64(2, 3), 2, data, 23, S), TF_INVALID_ARGUMENT, "TF_NewTensor");
    EXPECT_ERR(TF_NewTensor(TF_FLOAT, I64(2, 2), 2, data, 24, S), TF_INVALID_ARGUMENT, "TF_NewTensor");
    EXPECT_ERR(TF_NewTensor(TF_DOUBLE, I64(2, 3), 2, data, 24, S), TF_INVALID_ARGUMENT, "TF_NewTensor");
    EXPECT_ERR(TF_NewTensor(TF_FLOAT, I64(2, 3), 2, NULL, 24, S), TF_INVALID_ARGUMENT, "TF_NewTensor");
    EXPECT_ERR(TF_NewTensor(TF_FLOAT, NULL, 0, data, 0, S), TF_INVALID_ARGUMENT, "TF_NewTensor");
    EXPECT_ERR(TF_NewTensor(TF_FLOAT, I64(0), 1, data, 4, S), TF_INVALID_ARGUMENT, "TF_NewTensor");

    /* The status is cleared by the next success. */
    {
        TF_Tensor *r = TF_Zeros(TF_FLOAT, I64(1), 1, S);
        CHECK(r != NULL && TF_GetCode(S) == TF_OK && strcmp(TF_Message(S), "") == 0);
        TF_DeleteTensor(r);
    }
    TF_DeleteTensor(a);
}

/* ------------------------------------------------------------------------------------------ */
/* Threads                                                                                      */
/* ------------------------------------------------------------------------------------------ */

enum { NUM_THREADS = 8, ITERATIONS = 2000 };

typedef struct {
    int id;
    int failures;
} ThreadArg;

static void *worker(void *p) {
    ThreadArg *arg = p;
    TF_Status *st = TF_NewStatus();
    const float wdata[6] = {1, 0, 0, 1, 1, 1}; /* [[1,0],[0,1],[1,1]] */
    const float rdata[3] = {1, 2, 3};
    int it;
    for (it = 0; it < ITERATIONS && arg->failures < 5; it++) {
        float b = (float)(arg->id * 10 + it % 7);
        float data[6];
        TF_Tensor *a, *w, *r, *sum, *prod, *total, *at;
        int k;
        for (k = 0; k < 6; k++) {
            data[k] = b + (float)k;
        }
        a = TF_NewTensor(TF_FLOAT, I64(2, 3), 2, data, sizeof data, st);
        w = TF_NewTensor(TF_FLOAT, I64(3, 2), 2, wdata, sizeof wdata, st);
        r = TF_NewTensor(TF_FLOAT, I64(3), 1, rdata, sizeof rdata, st);
        sum = TF_Add(a, r, st);
        prod = TF_MatMul(a, w, st);
        total = TF_Sum(a, NULL, 0, false, st);
        at = TF_Transpose(a, NULL, 0, st);
        if (TF_GetCode(st) != TF_OK) {
            printf("thread %d iteration %d: %s\n", arg->id, it, TF_Message(st));
            arg->failures++;
        }
        /* a = [[b,b+1,b+2],[b+3,b+4,b+5]]; + [1,2,3]; @ w -> [[2b+2,2b+3],[2b+8,2b+9]]; sum 6b+15. */
        if (!tensor_matches(sum, TF_FLOAT, I64(2, 3), 2, V(b + 1, b + 3, b + 5, b + 4, b + 6, b + 8), "thread add",
                            __LINE__) ||
            !tensor_matches(prod, TF_FLOAT, I64(2, 2), 2, V(2 * b + 2, 2 * b + 3, 2 * b + 8, 2 * b + 9),
                            "thread matmul", __LINE__) ||
            !tensor_matches(total, TF_FLOAT, NULL, 0, V(6 * b + 15), "thread sum", __LINE__)) {
            arg->failures++;
        }
        TF_DeleteTensor(a); /* the view outlives its parent */
        if (!tensor_matches(at, TF_FLOAT, I64(3, 2), 2, V(b, b + 3, b + 1, b + 4, b + 2, b + 5), "thread view",
                            __LINE__)) {
            arg->failures++;
        }
        TF_DeleteTensor(at);
        TF_DeleteTensor(w);
        TF_DeleteTensor(r);
        TF_DeleteTensor(sum);
        TF_DeleteTensor(prod);
        TF_DeleteTensor(total);
        /* Errors on this thread's status do not leak into other threads. */
        if (it % 100 == 0) {
            TF_Tensor *bad = TF_Transpose(NULL, NULL, 0, st);
            if (bad != NULL || TF_GetCode(st) != TF_INVALID_ARGUMENT) {
                arg->failures++;
            }
        }
    }
    TF_DeleteStatus(st);
    return NULL;
}

static void test_threads(void) {
    pthread_t threads[NUM_THREADS];
    ThreadArg args[NUM_THREADS];
    int i, started[NUM_THREADS];
    for (i = 0; i < NUM_THREADS; i++) {
        args[i].id = i;
        args[i].failures = 0;
        started[i] = pthread_create(&threads[i], NULL, worker, &args[i]) == 0;
        CHECK(started[i]);
    }
    for (i = 0; i < NUM_THREADS; i++) {
        if (started[i]) {
            pthread_join(threads[i], NULL);
        }
        CHECK(args[i].failures == 0);
    }
}

int main(void) {
    S = TF_NewStatus();
    if (S == NULL) {
        printf("TF_NewStatus returned NULL\n0 passed, 1 failed\n");
        return 1;
    }
    test_meta();
    test_status();
    test_creation();
    test_full();
    test_elementwise();
    test_promotion();
    test_small_ints();
    test_matmul();
    test_matmul_reference();
    test_transpose();
    test_reshape();
    test_sum();
    test_random();
    test_cast_contiguous();
    test_views();
    test_errors();
    test_threads();
    TF_DeleteStatus(S);
    return check_report();
}
