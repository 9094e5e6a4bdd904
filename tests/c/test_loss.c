/*
 * test_loss.c -- the losses from C: TF_MseLoss, TF_L1Loss, TF_SmoothL1Loss, TF_HuberLoss,
 * TF_BinaryCrossEntropy, TF_BinaryCrossEntropyWithLogits, TF_KlDiv, TF_NllLoss and
 * TF_CrossEntropyLoss, with checked values, a gradient and the error paths. Built and run by
 * tests/test_c.py under sanitizers; by hand:
 *
 *   cc -std=c99 -g -Wall -Wextra -Werror -fsanitize=address,undefined -Iinclude \
 *      tests/c/test_loss.c rust/target/release/libtenflowers.so \
 *      -Wl,-rpath,rust/target/release -o test_loss && ./test_loss
 *
 * The last line of output is "N passed, N failed"; the exit code is nonzero on any failure.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tenflowers.h"
#include "check.h"
#include "values.h"

static const double LN2 = 0.6931471805599453;

/* Checks a 0-d result against `want` and frees it. */
static void scalar_is(TF_Tensor *t, double want) {
    CHECK(t != NULL && TF_NumDims(t) == 0 && near(at(t, 0), want));
    TF_DeleteTensor(t);
}

int main(void) {
    S = TF_NewStatus();
    const double xv[3] = {1.0, 2.0, 3.0}, tv[3] = {0.0, 2.0, 5.0};
    TF_Tensor *x = vec(xv, 3), *t = vec(tv, 3);

    /* d = [1, 0, -2] */
    TF_Tensor *none = TF_MseLoss(x, t, TF_REDUCTION_NONE, S);
    CHECK(none != NULL && TF_NumDims(none) == 1 && near(at(none, 0), 1.0) && near(at(none, 2), 4.0));
    TF_DeleteTensor(none);
    scalar_is(TF_MseLoss(x, t, TF_REDUCTION_MEAN, S), 5.0 / 3.0);
    scalar_is(TF_L1Loss(x, t, TF_REDUCTION_SUM, S), 3.0);
    scalar_is(TF_SmoothL1Loss(x, t, TF_REDUCTION_SUM, 1.0, S), 2.0);
    scalar_is(TF_HuberLoss(x, t, TF_REDUCTION_SUM, 1.0, S), 2.0);
    scalar_is(TF_HuberLoss(x, t, TF_REDUCTION_SUM, 0.5, S), 0.375 + 0.875);

    /* Binary cross-entropy: x = [0.5, 0.5], t = [1, 0], weight [2, 1] -> 3 ln 2. */
    const double half[2] = {0.5, 0.5}, onezero[2] = {1.0, 0.0}, w2[2] = {2.0, 1.0}, pw[2] = {3.0, 1.0};
    TF_Tensor *p = vec(half, 2), *y = vec(onezero, 2), *w = vec(w2, 2), *pwt = vec(pw, 2);
    scalar_is(TF_BinaryCrossEntropy(p, y, w, TF_REDUCTION_SUM, S), 3 * LN2);
    scalar_is(TF_BinaryCrossEntropy(p, y, NULL, TF_REDUCTION_MEAN, S), LN2);
    /* Logits 0: softplus(0) = ln 2; pos_weight 3 on the positive -> 3 ln 2 + ln 2. */
    const double zeros[2] = {0.0, 0.0};
    TF_Tensor *z = vec(zeros, 2);
    scalar_is(TF_BinaryCrossEntropyWithLogits(z, y, NULL, pwt, TF_REDUCTION_SUM, S), 4 * LN2);
    scalar_is(TF_BinaryCrossEntropyWithLogits(z, y, w, NULL, TF_REDUCTION_SUM, S), 3 * LN2);

    /* kl_div: input [-1, 2], target [1, 0] -> [1, 0]; log_target with target [0, 0] -> [1, -2]. */
    const double kin[2] = {-1.0, 2.0};
    TF_Tensor *kx = vec(kin, 2);
    scalar_is(TF_KlDiv(kx, y, TF_REDUCTION_SUM, false, S), 1.0);
    scalar_is(TF_KlDiv(kx, y, TF_REDUCTION_BATCHMEAN, false, S), 0.5);
    scalar_is(TF_KlDiv(kx, z, TF_REDUCTION_SUM, true, S), -1.0);

    /* nll_loss and the weighted cross_entropy over two rows of three classes. */
    const double lv[6] = {1.0, 2.0, 3.0, 0.5, -1.0, 2.0}, cw[3] = {1.0, 2.0, 3.0};
    const int64_t iv[2] = {2, 0};
    TF_Tensor *logits = mat(lv, 2, 3), *idx = ivec(iv, 2), *cwt = vec(cw, 3);
    scalar_is(TF_NllLoss(logits, idx, cwt, TF_REDUCTION_MEAN, TF_IGNORE_INDEX_DEFAULT, S), -9.5 / 4.0);
    scalar_is(TF_NllLoss(logits, idx, NULL, TF_REDUCTION_SUM, 0, S), -3.0);
    const double lse0 = 3.40760596444438, lse1 = 2.241311296657157, p02 = 0.665240955774822;
    TF_SetRequiresGrad(logits, true, S);
    TF_Tensor *ce = TF_CrossEntropyLoss(logits, idx, cwt, TF_REDUCTION_MEAN, TF_IGNORE_INDEX_DEFAULT, 0.0, S);
    CHECK(ce != NULL && near(at(ce, 0), (3 * (lse0 - 3.0) + (lse1 - 0.5)) / 4.0));
    CHECK(ce != NULL && strcmp(TF_GradFnName(ce), "CrossEntropyLossBackward") == 0);
    TF_Backward(ce, NULL, false, false, S);
    CHECK(TF_GetCode(S) == TF_OK);
    TF_Tensor *g = TF_Grad(logits, S);
    CHECK(g != NULL && near(at(g, 2), (3 * p02 - 3.0) / 4.0));
    TF_DeleteTensor(g);
    TF_DeleteTensor(ce);
    /* Without a weight it is TF_CrossEntropy's kernel. */
    scalar_is(TF_CrossEntropyLoss(logits, idx, NULL, TF_REDUCTION_SUM, TF_IGNORE_INDEX_DEFAULT, 0.0, S),
              (lse0 - 3.0) + (lse1 - 0.5));

    /* Errors. */
    CHECK(TF_MseLoss(x, t, TF_REDUCTION_BATCHMEAN, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT);
    CHECK(TF_MseLoss(x, t, 9, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT);
    CHECK(TF_L1Loss(x, p, TF_REDUCTION_MEAN, S) == NULL && TF_GetCode(S) == TF_SHAPE_ERROR);
    CHECK(strstr(TF_Message(S), "[3]") != NULL && strstr(TF_Message(S), "[2]") != NULL);
    CHECK(TF_BinaryCrossEntropy(x, t, NULL, TF_REDUCTION_MEAN, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT);
    CHECK(TF_BinaryCrossEntropy(p, y, cwt, TF_REDUCTION_MEAN, S) == NULL && TF_GetCode(S) == TF_SHAPE_ERROR);
    CHECK(TF_CrossEntropyLoss(logits, idx, w, TF_REDUCTION_MEAN, TF_IGNORE_INDEX_DEFAULT, 0.0, S) == NULL);
    CHECK(TF_GetCode(S) == TF_SHAPE_ERROR);
    const int64_t bad[2] = {2, 5};
    TF_Tensor *bi = ivec(bad, 2);
    CHECK(TF_NllLoss(logits, bi, NULL, TF_REDUCTION_MEAN, TF_IGNORE_INDEX_DEFAULT, S) == NULL);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT && strstr(TF_Message(S), "target 5 at position 1") != NULL);
    CHECK(TF_NllLoss(idx, idx, NULL, TF_REDUCTION_MEAN, TF_IGNORE_INDEX_DEFAULT, S) == NULL);
    CHECK(TF_GetCode(S) == TF_DTYPE_ERROR);
    CHECK(TF_KlDiv(NULL, t, TF_REDUCTION_SUM, false, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT);

    TF_Tensor *all[] = {x, t, p, y, w, pwt, z, kx, logits, idx, cwt, bi};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) TF_DeleteTensor(all[i]);
    TF_DeleteStatus(S);
    return check_report();
}
