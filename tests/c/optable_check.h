/*
 * optable_check.h -- the checks tests/c/test_optable.c (generated from the op table) runs on
 * every op: the result dtype a dtype rule gives ("ERR": TF_DTYPE_ERROR), the result shape, and
 * the errors for shapes that do not broadcast and NULL arguments, with messages that name the
 * function. Written by hand; the generated file only lists the ops and their expected dtypes.
 */
#ifndef TENFLOWERS_TEST_OPTABLE_CHECK_H
#define TENFLOWERS_TEST_OPTABLE_CHECK_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tenflowers.h"
#include "check.h"

static TF_Status *S;

typedef TF_Tensor *(*Unary)(const TF_Tensor *, TF_Status *);
typedef TF_Tensor *(*Param)(const TF_Tensor *, double, TF_Status *);
typedef TF_Tensor *(*Binary)(const TF_Tensor *, const TF_Tensor *, TF_Status *);

/* A tensor of `dt` and shape dims[0..n) filled with 1, 2, 3, ... (as the dtype holds them). */
static TF_Tensor *filled(TF_DataType dt, const int64_t *dims, int n) {
    int64_t count = 1;
    int k;
    TF_Tensor *t;
    for (k = 0; k < n; k++) count *= dims[k];
    t = TF_Zeros(dt, dims, n, S);
    if (t == NULL) return NULL;
    {
        TF_Tensor *step = TF_Arange(1, (double)count + 1, 1, dt == TF_BOOL ? TF_INT32 : dt, S);
        TF_Tensor *shaped = TF_Reshape(step, dims, n, S);
        TF_Tensor *cast = TF_Cast(shaped, dt, S);
        TF_DeleteTensor(step);
        TF_DeleteTensor(shaped);
        TF_DeleteTensor(t);
        t = cast;
    }
    return t;
}

/* `r` is a tensor of dtype `want` (or, for "ERR", NULL with TF_DTYPE_ERROR) with shape dims. */
static void expect(TF_Tensor *r, const char *want, const int64_t *dims, int n, const char *fname, int line) {
    char what[160];
    snprintf(what, sizeof what, "%s gives %s", fname, want);
    if (strcmp(want, "ERR") == 0) {
        check_at(r == NULL && TF_GetCode(S) == TF_DTYPE_ERROR && strstr(TF_Message(S), fname) != NULL, what, line);
        TF_DeleteTensor(r);
        return;
    }
    if (!check_at(r != NULL, what, line)) {
        printf("  %s: %s\n", fname, TF_Message(S));
        return;
    }
    {
        int ok = TF_NumDims(r) == n;
        int k;
        int64_t got[8];
        TF_TensorShape(r, got, n, S);
        for (k = 0; ok && k < n; k++) ok = got[k] == dims[k];
        check_at(ok, what, line);
    }
    {
        TF_DataType dt = TF_TensorType(r);
        int ok = (strcmp(want, "TF_DOUBLE") == 0 && dt == TF_DOUBLE) || (strcmp(want, "TF_INT32") == 0 && dt == TF_INT32) ||
                 (strcmp(want, "TF_BOOL") == 0 && dt == TF_BOOL) || (strcmp(want, "TF_INT8") == 0 && dt == TF_INT8);
        check_at(ok, what, line);
    }
    TF_DeleteTensor(r);
}

static void expect_error(TF_Tensor *r, TF_Code code, const char *fname, int line) {
    check_at(r == NULL && TF_GetCode(S) == code && strncmp(TF_Message(S), fname, strlen(fname)) == 0, fname, line);
    TF_DeleteTensor(r);
}

static const TF_DataType INPUTS[3] = {TF_DOUBLE, TF_INT32, TF_BOOL};
static const int64_t D3[1] = {3}, D21[2] = {2, 1}, D23[2] = {2, 3}, D2[1] = {2};

static void unary_case(Unary fn, const char *name, const char *const want[3], int line) {
    int i;
    for (i = 0; i < 3; i++) {
        TF_Tensor *x = filled(INPUTS[i], D3, 1), *x0 = filled(INPUTS[i], NULL, 0);
        if (want[i][0] != 0) {
            expect(fn(x, S), want[i], D3, 1, name, line);
            expect(fn(x0, S), want[i], NULL, 0, name, line);
        }
        TF_DeleteTensor(x);
        TF_DeleteTensor(x0);
    }
    expect_error(fn(NULL, S), TF_INVALID_ARGUMENT, name, line);
}

static void param_case(Param fn, const char *name, const char *const want[3], int line) {
    int i;
    for (i = 0; i < 3; i++) {
        TF_Tensor *x = filled(INPUTS[i], D3, 1);
        if (want[i][0] != 0) expect(fn(x, 0.5, S), want[i], D3, 1, name, line);
        TF_DeleteTensor(x);
    }
    expect_error(fn(NULL, 0.5, S), TF_INVALID_ARGUMENT, name, line);
}

static void binary_case(Binary fn, const char *name, const char *const want[3], int line) {
    int i;
    for (i = 0; i < 3; i++) {
        TF_Tensor *a = filled(INPUTS[i], D21, 2), *b = filled(INPUTS[i], D3, 1), *c = filled(INPUTS[i], D2, 1);
        if (want[i][0] != 0) {
            expect(fn(a, b, S), want[i], D23, 2, name, line);
            if (strcmp(want[i], "ERR") != 0) expect_error(fn(b, c, S), TF_SHAPE_ERROR, name, line);
        }
        TF_DeleteTensor(a);
        TF_DeleteTensor(b);
        TF_DeleteTensor(c);
    }
    {
        TF_Tensor *a = filled(TF_DOUBLE, D3, 1);
        expect_error(fn(NULL, a, S), TF_INVALID_ARGUMENT, name, line);
        expect_error(fn(a, NULL, S), TF_INVALID_ARGUMENT, name, line);
        TF_DeleteTensor(a);
    }
}

#endif
