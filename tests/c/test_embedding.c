/*
 * test_embedding.c -- dropout, feature dropout, embedding and one_hot from C on values worked out
 * by hand: the masks and what they keep, the gradients through TF_Backward (the dropout mask, the
 * embedding scatter-add with padding_idx and scale_grad_by_freq), max_norm's in-place write, and
 * the error codes, with `mask_out` left untouched on error. Built and run by tests/test_c.py
 * under sanitizers. The last line of output is "N passed, N failed"; the exit code is nonzero on
 * any failure.
 */
#include <math.h>
#include <stdbool.h>
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

/* The n bools of a TF_BOOL tensor into `out` (false on any failure). */
static int bools(const TF_Tensor *t, bool *out, size_t n) {
    if (t == NULL || TF_TensorType(t) != TF_BOOL || TF_TensorByteSize(t) != n * sizeof(bool)) {
        return 0;
    }
    TF_TensorCopyTo(t, out, n * sizeof(bool), S);
    return TF_GetCode(S) == TF_OK;
}

/* The n int64 elements of `t` into `out`. */
static int ints(const TF_Tensor *t, int64_t *out, size_t n) {
    if (t == NULL || TF_TensorType(t) != TF_INT64 || TF_TensorByteSize(t) != n * sizeof(int64_t)) {
        return 0;
    }
    TF_TensorCopyTo(t, out, n * sizeof(int64_t), S);
    return TF_GetCode(S) == TF_OK;
}

static void test_dropout(void) {
    const double v[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    bool m[8], m2[8];
    TF_Tensor *x = vec(v, 8);
    TF_SetRequiresGrad(x, true, S);
    TF_Tensor *mask = NULL;
    TF_ManualSeed(7);
    TF_Tensor *y = TF_Dropout(x, 0.5, true, &mask, S);
    CHECK(y != NULL && mask != NULL && TF_NumDims(mask) == 1 && TF_Dim(mask, 0) == 8);
    CHECK(bools(mask, m, 8));
    /* Kept elements are doubled (1 / (1 - 0.5)), the others 0. */
    int ok = 1;
    for (int i = 0; i < 8; i++) {
        ok &= near(at(y, i), m[i] ? 2.0 * v[i] : 0.0);
    }
    CHECK(ok);
    /* The gradient goes through the same mask: d sum(y) / dx = mask * 2. */
    TF_Tensor *s = TF_Sum(y, NULL, 0, false, S);
    TF_Backward(s, NULL, false, false, S);
    CHECK(TF_GetCode(S) == TF_OK);
    TF_Tensor *g = TF_Grad(x, S);
    ok = g != NULL;
    for (int i = 0; ok && i < 8; i++) {
        ok &= near(at(g, i), m[i] ? 2.0 : 0.0);
    }
    CHECK(ok);
    TF_DeleteTensor(g); TF_DeleteTensor(s); TF_DeleteTensor(y);

    /* The same seed draws the same mask; mask_out may be NULL. */
    TF_Tensor *mask2 = NULL;
    TF_ManualSeed(7);
    y = TF_Dropout(x, 0.5, true, &mask2, S);
    CHECK(bools(mask2, m2, 8) && memcmp(m, m2, sizeof m) == 0);
    TF_DeleteTensor(y); TF_DeleteTensor(mask2);
    y = TF_Dropout(x, 0.5, true, NULL, S);
    CHECK(y != NULL);
    TF_DeleteTensor(y);

    /* p = 1: zeros (no NaN), an all-false mask. */
    TF_Tensor *mask1 = NULL;
    y = TF_Dropout(x, 1.0, true, &mask1, S);
    CHECK(y != NULL && near(at(y, 0), 0.0) && near(at(y, 7), 0.0) && bools(mask1, m2, 8));
    ok = 1;
    for (int i = 0; i < 8; i++) {
        ok &= !m2[i];
    }
    CHECK(ok);
    TF_DeleteTensor(y); TF_DeleteTensor(mask1);

    /* Not training, or p = 0: x itself and a NULL mask. */
    TF_Tensor *sentinel = x, *mo = sentinel;
    y = TF_Dropout(x, 0.5, false, &mo, S);
    CHECK(y != NULL && mo == NULL && near(at(y, 3), 4.0) && TF_TensorData(y) == TF_TensorData(x));
    TF_DeleteTensor(y);
    mo = sentinel;
    y = TF_Dropout(x, 0.0, true, &mo, S);
    CHECK(y != NULL && mo == NULL && near(at(y, 7), 8.0));
    TF_DeleteTensor(y);

    /* Errors leave *mask_out alone. */
    mo = sentinel;
    y = TF_Dropout(x, 1.5, true, &mo, S);
    CHECK(y == NULL && TF_GetCode(S) == TF_LAYER_CONFIG_ERROR && mo == sentinel);
    CHECK(strstr(TF_Message(S), "between 0 and 1") != NULL);
    y = TF_Dropout(x, NAN, false, &mo, S);
    CHECK(y == NULL && TF_GetCode(S) == TF_LAYER_CONFIG_ERROR && mo == sentinel);
    const int64_t iv[2] = {1, 2};
    TF_Tensor *xi = ivec(iv, 2);
    y = TF_Dropout(xi, 0.5, true, &mo, S);
    CHECK(y == NULL && TF_GetCode(S) == TF_DTYPE_ERROR && mo == sentinel);
    y = TF_Dropout(NULL, 0.5, true, &mo, S);
    CHECK(y == NULL && TF_GetCode(S) != TF_OK && mo == sentinel);
    TF_DeleteTensor(xi);
    TF_DeleteTensor(mask);
    TF_DeleteTensor(x);
}

static void test_feature_dropout(void) {
    double v[12];
    for (int i = 0; i < 12; i++) {
        v[i] = i + 1;
    }
    const int64_t d[3] = {2, 3, 2};
    TF_Tensor *x = shaped(v, 12, d, 3);
    TF_SetRequiresGrad(x, true, S);
    TF_Tensor *mask = NULL;
    TF_Tensor *y = TF_FeatureDropout(x, 0.75, true, &mask, S);
    bool m[6];
    /* One draw per (sample, channel): the mask is [2, 3, 1]. */
    CHECK(y != NULL && mask != NULL && TF_NumDims(mask) == 3 && TF_Dim(mask, 0) == 2 && TF_Dim(mask, 1) == 3 &&
          TF_Dim(mask, 2) == 1);
    CHECK(bools(mask, m, 6));
    int ok = 1;
    for (int i = 0; i < 12; i++) {
        ok &= near(at(y, i), m[i / 2] ? 4.0 * v[i] : 0.0);
    }
    CHECK(ok);
    TF_Tensor *s = TF_Sum(y, NULL, 0, false, S);
    TF_Backward(s, NULL, false, false, S);
    TF_Tensor *g = TF_Grad(x, S);
    ok = g != NULL;
    for (int i = 0; ok && i < 12; i++) {
        ok &= near(at(g, i), m[i / 2] ? 4.0 : 0.0);
    }
    CHECK(ok);
    TF_DeleteTensor(g); TF_DeleteTensor(s); TF_DeleteTensor(y); TF_DeleteTensor(mask);

    /* Fewer than 2 dims is a shape error; *mask_out untouched. */
    TF_Tensor *flat = vec(v, 12), *mo = flat;
    y = TF_FeatureDropout(flat, 0.5, true, &mo, S);
    CHECK(y == NULL && TF_GetCode(S) == TF_SHAPE_ERROR && mo == flat);
    y = TF_FeatureDropout(x, -0.5, true, &mo, S);
    CHECK(y == NULL && TF_GetCode(S) == TF_LAYER_CONFIG_ERROR && mo == flat);
    mo = flat;
    y = TF_FeatureDropout(x, 0.5, false, &mo, S);
    CHECK(y != NULL && mo == NULL && near(at(y, 11), 12.0));
    TF_DeleteTensor(y); TF_DeleteTensor(flat); TF_DeleteTensor(x);
}

static void test_embedding(void) {
    const double wv[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    const double gv[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    const int64_t iv[4] = {3, 0, 3, 1};
    TF_Tensor *w = mat(wv, 4, 2), *idx = ivec(iv, 4), *g = mat(gv, 4, 2);
    TF_SetRequiresGrad(w, true, S);

    TF_Tensor *e = TF_Embedding(idx, w, TF_EMBEDDING_NO_PADDING, 0.0, 2.0, false, S);
    CHECK(e != NULL && TF_NumDims(e) == 2 && TF_Dim(e, 0) == 4 && TF_Dim(e, 1) == 2);
    const double want[8] = {6, 7, 0, 1, 6, 7, 2, 3};
    int ok = e != NULL;
    for (int i = 0; ok && i < 8; i++) {
        ok &= near(at(e, i), want[i]);
    }
    CHECK(ok);
    /* The weight gradient adds the gradient rows at their indices: row 3 is read twice. */
    TF_Backward(e, g, false, false, S);
    TF_Tensor *gw = TF_Grad(w, S);
    const double dw[8] = {2, 3, 6, 7, 0, 0, 0 + 4, 1 + 5};
    ok = gw != NULL;
    for (int i = 0; ok && i < 8; i++) {
        ok &= near(at(gw, i), dw[i]);
    }
    CHECK(ok);
    TF_DeleteTensor(gw); TF_DeleteTensor(e);

    /* padding_idx -1 (row 3) gets no gradient; scale_grad_by_freq halves row 3's otherwise. */
    TF_Tensor *w2 = mat(wv, 4, 2);
    TF_SetRequiresGrad(w2, true, S);
    e = TF_Embedding(idx, w2, -1, 0.0, 2.0, true, S);
    CHECK(e != NULL && near(at(e, 0), 6.0));
    TF_Backward(e, g, false, false, S);
    gw = TF_Grad(w2, S);
    CHECK(gw != NULL && near(at(gw, 0), 2.0) && near(at(gw, 3), 7.0) && near(at(gw, 6), 0.0) && near(at(gw, 7), 0.0));
    TF_DeleteTensor(gw); TF_DeleteTensor(e); TF_DeleteTensor(w2);
    TF_Tensor *w3 = mat(wv, 4, 2);
    TF_SetRequiresGrad(w3, true, S);
    e = TF_Embedding(idx, w3, TF_EMBEDDING_NO_PADDING, 0.0, 2.0, true, S);
    TF_Backward(e, g, false, false, S);
    gw = TF_Grad(w3, S);
    CHECK(gw != NULL && near(at(gw, 6), 2.0) && near(at(gw, 7), 3.0) && near(at(gw, 2), 6.0));
    TF_DeleteTensor(gw); TF_DeleteTensor(e); TF_DeleteTensor(w3);

    /* max_norm 5: row 3 ([6, 7], norm sqrt(85)) is scaled in place by 5 / (sqrt(85) + 1e-7);
     * row 0 (norm 1) is read but kept; rows 1 and 2 are not read. */
    TF_Tensor *w4 = mat(wv, 4, 2);
    const int64_t rv[3] = {3, 3, 0};
    TF_Tensor *ridx = ivec(rv, 3);
    e = TF_Embedding(ridx, w4, TF_EMBEDDING_NO_PADDING, 5.0, 2.0, false, S);
    const double k = 5.0 / (sqrt(85.0) + 1e-7);
    CHECK(e != NULL && near(at(w4, 6), 6.0 * k) && near(at(w4, 7), 7.0 * k) && near(at(e, 0), 6.0 * k));
    ok = 1;
    for (int i = 0; i < 6; i++) {
        ok &= near(at(w4, i), wv[i]);
    }
    CHECK(ok);
    TF_DeleteTensor(e);
    /* norm_type INFINITY: row 3's largest magnitude 7.0 * k < 5 now, so nothing changes. */
    e = TF_Embedding(ridx, w4, TF_EMBEDDING_NO_PADDING, 5.0, INFINITY, false, S);
    CHECK(e != NULL && near(at(w4, 7), 7.0 * k));
    TF_DeleteTensor(e);

    /* Errors. */
    const int64_t bad[2] = {0, 4};
    TF_Tensor *bidx = ivec(bad, 2);
    e = TF_Embedding(bidx, w4, TF_EMBEDDING_NO_PADDING, 0.0, 2.0, false, S);
    CHECK(e == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT && strstr(TF_Message(S), "index 4") != NULL);
    /* An out-of-range index writes nothing even with max_norm. */
    e = TF_Embedding(bidx, w4, TF_EMBEDDING_NO_PADDING, 0.1, 2.0, false, S);
    CHECK(e == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT && near(at(w4, 0), 0.0) && near(at(w4, 1), 1.0));
    e = TF_Embedding(idx, w4, 4, 0.0, 2.0, false, S);
    CHECK(e == NULL && TF_GetCode(S) == TF_LAYER_CONFIG_ERROR && strstr(TF_Message(S), "padding_idx") != NULL);
    e = TF_Embedding(idx, w4, -5, 0.0, 2.0, false, S);
    CHECK(e == NULL && TF_GetCode(S) == TF_LAYER_CONFIG_ERROR);
    e = TF_Embedding(idx, w4, TF_EMBEDDING_NO_PADDING, 1.0, 0.0, false, S);
    CHECK(e == NULL && TF_GetCode(S) == TF_LAYER_CONFIG_ERROR && strstr(TF_Message(S), "norm_type") != NULL);
    e = TF_Embedding(g, w4, TF_EMBEDDING_NO_PADDING, 0.0, 2.0, false, S);
    CHECK(e == NULL && TF_GetCode(S) == TF_DTYPE_ERROR);
    TF_Tensor *w1d = vec(wv, 8);
    e = TF_Embedding(idx, w1d, TF_EMBEDDING_NO_PADDING, 0.0, 2.0, false, S);
    CHECK(e == NULL && TF_GetCode(S) == TF_SHAPE_ERROR);
    e = TF_Embedding(idx, NULL, TF_EMBEDDING_NO_PADDING, 0.0, 2.0, false, S);
    CHECK(e == NULL && TF_GetCode(S) != TF_OK);
    TF_DeleteTensor(w1d); TF_DeleteTensor(bidx); TF_DeleteTensor(ridx); TF_DeleteTensor(w4);
    TF_DeleteTensor(g); TF_DeleteTensor(idx); TF_DeleteTensor(w);
}

static void test_one_hot(void) {
    const int64_t iv[3] = {0, 2, 1};
    int64_t out[12];
    TF_Tensor *idx = ivec(iv, 3);
    TF_Tensor *o = TF_OneHot(idx, -1, S);
    const int64_t want[9] = {1, 0, 0, 0, 0, 1, 0, 1, 0};
    CHECK(o != NULL && TF_NumDims(o) == 2 && TF_Dim(o, 0) == 3 && TF_Dim(o, 1) == 3);
    CHECK(ints(o, out, 9) && memcmp(out, want, sizeof want) == 0);
    TF_DeleteTensor(o);
    o = TF_OneHot(idx, 4, S);
    CHECK(o != NULL && TF_Dim(o, 1) == 4 && ints(o, out, 12) && out[0] == 1 && out[6] == 1 && out[9] == 1 &&
          out[2] == 0 && out[11] == 0);
    TF_DeleteTensor(o);

    o = TF_OneHot(idx, 2, S);
    CHECK(o == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT && strstr(TF_Message(S), "class value 2") != NULL);
    o = TF_OneHot(idx, -2, S);
    CHECK(o == NULL && TF_GetCode(S) == TF_LAYER_CONFIG_ERROR);
    const int64_t neg[2] = {1, -3};
    TF_Tensor *nidx = ivec(neg, 2);
    o = TF_OneHot(nidx, 5, S);
    CHECK(o == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT && strstr(TF_Message(S), "-3") != NULL);
    const double f[2] = {0.0, 1.0};
    TF_Tensor *fidx = vec(f, 2);
    o = TF_OneHot(fidx, 2, S);
    CHECK(o == NULL && TF_GetCode(S) == TF_DTYPE_ERROR);
    TF_DeleteTensor(fidx); TF_DeleteTensor(nidx); TF_DeleteTensor(idx);
}

int main(void) {
    S = TF_NewStatus();
    test_dropout();
    test_feature_dropout();
    test_embedding();
    test_one_hot();
    TF_DeleteStatus(S);
    return check_report();
}
