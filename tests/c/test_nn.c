/*
 * test_nn.c -- the layer functions from C: convolutions and normalizations on values worked out
 * by hand. Built and run by tests/test_c.py under sanitizers. The last line of output is
 * "N passed, N failed"; the exit code is nonzero on any failure.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tenflowers.h"
#include "check.h"
#include "values.h"

static TF_Tensor *shaped(const double *v, int64_t n, const int64_t *dims, int nd) {
    TF_Tensor *flat = vec(v, n);
    TF_Tensor *t = TF_Reshape(flat, dims, nd, S);
    TF_DeleteTensor(flat);
    return t;
}

int main(void) {
    S = TF_NewStatus();
    const double v[4] = {1.0, 2.0, 3.0, 4.0};
    const double ones[4] = {1.0, 1.0, 1.0, 1.0};
    const int64_t d4[4] = {1, 1, 2, 2}, d3[3] = {1, 1, 4}, k3[3] = {1, 1, 2}, d11[4] = {1, 1, 1, 1};
    const int64_t one2[2] = {1, 1}, zero2[2] = {0, 0}, row[2] = {1, 4}, col[2] = {4, 1}, n4[1] = {4};

    TF_Tensor *x = shaped(v, 4, d4, 4), *w = shaped(ones, 4, d4, 4);
    TF_Tensor *y = TF_Conv2d(x, w, NULL, one2, zero2, one2, 1, TF_PADDING_EXPLICIT, S);
    CHECK(y != NULL && TF_NumDims(y) == 4 && near(at(y, 0), 10.0));
    TF_DeleteTensor(y);
    const double two[1] = {2.0};
    TF_Tensor *s = shaped(two, 1, d11, 4);
    TF_Tensor *t = TF_ConvTranspose2d(s, x, NULL, one2, zero2, zero2, one2, 1, S);
    CHECK(t != NULL && near(at(t, 0), 2.0) && near(at(t, 3), 8.0));
    TF_DeleteTensor(t);
    TF_Tensor *x1 = shaped(v, 4, d3, 3), *w1 = shaped(ones, 2, k3, 3);
    TF_Tensor *y1 = TF_Conv1d(x1, w1, NULL, 1, 0, 1, 1, TF_PADDING_VALID, S);
    CHECK(y1 != NULL && near(at(y1, 0), 3.0) && near(at(y1, 2), 7.0));
    TF_Tensor *bad = TF_Conv1d(x1, w1, NULL, 0, 0, 1, 1, TF_PADDING_EXPLICIT, S);
    CHECK(bad == NULL && TF_GetCode(S) == TF_LAYER_CONFIG_ERROR);
    TF_DeleteTensor(y1);

    /* mean 2.5, biased variance 1.25: the first element normalizes to -1.5 / sqrt(1.25). */
    const double first = -1.3416407864998738;
    TF_Tensor *r = shaped(v, 4, row, 2), *c = shaped(v, 4, col, 2);
    TF_Tensor *ln = TF_LayerNorm(r, n4, 1, NULL, NULL, 0.0, S);
    CHECK(ln != NULL && near(at(ln, 0), first));
    TF_Tensor *rms = TF_RmsNorm(r, n4, 1, NULL, 0.0, S);
    CHECK(rms != NULL && near(at(rms, 3), 4.0 / 2.7386127875258306));
    TF_Tensor *bn = TF_BatchNorm(c, NULL, NULL, NULL, NULL, 1, 0.1, 0.0, S);
    CHECK(bn != NULL && near(at(bn, 0), first));
    TF_Tensor *gn = TF_GroupNorm(r, 1, NULL, NULL, 0.0, S);
    CHECK(gn != NULL && near(at(gn, 0), first));
    TF_Tensor *gbad = TF_GroupNorm(r, 3, NULL, NULL, 0.0, S);
    CHECK(gbad == NULL && TF_GetCode(S) == TF_LAYER_CONFIG_ERROR);
    TF_DeleteTensor(ln); TF_DeleteTensor(rms); TF_DeleteTensor(bn); TF_DeleteTensor(gn);
    TF_DeleteTensor(r); TF_DeleteTensor(c); TF_DeleteTensor(x1); TF_DeleteTensor(w1);
    TF_DeleteTensor(s); TF_DeleteTensor(x); TF_DeleteTensor(w);
    TF_DeleteStatus(S);
    return check_report();
}
