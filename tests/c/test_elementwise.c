/*
 * test_elementwise.c -- every C entry point of rust/src/capi/unary.rs and binary.rs (TF_Negative ...
 * TF_Erf, TF_LeakyRelu, TF_Elu, TF_FloorDivide ... TF_GreaterEqual, TF_Where, TF_Clip, TF_Softmax,
 * TF_LogSoftmax), each with checked values and the error paths it has:
 *   - NULL input                       -> TF_INVALID_ARGUMENT (every function),
 *   - bool input to a float/signed op  -> TF_DTYPE_ERROR,
 *   - float input to a bitwise op      -> TF_DTYPE_ERROR,
 *   - shapes that do not broadcast     -> TF_SHAPE_ERROR (every binary op, TF_Where, TF_Clip),
 *   - integer pow, negative exponent   -> TF_INVALID_ARGUMENT,
 *   - softmax axis out of range        -> TF_INVALID_ARGUMENT,
 * and every error message must name the function.
 *
 * Expected values: exact for integer and bool results and for exactly representable float
 * results; for transcendental functions they are the closed formula next to each table row
 * evaluated in double precision (Python's math module, printed with 17 digits), compared with a
 * relative tolerance of 1e-6 (float32 results round at ~6e-8). NaN must be NaN, +-inf exact.
 *
 * Build and run (from the repository root, after `cd rust && cargo build --release`):
 *   cc -std=c99 -Wall -Wextra -Werror -fsanitize=address,undefined -Iinclude \
 *      tests/c/test_elementwise.c rust/target/release/libtenflowers.so \
 *      -Wl,-rpath,$PWD/rust/target/release -o /tmp/test_elementwise && /tmp/test_elementwise
 * The last line printed is "N passed, N failed"; the exit code is nonzero on any failure.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tenflowers.h"
#include "check.h"

/* ------------------------------------------------------------------------------------------ */
/* The CHECK machinery (as tests/c/test_capi.c)                                                 */
/* ------------------------------------------------------------------------------------------ */




/* The status used by every test. */
static TF_Status *S;

#define I64(...) ((const int64_t[]){__VA_ARGS__})
#define NARGS64(...) ((int)(sizeof((int64_t[]){__VA_ARGS__}) / sizeof(int64_t)))
#define DIMS(...) I64(__VA_ARGS__), NARGS64(__VA_ARGS__)
#define SCALAR NULL, 0
#define V(...) ((const double[]){__VA_ARGS__})

/* Checks that the last call left S at TF_OK; prints the message otherwise. */
static int expect_ok_at(const char *expr, int line) {
    if (TF_GetCode(S) == TF_OK) {
        return check_at(1, expr, line);
    }
    printf("FAILED line %d: %s: code %d: %s\n", line, expr, (int)TF_GetCode(S), TF_Message(S));
    CHECK_FAIL();
    return 0;
}

/* Checks that a call failed: NULL result, status code `code`, message naming `fname`. Frees `r`. */
static void expect_err_at(TF_Tensor *r, TF_Code code, const char *fname, const char *expr, int line) {
    TF_Code got = TF_GetCode(S);
    const char *msg = TF_Message(S);
    int ok = r == NULL && got == code && msg != NULL && strstr(msg, fname) != NULL;
    if (!ok) {
        printf("FAILED line %d: %s: want NULL and code %d naming %s, got %s and code %d: \"%s\"\n", line, expr,
               (int)code, fname, r == NULL ? "NULL" : "a tensor", (int)got, msg ? msg : "(null)");
        CHECK_FAIL();
    } else {
        CHECK_PASS();
    }
    TF_DeleteTensor(r);
}
#define EXPECT_ERR(call, code, fname) expect_err_at((call), code, fname, #call, __LINE__)

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

/* A new tensor of dtype `dt` and shape dims[0..nd] holding the row-major values `v`, converted
 * from double to the element type. */
static TF_Tensor *mk_at(TF_DataType dt, const int64_t *dims, int nd, const double *v, int line) {
    int64_t n = count_of(dims, nd), i;
    size_t es = TF_DataTypeSize(dt);
    unsigned char *buf = malloc((size_t)n * es + 1);
    TF_Tensor *t;
    if (buf == NULL) {
        check_at(0, "malloc", line);
        return NULL;
    }
    for (i = 0; i < n; i++) {
        unsigned char *p = buf + (size_t)i * es;
        switch (dt) {
        case TF_FLOAT: {
            float x = (float)v[i];
            memcpy(p, &x, sizeof x);
            break;
        }
        case TF_DOUBLE:
            memcpy(p, &v[i], sizeof v[i]);
            break;
        case TF_INT32: {
            int32_t x = (int32_t)v[i];
            memcpy(p, &x, sizeof x);
            break;
        }
        case TF_INT64: {
            int64_t x = (int64_t)v[i];
            memcpy(p, &x, sizeof x);
            break;
        }
        case TF_INT8: {
            int8_t x = (int8_t)v[i];
            memcpy(p, &x, sizeof x);
            break;
        }
        case TF_BOOL:
            *p = v[i] != 0;
            break;
        default:
            check_at(0, "mk: unsupported dtype", line);
            free(buf);
            return NULL;
        }
    }
    t = TF_NewTensor(dt, dims, nd, buf, (size_t)n * es, S);
    expect_ok_at("TF_NewTensor", line);
    free(buf);
    return t;
}
#define MK(dt, dims_nd, vals) mk_at(dt, dims_nd, vals, __LINE__)

/* Copies the elements of `t` out and converts them to double. */
static int read_values(const TF_Tensor *t, double *out, int64_t n) {
    TF_DataType dt = TF_TensorType(t);
    size_t es = TF_DataTypeSize(dt);
    size_t bytes = TF_TensorByteSize(t);
    unsigned char *buf;
    TF_Status *st;
    int64_t i;
    int ok;
    if (es == 0 || TF_TensorElementCount(t) != n || bytes != (size_t)n * es) {
        return 0;
    }
    buf = malloc(bytes + 1);
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
            float x;
            memcpy(&x, p, sizeof x);
            out[i] = x;
            break;
        }
        case TF_DOUBLE:
            memcpy(&out[i], p, sizeof out[i]);
            break;
        case TF_INT32: {
            int32_t x;
            memcpy(&x, p, sizeof x);
            out[i] = x;
            break;
        }
        case TF_INT64: {
            int64_t x;
            memcpy(&x, p, sizeof x);
            out[i] = (double)x;
            break;
        }
        case TF_INT8: {
            int8_t x;
            memcpy(&x, p, sizeof x);
            out[i] = x;
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

/* Exact for integer and bool dtypes and for NaN / inf; 1e-6 relative for finite floats. */
static int same_value(double got, double want, TF_DataType dt) {
    if (isnan(want)) {
        return isnan(got);
    }
    if (isinf(want) || want == 0.0 || (dt != TF_FLOAT && dt != TF_DOUBLE)) {
        return got == want;
    }
    return fabs(got - want) <= 1e-6 * fabs(want);
}

/* True when `t` has dtype `dt`, shape dims[0..nd] and the row-major values `vals`. */
static int tensor_matches(const TF_Tensor *t, TF_DataType dt, const int64_t *dims, int nd, const double *vals,
                          const char *expr, int line) {
    int64_t n = count_of(dims, nd);
    double *got;
    int i, ok = 1;
    if (t == NULL) {
        printf("FAILED line %d: %s: tensor is NULL (%s)\n", line, expr, TF_Message(S));
        return 0;
    }
    if (TF_TensorType(t) != dt || TF_NumDims(t) != nd || TF_TensorElementCount(t) != n) {
        printf("FAILED line %d: %s: dtype %d, %d dims, %lld elements; want dtype %d, %d dims, %lld elements\n",
               line, expr, (int)TF_TensorType(t), TF_NumDims(t), (long long)TF_TensorElementCount(t), (int)dt, nd,
               (long long)n);
        return 0;
    }
    for (i = 0; i < nd; i++) {
        if (TF_Dim(t, i) != dims[i]) {
            printf("FAILED line %d: %s: dim %d is %lld, want %lld\n", line, expr, i, (long long)TF_Dim(t, i),
                   (long long)dims[i]);
            return 0;
        }
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

/* Checks `t` (OK status, dtype, shape, values) and frees it. */
static void expect_tensor_at(TF_Tensor *t, TF_DataType dt, const int64_t *dims, int nd, const double *vals,
                             const char *expr, int line) {
    if (t == NULL) {
        printf("FAILED line %d: %s: NULL, code %d: %s\n", line, expr, (int)TF_GetCode(S), TF_Message(S));
        CHECK_FAIL();
        return;
    }
    if (TF_GetCode(S) == TF_OK && tensor_matches(t, dt, dims, nd, vals, expr, line)) {
        CHECK_PASS();
    } else {
        CHECK_FAIL();
    }
    TF_DeleteTensor(t);
}
/* EXPECT_T(call, TF_FLOAT, DIMS(2,3), V(1,2,3,4,5,6)): runs `call`, checks the result, frees it. */
#define EXPECT_T(call, dt, dims_nd, vals) expect_tensor_at((call), dt, dims_nd, vals, #call, __LINE__)

/* ------------------------------------------------------------------------------------------ */
/* Unary functions: one table row each                                                          */
/* ------------------------------------------------------------------------------------------ */

typedef TF_Tensor *(*UnaryFn)(const TF_Tensor *, TF_Status *);

enum { ERR_NONE = 0, ERR_BOOL = 1, ERR_FLOAT = 2 };

typedef struct {
    const char *name;
    UnaryFn fn;
    TF_DataType in_dt;
    double in[4];
    TF_DataType out_dt;
    double want[4];
    int dtype_err; /* ERR_BOOL: bool input is TF_DTYPE_ERROR; ERR_FLOAT: float input is */
} UnaryCase;

#define U(fn) #fn, fn
static const UnaryCase UNARY[] = {
    /* Integers wrap: -INT32_MIN is INT32_MIN. */
    {U(TF_Negative), TF_INT32, {-2147483648.0, -3, 0, 7}, TF_INT32, {-2147483648.0, 3, 0, -7}, ERR_BOOL},
    {U(TF_Positive), TF_FLOAT, {1.5, -2, 0, 3}, TF_FLOAT, {1.5, -2, 0, 3}, ERR_BOOL},
    {U(TF_Abs), TF_DOUBLE, {-1.5, 2, -0.0, NAN}, TF_DOUBLE, {1.5, 2, 0, NAN}, ERR_NONE},
    {U(TF_Sign), TF_DOUBLE, {-3, 0, 2.5, NAN}, TF_DOUBLE, {-1, 0, 1, NAN}, ERR_BOOL},
    /* 46341^2 = 2147488281 wraps to 2147488281 - 2^32 = -2147479015. */
    {U(TF_Square), TF_INT32, {-3, 4, 0, 46341}, TF_INT32, {9, 16, 0, -2147479015.0}, ERR_NONE},
    /* int32 computes in TF_DOUBLE: e^0, e, 1/e, e^2. */
    {U(TF_Exp), TF_INT32, {0, 1, -1, 2}, TF_DOUBLE, {1, 2.7182818284590451, 0.36787944117144233, 7.3890560989306504},
     ERR_BOOL},
    {U(TF_Expm1), TF_DOUBLE, {0, 1e-10, 1, -1}, TF_DOUBLE, {0, 1.00000000005e-10, 1.7182818284590451,
                                                            -0.63212055882855767}, ERR_BOOL},
    /* ln 10; log 0 = -inf; log of a negative is NaN. */
    {U(TF_Log), TF_DOUBLE, {1, 10, 0, -1}, TF_DOUBLE, {0, 2.3025850929940459, -INFINITY, NAN}, ERR_BOOL},
    {U(TF_Log1p), TF_DOUBLE, {0, 1e-10, 1, -1}, TF_DOUBLE, {0, 9.9999999995000007e-11, 0.69314718055994529,
                                                            -INFINITY}, ERR_BOOL},
    {U(TF_Log2), TF_DOUBLE, {1, 8, 0.5, 10}, TF_DOUBLE, {0, 3, -1, 3.3219280948873622}, ERR_BOOL},
    {U(TF_Log10), TF_DOUBLE, {1, 1000, 0.01, 2}, TF_DOUBLE, {0, 3, -2, 0.3010299956639812}, ERR_BOOL},
    {U(TF_Sqrt), TF_FLOAT, {4, 2, 0, -1}, TF_FLOAT, {2, 1.4142135623730951, 0, NAN}, ERR_BOOL},
    /* 1/t in floating point for integers (Array API); 1/0 = inf. */
    {U(TF_Reciprocal), TF_INT32, {2, -4, 1, 0}, TF_DOUBLE, {0.5, -0.25, 1, INFINITY}, ERR_BOOL},
    {U(TF_Sin), TF_FLOAT, {0, 0.5, -1, 3}, TF_FLOAT, {0, 0.47942553860420301, -0.8414709848078965,
                                                       0.14112000805986721}, ERR_BOOL},
    {U(TF_Cos), TF_DOUBLE, {0, 0.5, -1, 3}, TF_DOUBLE, {1, 0.87758256189037276, 0.54030230586813977,
                                                         -0.98999249660044542}, ERR_BOOL},
    {U(TF_Tan), TF_DOUBLE, {0, 0.5, -1, 3}, TF_DOUBLE, {0, 0.54630248984379048, -1.5574077246549023,
                                                         -0.1425465430742778}, ERR_BOOL},
    {U(TF_Asin), TF_DOUBLE, {0, 0.5, -1, 2}, TF_DOUBLE, {0, 0.52359877559829893, -1.5707963267948966, NAN},
     ERR_BOOL},
    {U(TF_Acos), TF_DOUBLE, {0, 0.5, -1, 2}, TF_DOUBLE, {1.5707963267948966, 1.0471975511965979,
                                                          3.1415926535897931, NAN}, ERR_BOOL},
    {U(TF_Atan), TF_DOUBLE, {0, 0.5, -1, 2}, TF_DOUBLE, {0, 0.46364760900080609, -0.78539816339744828,
                                                          1.1071487177940904}, ERR_BOOL},
    {U(TF_Sinh), TF_DOUBLE, {0, 0.5, -1, 3}, TF_DOUBLE, {0, 0.52109530549374738, -1.1752011936438014,
                                                          10.017874927409903}, ERR_BOOL},
    {U(TF_Cosh), TF_DOUBLE, {0, 0.5, -1, 3}, TF_DOUBLE, {1, 1.1276259652063807, 1.5430806348152437,
                                                          10.067661995777765}, ERR_BOOL},
    {U(TF_Tanh), TF_FLOAT, {0, 0.5, -1, 3}, TF_FLOAT, {0, 0.46211715726000974, -0.76159415595576485,
                                                        0.99505475368673046}, ERR_BOOL},
    {U(TF_Asinh), TF_DOUBLE, {0, 0.5, -1, 3}, TF_DOUBLE, {0, 0.48121182505960347, -0.88137358701954305,
                                                           1.8184464592320668}, ERR_BOOL},
    {U(TF_Acosh), TF_DOUBLE, {1, 2, 3.5, 0.5}, TF_DOUBLE, {0, 1.3169578969248166, 1.9248473002384139, NAN},
     ERR_BOOL},
    {U(TF_Atanh), TF_DOUBLE, {0, 0.5, -0.25, 1}, TF_DOUBLE, {0, 0.54930614433405478, -0.25541281188299536,
                                                              INFINITY}, ERR_BOOL},
    {U(TF_Floor), TF_DOUBLE, {-1.5, 2.5, 0.5, -0.4}, TF_DOUBLE, {-2, 2, 0, -1}, ERR_NONE},
    {U(TF_Ceil), TF_DOUBLE, {-1.5, 2.5, 0.5, -0.4}, TF_DOUBLE, {-1, 3, 1, 0}, ERR_NONE},
    /* Halves to even. */
    {U(TF_Round), TF_DOUBLE, {-1.5, 2.5, 0.5, -0.4}, TF_DOUBLE, {-2, 2, 0, 0}, ERR_NONE},
    {U(TF_Trunc), TF_DOUBLE, {-1.5, 2.5, 0.5, -0.4}, TF_DOUBLE, {-1, 2, 0, 0}, ERR_NONE},
    {U(TF_IsNan), TF_DOUBLE, {NAN, INFINITY, 1, -INFINITY}, TF_BOOL, {1, 0, 0, 0}, ERR_NONE},
    {U(TF_IsInf), TF_FLOAT, {NAN, INFINITY, 1, -INFINITY}, TF_BOOL, {0, 1, 0, 1}, ERR_NONE},
    {U(TF_IsFinite), TF_DOUBLE, {NAN, INFINITY, 1, -INFINITY}, TF_BOOL, {0, 0, 1, 0}, ERR_NONE},
    {U(TF_LogicalNot), TF_INT32, {0, 5, -1, 0}, TF_BOOL, {1, 0, 0, 1}, ERR_NONE},
    /* ~x = -x - 1 in two's complement. */
    {U(TF_BitwiseInvert), TF_INT32, {0, 5, -1, 7}, TF_INT32, {-1, -6, 0, -8}, ERR_FLOAT},
    {U(TF_Relu), TF_DOUBLE, {-1, 0, 2.5, NAN}, TF_DOUBLE, {0, 0, 2.5, NAN}, ERR_BOOL},
    /* 1 / (1 + e^-t); 1/(1+e^-50) rounds to 1. */
    {U(TF_Sigmoid), TF_FLOAT, {0, 1, -1, 50}, TF_FLOAT, {0.5, 0.7310585786300049, 0.2689414213699951, 1}, ERR_BOOL},
    /* t * sigmoid(t). */
    {U(TF_Silu), TF_DOUBLE, {0, 1, -1, 2}, TF_DOUBLE, {0, 0.7310585786300049, -0.2689414213699951,
                                                       1.7615941559557646}, ERR_BOOL},
    /* t * tanh(log1p(e^t)). */
    {U(TF_Mish), TF_DOUBLE, {0, 1, -1, 2}, TF_DOUBLE, {0, 0.86509838826731034, -0.30340146137410895,
                                                       1.9439589595339946}, ERR_BOOL},
    /* log1p(e^t); 50 + log1p(e^-50) rounds to 50. */
    {U(TF_Softplus), TF_DOUBLE, {0, 1, -1, 50}, TF_DOUBLE, {0.69314718055994529, 1.3132616875182228,
                                                            0.31326168751822286, 50}, ERR_BOOL},
    /* t * (1 + erf(t / sqrt 2)) / 2. */
    {U(TF_Gelu), TF_FLOAT, {0, 1, -1, 2}, TF_FLOAT, {0, 0.84134474606854293, -0.15865525393145707,
                                                      1.9544997361036416}, ERR_BOOL},
    /* t * (1 + tanh(sqrt(2/pi) * (t + 0.044715 t^3))) / 2. */
    {U(TF_GeluTanh), TF_DOUBLE, {0, 1, -1, 2}, TF_DOUBLE, {0, 0.84119199060827676, -0.15880800939172324,
                                                           1.954597694087775}, ERR_BOOL},
    /* scale * (t if t > 0 else alpha * expm1(t)), scale 1.0507009873554805, alpha 1.6732632423543772. */
    {U(TF_Selu), TF_DOUBLE, {0, 1, -1, 2}, TF_DOUBLE, {0, 1.0507009873554805, -1.1113307378125625,
                                                       2.1014019747109609}, ERR_BOOL},
    {U(TF_Erf), TF_DOUBLE, {0, 0.5, -1, 3}, TF_DOUBLE, {0, 0.52049987781304652, -0.84270079294971489,
                                                         0.99997790950300136}, ERR_BOOL},
};
#undef U

static void test_unary_table(void) {
    size_t i;
    for (i = 0; i < sizeof UNARY / sizeof UNARY[0]; i++) {
        const UnaryCase *c = &UNARY[i];
        TF_Tensor *x = MK(c->in_dt, DIMS(4), c->in);
        TF_Tensor *r = c->fn(x, S);
        expect_tensor_at(r, c->out_dt, DIMS(4), c->want, c->name, __LINE__);
        /* Shape is preserved, including 0-d. */
        {
            TF_Tensor *x0 = MK(c->in_dt, SCALAR, c->in + 1);
            expect_tensor_at(c->fn(x0, S), c->out_dt, SCALAR, c->want + 1, c->name, __LINE__);
            TF_DeleteTensor(x0);
        }
        expect_err_at(c->fn(NULL, S), TF_INVALID_ARGUMENT, c->name, c->name, __LINE__);
        if (c->dtype_err == ERR_BOOL) {
            TF_Tensor *b = MK(TF_BOOL, DIMS(2), V(1, 0));
            expect_err_at(c->fn(b, S), TF_DTYPE_ERROR, c->name, c->name, __LINE__);
            TF_DeleteTensor(b);
        } else if (c->dtype_err == ERR_FLOAT) {
            TF_Tensor *f = MK(TF_FLOAT, DIMS(2), V(1, 0));
            TF_Tensor *d = MK(TF_DOUBLE, DIMS(2), V(1, 0));
            expect_err_at(c->fn(f, S), TF_DTYPE_ERROR, c->name, c->name, __LINE__);
            expect_err_at(c->fn(d, S), TF_DTYPE_ERROR, c->name, c->name, __LINE__);
            TF_DeleteTensor(f);
            TF_DeleteTensor(d);
        }
        TF_DeleteTensor(x);
    }
    CHECK(sizeof UNARY / sizeof UNARY[0] == 43); /* TF_Negative ... TF_Erf */
}

/* Dtype rules of the unary functions beyond the table. */
static void test_unary_dtypes(void) {
    TF_Tensor *b = MK(TF_BOOL, DIMS(3), V(1, 0, 1));
    TF_Tensor *i8 = MK(TF_INT8, DIMS(3), V(-128, 2, 0));
    TF_Tensor *i32 = MK(TF_INT32, DIMS(3), V(-2, 3, 0));
    /* abs of bool stays bool; square of bool is int8; rounding of bool/int is the identity. */
    EXPECT_T(TF_Abs(b, S), TF_BOOL, DIMS(3), V(1, 0, 1));
    EXPECT_T(TF_Square(b, S), TF_INT8, DIMS(3), V(1, 0, 1));
    EXPECT_T(TF_Floor(b, S), TF_BOOL, DIMS(3), V(1, 0, 1));
    EXPECT_T(TF_Ceil(i32, S), TF_INT32, DIMS(3), V(-2, 3, 0));
    EXPECT_T(TF_Round(i8, S), TF_INT8, DIMS(3), V(-128, 2, 0));
    EXPECT_T(TF_Trunc(i32, S), TF_INT32, DIMS(3), V(-2, 3, 0));
    /* abs and negative of the minimum wrap to itself. */
    EXPECT_T(TF_Abs(i8, S), TF_INT8, DIMS(3), V(-128, 2, 0));
    EXPECT_T(TF_Negative(i8, S), TF_INT8, DIMS(3), V(-128, -2, 0));
    /* int8 float ops compute in TF_FLOAT; int32 in TF_DOUBLE. */
    {
        TF_Tensor *sq = MK(TF_INT8, DIMS(2), V(4, 9));
        EXPECT_T(TF_Sqrt(sq, S), TF_FLOAT, DIMS(2), V(2, 3));
        TF_DeleteTensor(sq);
    }
    EXPECT_T(TF_Sign(i32, S), TF_INT32, DIMS(3), V(-1, 1, 0));
    EXPECT_T(TF_Relu(i32, S), TF_INT32, DIMS(3), V(0, 3, 0));
    /* isnan / isinf / isfinite of integers and bool. */
    EXPECT_T(TF_IsNan(i32, S), TF_BOOL, DIMS(3), V(0, 0, 0));
    EXPECT_T(TF_IsInf(b, S), TF_BOOL, DIMS(3), V(0, 0, 0));
    EXPECT_T(TF_IsFinite(i8, S), TF_BOOL, DIMS(3), V(1, 1, 1));
    /* bitwise_invert of bool is logical not; logical_not of floats tests for zero. */
    EXPECT_T(TF_BitwiseInvert(b, S), TF_BOOL, DIMS(3), V(0, 1, 0));
    {
        TF_Tensor *z = MK(TF_DOUBLE, DIMS(3), V(0.0, NAN, -0.0));
        EXPECT_T(TF_LogicalNot(z, S), TF_BOOL, DIMS(3), V(1, 0, 1));
        TF_DeleteTensor(z);
    }
    TF_DeleteTensor(b);
    TF_DeleteTensor(i8);
    TF_DeleteTensor(i32);
}

static void test_param_activations(void) {
    TF_Tensor *x = MK(TF_DOUBLE, DIMS(2, 2), V(-2, 0, 3, -0.5));
    TF_Tensor *xi = MK(TF_INT32, DIMS(3), V(-2, 0, 3));
    TF_Tensor *e = MK(TF_FLOAT, DIMS(4), V(-1, 0, 2, -2));
    TF_Tensor *b = MK(TF_BOOL, DIMS(1), V(1));
    EXPECT_T(TF_LeakyRelu(x, 0.1, S), TF_DOUBLE, DIMS(2, 2), V(-0.2, 0, 3, -0.05));
    EXPECT_T(TF_LeakyRelu(xi, 0.5, S), TF_DOUBLE, DIMS(3), V(-1, 0, 3)); /* int32 -> TF_DOUBLE */
    EXPECT_ERR(TF_LeakyRelu(b, 0.1, S), TF_DTYPE_ERROR, "TF_LeakyRelu");
    EXPECT_ERR(TF_LeakyRelu(NULL, 0.1, S), TF_INVALID_ARGUMENT, "TF_LeakyRelu");
    /* alpha * expm1(t) below 0 with alpha 0.5: 0.5 (e^-1 - 1), 0.5 (e^-2 - 1). */
    EXPECT_T(TF_Elu(e, 0.5, S), TF_FLOAT, DIMS(4), V(-0.31606027941427883, 0, 2, -0.43233235838169365));
    EXPECT_T(TF_Elu(xi, 1.0, S), TF_DOUBLE, DIMS(3), V(-0.8646647167633873, 0, 3)); /* e^-2 - 1 */
    EXPECT_ERR(TF_Elu(b, 1.0, S), TF_DTYPE_ERROR, "TF_Elu");
    EXPECT_ERR(TF_Elu(NULL, 1.0, S), TF_INVALID_ARGUMENT, "TF_Elu");
    TF_DeleteTensor(x);
    TF_DeleteTensor(xi);
    TF_DeleteTensor(e);
    TF_DeleteTensor(b);
}

/* ------------------------------------------------------------------------------------------ */
/* Binary functions: one table row each                                                         */
/* ------------------------------------------------------------------------------------------ */

typedef TF_Tensor *(*BinaryFn)(const TF_Tensor *, const TF_Tensor *, TF_Status *);

enum { BERR_NONE = 0, BERR_BOOL = 1, BERR_FLOAT = 2 };

typedef struct {
    const char *name;
    BinaryFn fn;
    TF_DataType a_dt;
    double a[4];
    TF_DataType b_dt;
    double b[4];
    TF_DataType out_dt;
    double want[4];
    int dtype_err; /* BERR_BOOL: bool operands are TF_DTYPE_ERROR; BERR_FLOAT: float operands are */
} BinaryCase;

#define B(fn) #fn, fn
static const BinaryCase BINARY[] = {
    /* Python floor division; x // 0 is 0 for integers (NumPy). */
    {B(TF_FloorDivide), TF_INT32, {7, -7, 7, 5}, TF_INT32, {2, 2, -2, 0}, TF_INT32, {3, -4, -4, 0}, BERR_NONE},
    {B(TF_FloorDivide), TF_DOUBLE, {7.5, -7.5, 1, -1}, TF_DOUBLE, {2, 2, 0.5, 4}, TF_DOUBLE, {3, -4, 2, -1},
     BERR_NONE},
    /* Remainder with the sign of the divisor; x % 0 is 0 for integers. */
    {B(TF_Remainder), TF_INT32, {7, -7, 7, 5}, TF_INT32, {2, 2, -2, 0}, TF_INT32, {1, 1, -1, 0}, BERR_NONE},
    {B(TF_Remainder), TF_DOUBLE, {5.5, -5.5, 5.5, -5.5}, TF_DOUBLE, {2, 2, -2, -2}, TF_DOUBLE, {1.5, 0.5, -0.5, -1.5},
     BERR_NONE},
    {B(TF_Pow), TF_INT32, {2, -3, 0, 5}, TF_INT32, {10, 3, 0, 1}, TF_INT32, {1024, -27, 1, 5}, BERR_NONE},
    {B(TF_Pow), TF_DOUBLE, {2, 4, 9, 0}, TF_DOUBLE, {-1, 0.5, 0.5, 0}, TF_DOUBLE, {0.5, 2, 3, 1}, BERR_NONE},
    /* NaN in either input gives NaN. */
    {B(TF_Maximum), TF_DOUBLE, {1, NAN, -2, 0}, TF_DOUBLE, {2, 1, -3, 5}, TF_DOUBLE, {2, NAN, -2, 5}, BERR_NONE},
    {B(TF_Minimum), TF_DOUBLE, {1, 0, -2, 0}, TF_DOUBLE, {2, NAN, -3, 5}, TF_DOUBLE, {1, NAN, -3, 0}, BERR_NONE},
    /* pi/4, 3pi/4, -3pi/4, 0. */
    {B(TF_Atan2), TF_DOUBLE, {1, 1, -1, 0}, TF_DOUBLE, {1, -1, -1, 1}, TF_DOUBLE,
     {0.78539816339744828, 2.3561944901923448, -2.3561944901923448, 0}, BERR_BOOL},
    /* int32 computes in TF_DOUBLE; Pythagorean triples. */
    {B(TF_Hypot), TF_INT32, {3, 5, 0, -8}, TF_INT32, {4, 12, 0, 15}, TF_DOUBLE, {5, 13, 0, 17}, BERR_BOOL},
    {B(TF_Copysign), TF_FLOAT, {1, -2, 3, 4}, TF_FLOAT, {-1, 1, -INFINITY, 5}, TF_FLOAT, {-1, 2, -3, 4}, BERR_BOOL},
    /* max + log1p(e^-|a-b|): ln 2, 2 + log1p(e^-1), 1000 + ln 2 (no overflow), -1 + ln 2. */
    {B(TF_Logaddexp), TF_DOUBLE, {0, 1, 1000, -1}, TF_DOUBLE, {0, 2, 1000, -1}, TF_DOUBLE,
     {0.69314718055994529, 2.313261687518223, 1000.6931471805599, -0.30685281944005471}, BERR_BOOL},
    /* Any dtypes; nonzero is true. */
    {B(TF_LogicalAnd), TF_INT32, {0, 3, -1, 0}, TF_DOUBLE, {0, 0, 0.5, 2}, TF_BOOL, {0, 0, 1, 0}, BERR_NONE},
    {B(TF_LogicalOr), TF_INT32, {0, 3, -1, 0}, TF_DOUBLE, {0, 0, 0.5, 2}, TF_BOOL, {0, 1, 1, 1}, BERR_NONE},
    {B(TF_LogicalXor), TF_INT32, {0, 3, -1, 0}, TF_DOUBLE, {0, 0, 0.5, 2}, TF_BOOL, {0, 1, 0, 1}, BERR_NONE},
    /* 12 = 0b1100, 10 = 0b1010; -1 is all ones. */
    {B(TF_BitwiseAnd), TF_INT32, {12, -1, 5, 0}, TF_INT32, {10, 7, 3, 9}, TF_INT32, {8, 7, 1, 0}, BERR_FLOAT},
    {B(TF_BitwiseOr), TF_INT32, {12, -1, 5, 0}, TF_INT32, {10, 7, 3, 9}, TF_INT32, {14, -1, 7, 9}, BERR_FLOAT},
    {B(TF_BitwiseXor), TF_INT32, {12, -1, 5, 0}, TF_INT32, {10, 7, 3, 9}, TF_INT32, {6, -8, 6, 9}, BERR_FLOAT},
    /* Shifting by the bit width or more gives 0 (left) or the sign (right); negative amounts too. */
    {B(TF_BitwiseLeftShift), TF_INT32, {1, 3, -1, 1}, TF_INT32, {4, 1, 2, 40}, TF_INT32, {16, 6, -4, 0},
     BERR_FLOAT},
    {B(TF_BitwiseRightShift), TF_INT32, {16, -16, 7, -1}, TF_INT32, {2, 2, 40, 40}, TF_INT32, {4, -4, 0, -1},
     BERR_FLOAT},
    /* float64 vs float32 promote; NaN compares unequal to everything. */
    {B(TF_Equal), TF_DOUBLE, {1, 2, NAN, -1}, TF_FLOAT, {1, 3, NAN, -2}, TF_BOOL, {1, 0, 0, 0}, BERR_NONE},
    {B(TF_NotEqual), TF_DOUBLE, {1, 2, NAN, -1}, TF_FLOAT, {1, 3, NAN, -2}, TF_BOOL, {0, 1, 1, 1}, BERR_NONE},
    {B(TF_Less), TF_DOUBLE, {1, 2, NAN, -1}, TF_FLOAT, {1, 3, NAN, -2}, TF_BOOL, {0, 1, 0, 0}, BERR_NONE},
    {B(TF_LessEqual), TF_DOUBLE, {1, 2, NAN, -1}, TF_FLOAT, {1, 3, NAN, -2}, TF_BOOL, {1, 1, 0, 0}, BERR_NONE},
    {B(TF_Greater), TF_DOUBLE, {1, 2, NAN, -1}, TF_FLOAT, {1, 3, NAN, -2}, TF_BOOL, {0, 0, 0, 1}, BERR_NONE},
    {B(TF_GreaterEqual), TF_DOUBLE, {1, 2, NAN, -1}, TF_FLOAT, {1, 3, NAN, -2}, TF_BOOL, {1, 0, 0, 1}, BERR_NONE},
};
#undef B

static void test_binary_table(void) {
    size_t i;
    for (i = 0; i < sizeof BINARY / sizeof BINARY[0]; i++) {
        const BinaryCase *c = &BINARY[i];
        TF_Tensor *a = MK(c->a_dt, DIMS(4), c->a);
        TF_Tensor *b = MK(c->b_dt, DIMS(4), c->b);
        TF_Tensor *b3 = MK(c->b_dt, DIMS(3), c->b);
        TF_Tensor *r = c->fn(a, b, S);
        expect_tensor_at(r, c->out_dt, DIMS(4), c->want, c->name, __LINE__);
        /* Broadcasting: a as [4,1] against b as [1,4] gives [4,4] whose diagonal is the table. */
        {
            TF_Tensor *a41 = MK(c->a_dt, DIMS(4, 1), c->a);
            TF_Tensor *b14 = MK(c->b_dt, DIMS(1, 4), c->b);
            TF_Tensor *rr = c->fn(a41, b14, S);
            int k, ok = rr != NULL && TF_NumDims(rr) == 2 && TF_Dim(rr, 0) == 4 && TF_Dim(rr, 1) == 4 &&
                        TF_TensorType(rr) == c->out_dt;
            double got[16];
            ok = ok && read_values(rr, got, 16);
            for (k = 0; ok && k < 4; k++) {
                ok = same_value(got[k * 5], c->want[k], c->out_dt);
            }
            if (!check_at(ok, c->name, __LINE__)) {
                printf("  (broadcast [4,1] x [1,4] of %s)\n", c->name);
            }
            TF_DeleteTensor(rr);
            TF_DeleteTensor(a41);
            TF_DeleteTensor(b14);
        }
        expect_err_at(c->fn(a, b3, S), TF_SHAPE_ERROR, c->name, c->name, __LINE__);
        expect_err_at(c->fn(NULL, b, S), TF_INVALID_ARGUMENT, c->name, c->name, __LINE__);
        expect_err_at(c->fn(a, NULL, S), TF_INVALID_ARGUMENT, c->name, c->name, __LINE__);
        if (c->dtype_err == BERR_BOOL) {
            TF_Tensor *t = MK(TF_BOOL, DIMS(2), V(1, 0));
            expect_err_at(c->fn(t, t, S), TF_DTYPE_ERROR, c->name, c->name, __LINE__);
            TF_DeleteTensor(t);
        } else if (c->dtype_err == BERR_FLOAT) {
            TF_Tensor *f = MK(TF_FLOAT, DIMS(2), V(1, 2));
            TF_Tensor *d = MK(TF_DOUBLE, DIMS(2), V(1, 2));
            TF_Tensor *n = MK(TF_INT32, DIMS(2), V(1, 2));
            expect_err_at(c->fn(f, f, S), TF_DTYPE_ERROR, c->name, c->name, __LINE__);
            expect_err_at(c->fn(n, d, S), TF_DTYPE_ERROR, c->name, c->name, __LINE__);
            TF_DeleteTensor(f);
            TF_DeleteTensor(d);
            TF_DeleteTensor(n);
        }
        TF_DeleteTensor(a);
        TF_DeleteTensor(b);
        TF_DeleteTensor(b3);
    }
    CHECK(sizeof BINARY / sizeof BINARY[0] == 26); /* 22 functions, four with a second row */
}

static void test_binary_extra(void) {
    TF_Tensor *two = MK(TF_INT32, DIMS(2), V(2, 3));
    TF_Tensor *neg = MK(TF_INT32, DIMS(2), V(1, -1));
    TF_Tensor *negs = MK(TF_INT64, SCALAR, V(-2));
    TF_Tensor *bt = MK(TF_BOOL, DIMS(3), V(1, 1, 0));
    TF_Tensor *bf = MK(TF_BOOL, DIMS(3), V(1, 0, 0));
    TF_Tensor *msg_a = MK(TF_DOUBLE, DIMS(2, 3), V(1, 2, 3, 4, 5, 6));
    TF_Tensor *msg_b = MK(TF_DOUBLE, DIMS(4), V(1, 2, 3, 4));
    /* Integer pow with a negative exponent: TF_INVALID_ARGUMENT (NumPy raises ValueError). */
    EXPECT_ERR(TF_Pow(two, neg, S), TF_INVALID_ARGUMENT, "TF_Pow");
    EXPECT_ERR(TF_Pow(two, negs, S), TF_INVALID_ARGUMENT, "TF_Pow");
    /* ... but a float base or float exponent is fine. */
    {
        TF_Tensor *fneg = MK(TF_DOUBLE, DIMS(2), V(1, -1));
        EXPECT_T(TF_Pow(two, fneg, S), TF_DOUBLE, DIMS(2), V(2, 1.0 / 3.0));
        TF_DeleteTensor(fneg);
    }
    /* Integer pow wraps: 3^21 = 10460353203 = 2 * 2^32 + 1870418611. */
    {
        TF_Tensor *e = MK(TF_INT32, SCALAR, V(21));
        EXPECT_T(TF_Pow(two, e, S), TF_INT32, DIMS(2), V(2097152, 1870418611));
        TF_DeleteTensor(e);
    }
    /* bool operands of the int-computing ops: bool computes as TF_INT8; bitwise stays bool. */
    EXPECT_T(TF_BitwiseAnd(bt, bf, S), TF_BOOL, DIMS(3), V(1, 0, 0));
    EXPECT_T(TF_BitwiseOr(bt, bf, S), TF_BOOL, DIMS(3), V(1, 1, 0));
    EXPECT_T(TF_BitwiseXor(bt, bf, S), TF_BOOL, DIMS(3), V(0, 1, 0));
    EXPECT_T(TF_FloorDivide(bt, bt, S), TF_INT8, DIMS(3), V(1, 1, 0));
    EXPECT_T(TF_Pow(bf, bt, S), TF_INT8, DIMS(3), V(1, 0, 1));
    EXPECT_T(TF_Maximum(bt, bf, S), TF_BOOL, DIMS(3), V(1, 1, 0));
    /* The shape error message names the function and both shapes. */
    {
        TF_Tensor *r = TF_Hypot(msg_a, msg_b, S);
        CHECK(r == NULL);
        CHECK(TF_GetCode(S) == TF_SHAPE_ERROR);
        CHECK(strcmp(TF_Message(S), "TF_Hypot: shapes [2,3] and [4] cannot be broadcast") == 0);
        TF_DeleteTensor(r);
    }
    /* A success after an error resets the status. */
    EXPECT_T(TF_Maximum(msg_a, msg_a, S), TF_DOUBLE, DIMS(2, 3), V(1, 2, 3, 4, 5, 6));
    CHECK(TF_GetCode(S) == TF_OK && strcmp(TF_Message(S), "") == 0);
    TF_DeleteTensor(two);
    TF_DeleteTensor(neg);
    TF_DeleteTensor(negs);
    TF_DeleteTensor(bt);
    TF_DeleteTensor(bf);
    TF_DeleteTensor(msg_a);
    TF_DeleteTensor(msg_b);
}

/* ------------------------------------------------------------------------------------------ */
/* Selection and softmax                                                                        */
/* ------------------------------------------------------------------------------------------ */

static void test_where(void) {
    TF_Tensor *c = MK(TF_BOOL, DIMS(4), V(1, 0, 1, 0));
    TF_Tensor *ci = MK(TF_INT32, DIMS(2, 1), V(0, 7)); /* nonzero is true */
    TF_Tensor *x = MK(TF_INT32, DIMS(4), V(1, 2, 3, 4));
    TF_Tensor *y = MK(TF_DOUBLE, DIMS(4), V(-1, -2, -3, -4));
    TF_Tensor *xs = MK(TF_INT32, SCALAR, V(9));
    TF_Tensor *y3 = MK(TF_INT32, DIMS(3), V(-1, -2, -3));
    /* int32 and float64 promote to float64. */
    EXPECT_T(TF_Where(c, x, y, S), TF_DOUBLE, DIMS(4), V(1, -2, 3, -4));
    /* [2,1], [] and [3] broadcast to [2,3]. */
    EXPECT_T(TF_Where(ci, xs, y3, S), TF_INT32, DIMS(2, 3), V(-1, -2, -3, 9, 9, 9));
    EXPECT_ERR(TF_Where(c, x, y3, S), TF_SHAPE_ERROR, "TF_Where");
    EXPECT_ERR(TF_Where(NULL, x, y, S), TF_INVALID_ARGUMENT, "TF_Where");
    EXPECT_ERR(TF_Where(c, NULL, y, S), TF_INVALID_ARGUMENT, "TF_Where");
    EXPECT_ERR(TF_Where(c, x, NULL, S), TF_INVALID_ARGUMENT, "TF_Where");
    TF_DeleteTensor(c);
    TF_DeleteTensor(ci);
    TF_DeleteTensor(x);
    TF_DeleteTensor(y);
    TF_DeleteTensor(xs);
    TF_DeleteTensor(y3);
}

static void test_clip(void) {
    TF_Tensor *x = MK(TF_DOUBLE, DIMS(4), V(-2, 0.5, 3, NAN));
    TF_Tensor *lo = MK(TF_DOUBLE, SCALAR, V(0));
    TF_Tensor *hi = MK(TF_DOUBLE, SCALAR, V(1));
    TF_Tensor *lo4 = MK(TF_DOUBLE, DIMS(4), V(-3, 1, 0, 0));
    TF_Tensor *xi = MK(TF_INT32, DIMS(3), V(-5, 2, 9));
    TF_Tensor *fhi = MK(TF_FLOAT, SCALAR, V(2.5));
    TF_Tensor *bad = MK(TF_DOUBLE, DIMS(3), V(0, 0, 0));
    EXPECT_T(TF_Clip(x, lo, hi, S), TF_DOUBLE, DIMS(4), V(0, 0.5, 1, NAN));
    EXPECT_T(TF_Clip(x, NULL, hi, S), TF_DOUBLE, DIMS(4), V(-2, 0.5, 1, NAN));
    EXPECT_T(TF_Clip(x, lo, NULL, S), TF_DOUBLE, DIMS(4), V(0, 0.5, 3, NAN));
    EXPECT_T(TF_Clip(x, NULL, NULL, S), TF_DOUBLE, DIMS(4), V(-2, 0.5, 3, NAN));
    /* Elementwise bounds broadcast. */
    EXPECT_T(TF_Clip(x, lo4, hi, S), TF_DOUBLE, DIMS(4), V(-2, 1, 1, NAN));
    /* int32 with a float32 bound promotes (as NumPy: int32 + float32 -> float64). */
    EXPECT_T(TF_Clip(xi, NULL, fhi, S), TF_DOUBLE, DIMS(3), V(-5, 2, 2.5));
    EXPECT_ERR(TF_Clip(x, bad, NULL, S), TF_SHAPE_ERROR, "TF_Clip");
    EXPECT_ERR(TF_Clip(x, NULL, bad, S), TF_SHAPE_ERROR, "TF_Clip");
    EXPECT_ERR(TF_Clip(NULL, lo, hi, S), TF_INVALID_ARGUMENT, "TF_Clip");
    TF_DeleteTensor(x);
    TF_DeleteTensor(lo);
    TF_DeleteTensor(hi);
    TF_DeleteTensor(lo4);
    TF_DeleteTensor(xi);
    TF_DeleteTensor(fhi);
    TF_DeleteTensor(bad);
}

static void test_softmax(void) {
    /* Row 0: e^k / (1 + e + e^2); row 1: 1/3 each. */
    TF_Tensor *x = MK(TF_DOUBLE, DIMS(2, 3), V(0, 1, 2, 0, 0, 0));
    TF_Tensor *big = MK(TF_FLOAT, DIMS(3), V(1000, 1000, 1000)); /* no overflow */
    TF_Tensor *xi = MK(TF_INT32, DIMS(2), V(0, 0));
    TF_Tensor *far = MK(TF_DOUBLE, DIMS(2), V(0, -1000));
    TF_Tensor *b = MK(TF_BOOL, DIMS(2), V(1, 0));
    const double third = 1.0 / 3.0, lthird = -1.0986122886681098; /* log(1/3) */
    EXPECT_T(TF_Softmax(x, -1, S), TF_DOUBLE, DIMS(2, 3),
             V(0.09003057317038046, 0.24472847105479764, 0.6652409557748219, third, third, third));
    EXPECT_T(TF_Softmax(x, 1, S), TF_DOUBLE, DIMS(2, 3),
             V(0.09003057317038046, 0.24472847105479764, 0.6652409557748219, third, third, third));
    /* Along axis 0 each column is (sigmoid(d), sigmoid(-d)) for d = column difference 0, 1, 2. */
    EXPECT_T(TF_Softmax(x, 0, S), TF_DOUBLE, DIMS(2, 3),
             V(0.5, 0.7310585786300049, 0.8807970779778823, 0.5, 0.2689414213699951, 0.11920292202211755));
    EXPECT_T(TF_Softmax(big, 0, S), TF_FLOAT, DIMS(3), V(third, third, third));
    EXPECT_T(TF_Softmax(xi, 0, S), TF_DOUBLE, DIMS(2), V(0.5, 0.5)); /* int32 -> TF_DOUBLE */
    EXPECT_ERR(TF_Softmax(x, 2, S), TF_INVALID_ARGUMENT, "TF_Softmax");
    EXPECT_ERR(TF_Softmax(x, -3, S), TF_INVALID_ARGUMENT, "TF_Softmax");
    EXPECT_ERR(TF_Softmax(b, 0, S), TF_DTYPE_ERROR, "TF_Softmax");
    EXPECT_ERR(TF_Softmax(NULL, 0, S), TF_INVALID_ARGUMENT, "TF_Softmax");

    /* t - max - log(sum(e^(t - max))): row 0 is k - log(1 + e + e^2), row 1 is log(1/3). */
    EXPECT_T(TF_LogSoftmax(x, -1, S), TF_DOUBLE, DIMS(2, 3),
             V(-2.40760596444438, -1.4076059644443801, -0.40760596444438013, lthird, lthird, lthird));
    EXPECT_T(TF_LogSoftmax(big, -1, S), TF_FLOAT, DIMS(3), V(lthird, lthird, lthird));
    /* e^-1000 underflows: the log-probability is still -1000, not -inf. */
    EXPECT_T(TF_LogSoftmax(far, 0, S), TF_DOUBLE, DIMS(2), V(0, -1000));
    EXPECT_ERR(TF_LogSoftmax(x, 2, S), TF_INVALID_ARGUMENT, "TF_LogSoftmax");
    EXPECT_ERR(TF_LogSoftmax(x, -3, S), TF_INVALID_ARGUMENT, "TF_LogSoftmax");
    EXPECT_ERR(TF_LogSoftmax(b, 0, S), TF_DTYPE_ERROR, "TF_LogSoftmax");
    EXPECT_ERR(TF_LogSoftmax(NULL, 0, S), TF_INVALID_ARGUMENT, "TF_LogSoftmax");
    {
        /* 0-d counts as one axis (as PyTorch): axis 0 or -1 gives 1 (log: 0); axis 1 is out of range. */
        TF_Tensor *s = MK(TF_DOUBLE, SCALAR, V(5));
        EXPECT_T(TF_Softmax(s, 0, S), TF_DOUBLE, SCALAR, V(1));
        EXPECT_T(TF_LogSoftmax(s, -1, S), TF_DOUBLE, SCALAR, V(0));
        EXPECT_ERR(TF_Softmax(s, 1, S), TF_INVALID_ARGUMENT, "TF_Softmax");
        EXPECT_ERR(TF_LogSoftmax(s, -2, S), TF_INVALID_ARGUMENT, "TF_LogSoftmax");
        TF_DeleteTensor(s);
    }
    TF_DeleteTensor(x);
    TF_DeleteTensor(big);
    TF_DeleteTensor(xi);
    TF_DeleteTensor(far);
    TF_DeleteTensor(b);
}

int main(void) {
    S = TF_NewStatus();
    if (S == NULL) {
        printf("TF_NewStatus returned NULL\n0 passed, 1 failed\n");
        return 1;
    }
    test_unary_table();
    test_unary_dtypes();
    test_param_activations();
    test_binary_table();
    test_binary_extra();
    test_where();
    test_clip();
    test_softmax();
    TF_DeleteStatus(S);
    return check_report();
}
