/*
 * test_pool.c -- the poolings from C: TF_MaxPool2d, TF_AvgPool2d, TF_AdaptiveAvgPool2d and
 * TF_AdaptiveMaxPool2d on a 1x1x4x4 input worked out by hand, a gradient through TF_Backward,
 * and the error paths (the code, the message naming the function, indices_out left untouched).
 * Built and run by tests/test_c.py under sanitizers. The last line of output is
 * "N passed, N failed"; the exit code is nonzero on any failure.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tenflowers.h"
#include "check.h"
#include "values.h"

/* Element i of an int64 tensor (-999 when i is out of range or the copy fails). */
static int64_t iat(const TF_Tensor *t, int i) {
    int64_t buf[16];
    size_t bytes = TF_TensorByteSize(t);
    if (TF_TensorType(t) != TF_INT64 || bytes > sizeof(buf) || i < 0 || (size_t)i >= bytes / sizeof(int64_t)) {
        return -999;
    }
    TF_TensorCopyTo(t, buf, bytes, S);
    return TF_GetCode(S) == TF_OK ? buf[i] : -999;
}

static int dims_are(const TF_Tensor *t, int64_t n, int64_t c, int64_t h, int64_t w) {
    return t != NULL && TF_NumDims(t) == 4 && TF_Dim(t, 0) == n && TF_Dim(t, 1) == c && TF_Dim(t, 2) == h &&
           TF_Dim(t, 3) == w;
}

static int message_has(const char *s) { return strstr(TF_Message(S), s) != NULL; }

int main(void) {
    S = TF_NewStatus();
    /*  3    1    4    1.5
     *  5    9    2    6
     *  5.5  3.5  8    7
     *  9.5  0    2.5  4.5   (sum 72) */
    const double v[16] = {3, 1, 4, 1.5, 5, 9, 2, 6, 5.5, 3.5, 8, 7, 9.5, 0, 2.5, 4.5};
    const int64_t d4[4] = {1, 1, 4, 4};
    const int64_t two[2] = {2, 2}, three[2] = {3, 3}, one[2] = {1, 1}, zero[2] = {0, 0};
    TF_Tensor *flat = vec(v, 16);
    TF_Tensor *x = TF_Reshape(flat, d4, 4, S);
    TF_DeleteTensor(flat);
    CHECK(x != NULL);

    /* Max pooling 2x2, stride 2: the maxima 9, 6, 9.5, 8 at flat indices 5, 7, 12, 10. */
    TF_Tensor *idx = NULL;
    TF_Tensor *m = TF_MaxPool2d(x, two, two, zero, one, false, &idx, S);
    CHECK(TF_GetCode(S) == TF_OK && dims_are(m, 1, 1, 2, 2) && dims_are(idx, 1, 1, 2, 2));
    CHECK(near(at(m, 0), 9.0) && near(at(m, 1), 6.0) && near(at(m, 2), 9.5) && near(at(m, 3), 8.0));
    CHECK(iat(idx, 0) == 5 && iat(idx, 1) == 7 && iat(idx, 2) == 12 && iat(idx, 3) == 10);
    TF_DeleteTensor(m);
    TF_DeleteTensor(idx);
    /* indices_out NULL: values only. Kernel 3, stride 2, padding 1: rows (and cols) 0..1, 1..3,
     * and with ceil_mode a third window over row 3 (it starts at 3, inside the input). */
    m = TF_MaxPool2d(x, three, two, one, one, false, NULL, S);
    CHECK(dims_are(m, 1, 1, 2, 2) && near(at(m, 0), 9.0) && near(at(m, 3), 9.0) && near(at(m, 2), 9.5));
    TF_DeleteTensor(m);
    m = TF_MaxPool2d(x, three, two, one, one, true, NULL, S);
    CHECK(dims_are(m, 1, 1, 3, 3) && near(at(m, 0), 9.0) && near(at(m, 4), 9.0) && near(at(m, 6), 9.5) &&
          near(at(m, 8), 4.5) && near(at(m, 2), 6.0));
    TF_DeleteTensor(m);

    /* Average pooling 2x2: (3+1+5+9)/4, (4+1.5+2+6)/4, (5.5+3.5+9.5+0)/4, (8+7+2.5+4.5)/4. */
    TF_Tensor *a = TF_AvgPool2d(x, two, two, zero, false, true, 0, S);
    CHECK(dims_are(a, 1, 1, 2, 2) && near(at(a, 0), 4.5) && near(at(a, 1), 3.375) && near(at(a, 2), 4.625) &&
          near(at(a, 3), 5.5));
    TF_DeleteTensor(a);
    /* Kernel 3, stride 2, padding 1: the top-left window holds 3+1+5+9 = 18 in 4 input cells of 9. */
    a = TF_AvgPool2d(x, three, two, one, false, true, 0, S);
    CHECK(dims_are(a, 1, 1, 2, 2) && near(at(a, 0), 2.0));
    TF_DeleteTensor(a);
    a = TF_AvgPool2d(x, three, two, one, false, false, 0, S);
    CHECK(a != NULL && near(at(a, 0), 4.5));
    TF_DeleteTensor(a);
    a = TF_AvgPool2d(x, three, two, one, false, true, 3, S);
    CHECK(a != NULL && near(at(a, 0), 6.0));
    TF_DeleteTensor(a);

    /* Adaptive 4 -> 3 windows: rows/cols 0..2, 1..3, 2..4. */
    const int64_t o1[2] = {1, 1}, o3[2] = {3, 3};
    TF_Tensor *g1 = TF_AdaptiveAvgPool2d(x, o1, S);
    CHECK(dims_are(g1, 1, 1, 1, 1) && near(at(g1, 0), 4.5));
    TF_DeleteTensor(g1);
    TF_Tensor *g3 = TF_AdaptiveAvgPool2d(x, o3, S);
    CHECK(dims_are(g3, 1, 1, 3, 3) && near(at(g3, 0), 4.5) && near(at(g3, 4), (9 + 2 + 3.5 + 8) / 4.0));
    TF_DeleteTensor(g3);
    idx = NULL;
    TF_Tensor *am = TF_AdaptiveMaxPool2d(x, o3, &idx, S);
    CHECK(dims_are(am, 1, 1, 3, 3) && dims_are(idx, 1, 1, 3, 3));
    CHECK(near(at(am, 0), 9.0) && near(at(am, 4), 9.0) && near(at(am, 6), 9.5) && near(at(am, 8), 8.0));
    CHECK(iat(idx, 0) == 5 && iat(idx, 4) == 5 && iat(idx, 6) == 12 && iat(idx, 8) == 10 && iat(idx, 2) == 7);
    TF_DeleteTensor(am);
    TF_DeleteTensor(idx);
    am = TF_AdaptiveMaxPool2d(x, o1, NULL, S);
    CHECK(dims_are(am, 1, 1, 1, 1) && near(at(am, 0), 9.5));
    TF_DeleteTensor(am);

    /* Gradient of sum(max_pool2d(x, 2, stride 1)): the nine overlapping windows pick indices
     * 5 5 7 / 5 5 10 / 12 10 10, so dx is 4 at 5, 1 at 7, 3 at 10, 1 at 12, 0 elsewhere. */
    TF_SetRequiresGrad(x, true, S);
    CHECK(TF_GetCode(S) == TF_OK);
    m = TF_MaxPool2d(x, two, one, zero, one, false, NULL, S);
    CHECK(dims_are(m, 1, 1, 3, 3) && TF_RequiresGrad(m));
    CHECK(m != NULL && strcmp(TF_GradFnName(m), "MaxPool2DWithIndicesBackward") == 0);
    TF_Tensor *s = TF_Sum(m, NULL, 0, false, S);
    TF_Backward(s, NULL, false, false, S);
    CHECK(TF_GetCode(S) == TF_OK);
    TF_Tensor *gx = TF_Grad(x, S);
    CHECK(gx != NULL && near(at(gx, 5), 4.0) && near(at(gx, 7), 1.0) && near(at(gx, 10), 3.0) &&
          near(at(gx, 12), 1.0) && near(at(gx, 0), 0.0) && near(at(gx, 15), 0.0));
    TF_DeleteTensor(gx);
    TF_DeleteTensor(s);
    TF_DeleteTensor(m);
    /* Average pooling 3x3, stride 1, padding 1, count_include_pad: each input gets 1/9 per
     * window covering it: 4 windows at a corner, 9 in the middle. */
    TF_ZeroGrad(x);
    a = TF_AvgPool2d(x, three, one, one, false, true, 0, S);
    s = TF_Sum(a, NULL, 0, false, S);
    TF_Backward(s, NULL, false, false, S);
    gx = TF_Grad(x, S);
    CHECK(gx != NULL && near(at(gx, 0), 4.0 / 9.0) && near(at(gx, 5), 1.0) && near(at(gx, 1), 6.0 / 9.0));
    TF_DeleteTensor(gx);
    TF_DeleteTensor(s);
    TF_DeleteTensor(a);
    TF_SetRequiresGrad(x, false, S);

    /* Errors: NULL, and the out-param is left as it was. */
    TF_Tensor *const untouched = x;
    idx = untouched;
    CHECK(TF_MaxPool2d(NULL, two, two, zero, one, false, &idx, S) == NULL);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT && message_has("TF_MaxPool2d") && idx == untouched);
    CHECK(TF_MaxPool2d(x, NULL, two, zero, one, false, &idx, S) == NULL);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT && message_has("kernel") && idx == untouched);
    const int64_t k0[2] = {0, 2}, k6[2] = {6, 2}, p2[2] = {2, 2};
    CHECK(TF_MaxPool2d(x, k0, two, zero, one, false, &idx, S) == NULL);
    CHECK(TF_GetCode(S) == TF_LAYER_CONFIG_ERROR && message_has("max_pool2d: kernel_size") && idx == untouched);
    CHECK(TF_MaxPool2d(x, k6, two, zero, one, false, &idx, S) == NULL);
    CHECK(TF_GetCode(S) == TF_LAYER_CONFIG_ERROR && message_has("output size") && idx == untouched);
    CHECK(TF_MaxPool2d(x, three, one, p2, one, false, &idx, S) == NULL);
    CHECK(TF_GetCode(S) == TF_LAYER_CONFIG_ERROR && message_has("at most half") && idx == untouched);
    CHECK(TF_AdaptiveMaxPool2d(NULL, o3, &idx, S) == NULL);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT && message_has("TF_AdaptiveMaxPool2d") && idx == untouched);
    const int64_t o0[2] = {0, 1};
    CHECK(TF_AdaptiveMaxPool2d(x, o0, &idx, S) == NULL);
    CHECK(TF_GetCode(S) == TF_LAYER_CONFIG_ERROR && message_has("adaptive_max_pool2d: output_size") &&
          idx == untouched);
    CHECK(TF_AdaptiveAvgPool2d(x, o0, S) == NULL && TF_GetCode(S) == TF_LAYER_CONFIG_ERROR);
    CHECK(TF_AdaptiveAvgPool2d(NULL, o1, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT);
    CHECK(TF_AvgPool2d(x, two, two, zero, false, true, -1, S) == NULL);
    CHECK(TF_GetCode(S) == TF_LAYER_CONFIG_ERROR && message_has("divisor_override"));
    CHECK(TF_AvgPool2d(NULL, two, two, zero, false, true, 0, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT);
    /* A wrong rank is a shape error, as for the convolutions; a non-float input a dtype error. */
    const int64_t d2[2] = {4, 4};
    TF_Tensor *x2 = TF_Reshape(x, d2, 2, S);
    CHECK(TF_MaxPool2d(x2, two, two, zero, one, false, &idx, S) == NULL);
    CHECK(TF_GetCode(S) == TF_SHAPE_ERROR && message_has("max_pool2d: expected a 3-d") && idx == untouched);
    CHECK(TF_AvgPool2d(x2, two, two, zero, false, true, 0, S) == NULL && TF_GetCode(S) == TF_SHAPE_ERROR);
    TF_DeleteTensor(x2);
    TF_Tensor *xi = TF_Cast(x, TF_INT64, S);
    CHECK(TF_AdaptiveMaxPool2d(xi, o1, &idx, S) == NULL);
    CHECK(TF_GetCode(S) == TF_DTYPE_ERROR && idx == untouched);
    TF_DeleteTensor(xi);
    /* The status is cleared by the next success. */
    a = TF_AdaptiveAvgPool2d(x, o1, S);
    CHECK(a != NULL && TF_GetCode(S) == TF_OK);
    TF_DeleteTensor(a);

    TF_DeleteTensor(x);
    TF_DeleteStatus(S);
    return check_report();
}
