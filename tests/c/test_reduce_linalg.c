/*
 * test_reduce_linalg.c -- every reduction, scan, sort and linear-algebra entry point of the C API,
 * each with checked values and at least one error path.
 *
 * Build and run (from the repository root, after `cd rust && cargo build --release`):
 *   cc -std=c99 -Wall -Wextra -Werror -fsanitize=address,undefined -Iinclude \
 *      tests/c/test_reduce_linalg.c rust/target/release/libtenflowers.so \
 *      -Wl,-rpath,$PWD/rust/target/release -o /tmp/test_reduce_linalg && /tmp/test_reduce_linalg
 * The last line printed is "N passed, N failed"; the exit code is nonzero on any failure.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tenflowers.h"
#include "check.h"

static TF_Status *st;

/* A float64 tensor of the given shape holding `v` (row-major). */
static TF_Tensor *f64(const double *v, const int64_t *dims, int nd) {
    int64_t n = 1;
    int i;
    for (i = 0; i < nd; i++) n *= dims[i];
    return TF_NewTensor(TF_DOUBLE, dims, nd, v, (size_t)n * sizeof(double), st);
}

static TF_Tensor *i32(const int32_t *v, const int64_t *dims, int nd) {
    int64_t n = 1;
    int i;
    for (i = 0; i < nd; i++) n *= dims[i];
    return TF_NewTensor(TF_INT32, dims, nd, v, (size_t)n * sizeof(int32_t), st);
}

/* Copies a tensor of dtype `dt` out into `out` (which holds `cap` bytes); returns element count. */
static int64_t get(const TF_Tensor *t, TF_DataType dt, void *out, size_t cap) {
    int64_t n;
    if (t == NULL || TF_TensorType(t) != dt) return -1;
    n = TF_TensorElementCount(t);
    if ((size_t)n * TF_DataTypeSize(dt) > cap) return -1;
    TF_TensorCopyTo(t, out, (size_t)n * TF_DataTypeSize(dt), st);
    return TF_GetCode(st) == TF_OK ? n : -1;
}

static int close_to(double a, double b) { return fabs(a - b) <= 1e-12 * (1.0 + fabs(b)); }

/* Expects the last call to have failed with `code` and a message naming `fn`. */
static int failed_with(const TF_Tensor *r, TF_Code code, const char *fn) {
    return r == NULL && TF_GetCode(st) == code && strstr(TF_Message(st), fn) != NULL;
}

static void test_reductions(void) {
    const double v[6] = {1, 2, 3, 4, 5, 6};
    const int64_t d23[2] = {2, 3};
    TF_Tensor *x = f64(v, d23, 2);
    int ax1[1] = {1}, ax0[1] = {0}, bad[1] = {2}, rep[2] = {0, -2};
    double o[8];
    int64_t l[8];
    uint8_t b[8];
    TF_Tensor *r;

    r = TF_Prod(x, ax1, 1, false, st);
    CHECK(get(r, TF_DOUBLE, o, sizeof o) == 2 && o[0] == 6 && o[1] == 120);
    TF_DeleteTensor(r);
    r = TF_Prod(x, bad, 1, false, st);
    CHECK(failed_with(r, TF_INVALID_ARGUMENT, "TF_Prod"));

    r = TF_Mean(x, ax0, 1, true, st);
    CHECK(r && TF_NumDims(r) == 2 && TF_Dim(r, 0) == 1 && get(r, TF_DOUBLE, o, sizeof o) == 3 && o[0] == 2.5 && o[2] == 4.5);
    TF_DeleteTensor(r);
    r = TF_Mean(x, rep, 2, false, st);
    CHECK(failed_with(r, TF_INVALID_ARGUMENT, "TF_Mean"));

    r = TF_Var(x, NULL, 0, 1.0, false, st);
    CHECK(get(r, TF_DOUBLE, o, sizeof o) == 1 && close_to(o[0], 3.5));
    TF_DeleteTensor(r);
    r = TF_Var(x, NULL, 0, -1.0, false, st);
    CHECK(failed_with(r, TF_INVALID_ARGUMENT, "TF_Var"));
    r = TF_Var(x, ax1, 1, 3.0, false, st); /* correction == N: inf */
    CHECK(get(r, TF_DOUBLE, o, sizeof o) == 2 && isinf(o[0]));
    TF_DeleteTensor(r);

    r = TF_Std(x, ax1, 1, 0.0, false, st);
    CHECK(get(r, TF_DOUBLE, o, sizeof o) == 2 && close_to(o[0], sqrt(2.0 / 3.0)));
    TF_DeleteTensor(r);
    r = TF_Std(NULL, NULL, 0, 0.0, false, st);
    CHECK(failed_with(r, TF_INVALID_ARGUMENT, "TF_Std"));

    r = TF_Max(x, ax1, 1, false, st);
    CHECK(get(r, TF_DOUBLE, o, sizeof o) == 2 && o[0] == 3 && o[1] == 6);
    TF_DeleteTensor(r);
    r = TF_Min(x, NULL, 0, false, st);
    CHECK(get(r, TF_DOUBLE, o, sizeof o) == 1 && o[0] == 1);
    TF_DeleteTensor(r);
    {
        const int64_t d30[2] = {3, 0};
        TF_Tensor *e = TF_Zeros(TF_FLOAT, d30, 2, st);
        r = TF_Max(e, ax1, 1, false, st);
        CHECK(failed_with(r, TF_SHAPE_ERROR, "TF_Max"));
        r = TF_Min(e, NULL, 0, false, st);
        CHECK(failed_with(r, TF_SHAPE_ERROR, "TF_Min"));
        r = TF_ArgMin(e, ax1, 1, false, st);
        CHECK(failed_with(r, TF_SHAPE_ERROR, "TF_ArgMin"));
        r = TF_All(e, ax1, 1, false, st); /* all over nothing: true */
        CHECK(get(r, TF_BOOL, b, sizeof b) == 3 && b[0] == 1 && b[2] == 1);
        TF_DeleteTensor(r);
        TF_DeleteTensor(e);
    }
    {
        const double nv[4] = {1.0, NAN, 3.0, NAN};
        const int64_t d4[1] = {4};
        TF_Tensor *n = f64(nv, d4, 1);
        r = TF_ArgMax(n, NULL, 0, false, st);
        CHECK(get(r, TF_INT64, l, sizeof l) == 1 && l[0] == 1);
        TF_DeleteTensor(r);
        r = TF_Max(n, NULL, 0, false, st);
        CHECK(get(r, TF_DOUBLE, o, sizeof o) == 1 && isnan(o[0]));
        TF_DeleteTensor(r);
        TF_DeleteTensor(n);
    }
    r = TF_ArgMax(x, ax0, 1, true, st);
    CHECK(r && TF_NumDims(r) == 2 && get(r, TF_INT64, l, sizeof l) == 3 && l[0] == 1 && l[2] == 1);
    TF_DeleteTensor(r);
    r = TF_ArgMax(x, bad, 1, false, st);
    CHECK(failed_with(r, TF_INVALID_ARGUMENT, "TF_ArgMax"));
    r = TF_ArgMin(x, NULL, 0, false, st);
    CHECK(get(r, TF_INT64, l, sizeof l) == 1 && l[0] == 0);
    TF_DeleteTensor(r);

    r = TF_All(x, NULL, 0, false, st);
    CHECK(get(r, TF_BOOL, b, sizeof b) == 1 && b[0] == 1);
    TF_DeleteTensor(r);
    r = TF_All(x, bad, 1, false, st);
    CHECK(failed_with(r, TF_INVALID_ARGUMENT, "TF_All"));
    r = TF_Any(x, ax1, 1, false, st);
    CHECK(get(r, TF_BOOL, b, sizeof b) == 2 && b[0] == 1 && b[1] == 1);
    TF_DeleteTensor(r);
    r = TF_Any(x, rep, 2, false, st);
    CHECK(failed_with(r, TF_INVALID_ARGUMENT, "TF_Any"));

    {
        const double big[2] = {1000.0, 1000.0};
        const int64_t d2[1] = {2};
        TF_Tensor *g = f64(big, d2, 1);
        const uint8_t bb[1] = {1};
        const int64_t d1[1] = {1};
        TF_Tensor *bt = TF_NewTensor(TF_BOOL, d1, 1, bb, 1, st);
        r = TF_LogSumExp(g, NULL, 0, false, st);
        CHECK(get(r, TF_DOUBLE, o, sizeof o) == 1 && close_to(o[0], 1000.0 + log(2.0)));
        TF_DeleteTensor(r);
        r = TF_LogSumExp(bt, NULL, 0, false, st);
        CHECK(failed_with(r, TF_DTYPE_ERROR, "TF_LogSumExp"));
        TF_DeleteTensor(g);
        TF_DeleteTensor(bt);
    }

    {
        const int32_t iv[6] = {1, 2, 3, 4, 5, 6};
        TF_Tensor *xi = i32(iv, d23, 2);
        r = TF_CumulativeSum(xi, ax1, 0, true, st);
        CHECK(r && TF_Dim(r, 1) == 4 && get(r, TF_INT64, l, sizeof l) == 8 && l[0] == 0 && l[3] == 6 && l[7] == 15);
        TF_DeleteTensor(r);
        r = TF_CumulativeSum(xi, ax0, TF_DOUBLE, false, st);
        CHECK(get(r, TF_DOUBLE, o, sizeof o) == 6 && o[3] == 5 && o[5] == 9);
        TF_DeleteTensor(r);
        r = TF_CumulativeSum(xi, NULL, 0, false, st); /* axis required for 2-D */
        CHECK(failed_with(r, TF_INVALID_ARGUMENT, "TF_CumulativeSum"));
        r = TF_CumulativeSum(xi, ax0, 77, false, st);
        CHECK(failed_with(r, TF_DTYPE_ERROR, "TF_CumulativeSum"));
        TF_DeleteTensor(xi);
    }
    TF_DeleteTensor(x);
}


static void test_sorting(void) {
    const double v[6] = {3, NAN, 1, 2, 2, 0};
    const int64_t d23[2] = {2, 3};
    TF_Tensor *x = f64(v, d23, 2);
    TF_Tensor *out[2] = {NULL, NULL};
    double o[8];
    int64_t l[8];
    TF_Tensor *r;

    r = TF_Sort(x, -1, false, true, st);
    CHECK(get(r, TF_DOUBLE, o, sizeof o) == 6 && o[0] == 1 && o[1] == 3 && isnan(o[2]) && o[3] == 0 && o[5] == 2);
    TF_DeleteTensor(r);
    r = TF_Sort(x, 2, false, true, st);
    CHECK(failed_with(r, TF_INVALID_ARGUMENT, "TF_Sort"));

    r = TF_ArgSort(x, 1, true, true, st); /* descending: NaN first, ties in input order */
    CHECK(get(r, TF_INT64, l, sizeof l) == 6 && l[0] == 1 && l[1] == 0 && l[2] == 2 && l[3] == 0 && l[4] == 1 && l[5] == 2);
    TF_DeleteTensor(r);
    r = TF_ArgSort(NULL, 0, false, true, st);
    CHECK(failed_with(r, TF_INVALID_ARGUMENT, "TF_ArgSort"));

    TF_TopK(x, 1, 0, false, true, out, 2, st);
    CHECK(TF_GetCode(st) == TF_OK && out[0] && out[1]);
    CHECK(get(out[0], TF_DOUBLE, o, sizeof o) == 3 && o[0] == 2 && o[1] == 2 && o[2] == 0);
    CHECK(get(out[1], TF_INT64, l, sizeof l) == 3 && l[0] == 1 && l[1] == 1 && l[2] == 1);
    TF_DeleteTensor(out[0]);
    TF_DeleteTensor(out[1]);
    out[0] = out[1] = NULL;
    TF_TopK(x, 4, 1, true, true, out, 2, st);
    CHECK(TF_GetCode(st) == TF_INVALID_ARGUMENT && strstr(TF_Message(st), "TF_TopK") && out[0] == NULL && out[1] == NULL);
    TF_TopK(x, 1, 1, true, true, out, 1, st);
    CHECK(TF_GetCode(st) == TF_INVALID_ARGUMENT && out[0] == NULL);
    TF_DeleteTensor(x);
}

static void test_linalg(void) {
    const double av[6] = {1, 2, 3, 4, 5, 6}; /* (2,3) */
    const double bv[6] = {1, 0, 0, 1, 1, 1}; /* (3,2) */
    const int64_t d23[2] = {2, 3}, d32[2] = {3, 2};
    TF_Tensor *a = f64(av, d23, 2), *b = f64(bv, d32, 2);
    int ax_a[2] = {1, 0}, ax_b[2] = {0, 1};
    double o[16];
    TF_Tensor *r;

    r = TF_Tensordot(a, b, NULL, NULL, 1, st); /* == matmul */
    CHECK(r && TF_NumDims(r) == 2 && get(r, TF_DOUBLE, o, sizeof o) == 4 && o[0] == 4 && o[1] == 5 && o[2] == 10 && o[3] == 11);
    TF_DeleteTensor(r);
    r = TF_Tensordot(a, b, ax_a, ax_b, 2, st); /* sum over i,j of a[i][j] * b[j][i] */
    CHECK(r && TF_NumDims(r) == 0 && get(r, TF_DOUBLE, o, sizeof o) == 1 && o[0] == 15); /* 1*1 + 2*0 + 3*1 + 4*0 + 5*1 + 6*1 */
    TF_DeleteTensor(r);
    r = TF_Tensordot(a, a, NULL, NULL, 1, st); /* 3 != 2 */
    CHECK(failed_with(r, TF_SHAPE_ERROR, "TF_Tensordot"));
    r = TF_Tensordot(a, b, ax_a, NULL, 1, st);
    CHECK(failed_with(r, TF_INVALID_ARGUMENT, "TF_Tensordot"));

    r = TF_Vecdot(a, a, -1, st);
    CHECK(get(r, TF_DOUBLE, o, sizeof o) == 2 && o[0] == 14 && o[1] == 77);
    TF_DeleteTensor(r);
    r = TF_Vecdot(a, b, -1, st);
    CHECK(failed_with(r, TF_SHAPE_ERROR, "TF_Vecdot"));

    r = TF_Outer(a, b, st);
    CHECK(r && TF_Dim(r, 0) == 6 && TF_Dim(r, 1) == 6 && get(r, TF_DOUBLE, o, sizeof o) == -1); /* 36 > 16 */
    TF_DeleteTensor(r);
    {
        const int64_t d2[1] = {2};
        const double xv[2] = {2, 3};
        TF_Tensor *x = f64(xv, d2, 1);
        r = TF_Outer(x, x, st);
        CHECK(get(r, TF_DOUBLE, o, sizeof o) == 4 && o[0] == 4 && o[1] == 6 && o[3] == 9);
        TF_DeleteTensor(r);
        TF_DeleteTensor(x);
    }
    r = TF_Outer(a, NULL, st);
    CHECK(failed_with(r, TF_INVALID_ARGUMENT, "TF_Outer"));

    {
        const TF_Tensor *ops[2] = {a, b};
        const TF_Tensor *one[1] = {a};
        r = TF_Einsum("ij,jk->ik", ops, 2, st);
        CHECK(get(r, TF_DOUBLE, o, sizeof o) == 4 && o[0] == 4 && o[3] == 11);
        TF_DeleteTensor(r);
        r = TF_Einsum("ij->j", one, 1, st);
        CHECK(get(r, TF_DOUBLE, o, sizeof o) == 3 && o[0] == 5 && o[2] == 9);
        TF_DeleteTensor(r);
        r = TF_Einsum("ij,jk->iq", ops, 2, st);
        CHECK(failed_with(r, TF_INVALID_ARGUMENT, "TF_Einsum"));
        r = TF_Einsum("ij,kj->ik", ops, 2, st); /* j: 3 vs 2 */
        CHECK(failed_with(r, TF_SHAPE_ERROR, "TF_Einsum"));
        r = TF_Einsum(NULL, ops, 2, st);
        CHECK(failed_with(r, TF_INVALID_ARGUMENT, "TF_Einsum"));
    }
    TF_DeleteTensor(a);
    TF_DeleteTensor(b);
}

int main(void) {
    st = TF_NewStatus();
    test_reductions();
    test_sorting();
    test_linalg();
    TF_DeleteStatus(st);
    return check_report();
}
