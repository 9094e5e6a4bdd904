/*
 * values.h -- helpers of the C test programs that build small float64/int64 tensors from arrays
 * and read their elements back. They report through the program's status `S`, defined here and
 * created by the program's main. Include after tenflowers.h.
 */
#ifndef TENFLOWERS_TEST_VALUES_H
#define TENFLOWERS_TEST_VALUES_H

#include <math.h>
#include <stdlib.h>

static TF_Status *S;

static inline TF_Tensor *vec(const double *v, int64_t n) {
    const int64_t dims[1] = {n};
    return TF_NewTensor(TF_DOUBLE, dims, 1, v, (size_t)n * sizeof(double), S);
}

static inline TF_Tensor *mat(const double *v, int64_t r, int64_t c) {
    const int64_t dims[2] = {r, c};
    return TF_NewTensor(TF_DOUBLE, dims, 2, v, (size_t)(r * c) * sizeof(double), S);
}

static inline TF_Tensor *ivec(const int64_t *v, int64_t n) {
    const int64_t dims[1] = {n};
    return TF_NewTensor(TF_INT64, dims, 1, v, (size_t)n * sizeof(int64_t), S);
}

/* Element i of a float64 tensor (NaN when i is out of range or the copy fails). */
static inline double at(const TF_Tensor *t, int i) {
    size_t bytes = TF_TensorByteSize(t);
    double *buf = (double *)malloc(bytes ? bytes : 1);
    double v = NAN;
    TF_TensorCopyTo(t, buf, bytes, S);
    if (buf != NULL && TF_GetCode(S) == TF_OK && i >= 0 && (size_t)i < bytes / sizeof(double)) {
        v = buf[i];
    }
    free(buf);
    return v;
}

static inline int near(double a, double b) { return fabs(a - b) < 1e-12; }

#endif
