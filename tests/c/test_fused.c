/*
 * test_fused.c -- the fused training ops from C: TF_CrossEntropy, TF_Linear, TF_AddScaledInPlace and
 * TF_SgdStep, with checked values, their gradients, and their error paths. Built and run by
 * tests/test_c.py under sanitizers; by hand:
 *
 *   cc -std=c99 -g -Wall -Wextra -Werror -fsanitize=address,undefined -Iinclude \
 *      tests/c/test_fused.c rust/target/release/libtenflowers.so \
 *      -Wl,-rpath,rust/target/release -o test_fused && ./test_fused
 *
 * The last line of output is "N passed, N failed"; the exit code is nonzero on any failure.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tenflowers.h"
#include "check.h"
#include "values.h"

int main(void) {
    S = TF_NewStatus();

    /* Cross-entropy of two rows of three classes. */
    const double lv[6] = {1.0, 2.0, 3.0, 0.5, -1.0, 2.0};
    const int64_t tv[2] = {2, 0};
    TF_Tensor *logits = mat(lv, 2, 3);
    TF_Tensor *target = ivec(tv, 2);
    /* logsumexp of each row and the softmax entries used below (no libm in the test program). */
    const double lse0 = 3.40760596444438, lse1 = 2.241311296657157;
    const double p00 = 0.09003057317038048, p02 = 0.665240955774822, p10 = 0.1752903921400367;
    double l0 = lse0 - 3.0, l1 = lse1 - 0.5;

    TF_Tensor *none = TF_CrossEntropy(logits, target, TF_REDUCTION_NONE, TF_IGNORE_INDEX_DEFAULT, 0.0, S);
    CHECK(none != NULL && TF_NumDims(none) == 1 && near(at(none, 0), l0) && near(at(none, 1), l1));
    TF_Tensor *sum = TF_CrossEntropy(logits, target, TF_REDUCTION_SUM, TF_IGNORE_INDEX_DEFAULT, 0.0, S);
    CHECK(sum != NULL && TF_NumDims(sum) == 0 && near(at(sum, 0), l0 + l1));
    /* ignore_index: row 1 (target 0) drops out of the mean. */
    TF_Tensor *ign = TF_CrossEntropy(logits, target, TF_REDUCTION_MEAN, 0, 0.0, S);
    CHECK(ign != NULL && near(at(ign, 0), l0));
    TF_DeleteTensor(none);
    TF_DeleteTensor(sum);
    TF_DeleteTensor(ign);

    /* Gradient of the mean: (softmax - onehot) / N. */
    TF_SetRequiresGrad(logits, true, S);
    TF_Tensor *mean = TF_CrossEntropy(logits, target, TF_REDUCTION_MEAN, TF_IGNORE_INDEX_DEFAULT, 0.0, S);
    CHECK(mean != NULL && near(at(mean, 0), (l0 + l1) / 2));
    CHECK(strcmp(TF_GradFnName(mean), "CrossEntropyBackward") == 0);
    TF_Backward(mean, NULL, false, false, S);
    CHECK(TF_GetCode(S) == TF_OK);
    TF_Tensor *g = TF_Grad(logits, S);
    CHECK(g != NULL);
    if (g) {
        CHECK(near(at(g, 2), (p02 - 1.0) / 2));
        CHECK(near(at(g, 0), p00 / 2));
        CHECK(near(at(g, 3), (p10 - 1.0) / 2));
    }
    TF_DeleteTensor(g);
    TF_DeleteTensor(mean);

    /* Errors: out-of-range target names the value and the bound; bad reduction; bad smoothing. */
    const int64_t bad_t[2] = {2, 3};
    TF_Tensor *bad = ivec(bad_t, 2);
    CHECK(TF_CrossEntropy(logits, bad, TF_REDUCTION_MEAN, TF_IGNORE_INDEX_DEFAULT, 0.0, S) == NULL);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT);
    CHECK(strstr(TF_Message(S), "target 3 at position 1") != NULL && strstr(TF_Message(S), "3 classes") != NULL);
    CHECK(TF_CrossEntropy(logits, target, 7, TF_IGNORE_INDEX_DEFAULT, 0.0, S) == NULL);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT);
    CHECK(TF_CrossEntropy(logits, target, TF_REDUCTION_MEAN, TF_IGNORE_INDEX_DEFAULT, 1.5, S) == NULL);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT);
    CHECK(TF_CrossEntropy(logits, logits, TF_REDUCTION_MEAN, TF_IGNORE_INDEX_DEFAULT, 0.0, S) == NULL);
    CHECK(TF_GetCode(S) == TF_DTYPE_ERROR);
    CHECK(TF_CrossEntropy(NULL, target, TF_REDUCTION_MEAN, TF_IGNORE_INDEX_DEFAULT, 0.0, S) == NULL);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT);
    TF_DeleteTensor(bad);

    /* Linear: x [2,2] @ W^T with W [2,2] = [[1,0],[0,-1]], b = [0.5, 0.5], relu. */
    const double xv[4] = {1.0, 2.0, 3.0, 4.0};
    const double wv[4] = {1.0, 0.0, 0.0, -1.0};
    const double bv[2] = {0.5, 0.5};
    TF_Tensor *x = mat(xv, 2, 2);
    TF_Tensor *w = mat(wv, 2, 2);
    TF_Tensor *b = vec(bv, 2);
    TF_Tensor *y = TF_Linear(x, w, b, TF_ACTIVATION_RELU, S);
    CHECK(y != NULL && near(at(y, 0), 1.5) && near(at(y, 1), 0.0) && near(at(y, 2), 3.5) && near(at(y, 3), 0.0));
    TF_DeleteTensor(y);
    y = TF_Linear(x, w, NULL, TF_ACTIVATION_NONE, S);
    CHECK(y != NULL && near(at(y, 1), -2.0) && near(at(y, 3), -4.0));
    TF_DeleteTensor(y);

    /* Gradients: loss = sum(relu(x W^T + b)); only output column 0 is positive. */
    TF_SetRequiresGrad(w, true, S);
    TF_SetRequiresGrad(b, true, S);
    y = TF_Linear(x, w, b, TF_ACTIVATION_RELU, S);
    CHECK(strcmp(TF_GradFnName(y), "LinearBackward") == 0);
    TF_Tensor *s = TF_Sum(y, NULL, 0, false, S);
    TF_Backward(s, NULL, false, false, S);
    CHECK(TF_GetCode(S) == TF_OK);
    TF_Tensor *gw = TF_Grad(w, S);
    TF_Tensor *gb = TF_Grad(b, S);
    /* dW = g'^T x with g' = [[1,0],[1,0]]: [[4,6],[0,0]]; db = [2, 0]. */
    CHECK(gw != NULL && near(at(gw, 0), 4.0) && near(at(gw, 1), 6.0) && near(at(gw, 2), 0.0));
    CHECK(gb != NULL && near(at(gb, 0), 2.0) && near(at(gb, 1), 0.0));
    TF_DeleteTensor(gb);
    TF_DeleteTensor(s);
    TF_DeleteTensor(y);

    /* Linear errors. */
    CHECK(TF_Linear(x, b, NULL, TF_ACTIVATION_NONE, S) == NULL && TF_GetCode(S) == TF_SHAPE_ERROR);
    CHECK(TF_Linear(x, w, x, TF_ACTIVATION_NONE, S) == NULL && TF_GetCode(S) == TF_SHAPE_ERROR);
    CHECK(TF_Linear(x, w, NULL, 9, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT);
    CHECK(TF_Linear(target, target, NULL, TF_ACTIVATION_NONE, S) == NULL && TF_GetCode(S) == TF_SHAPE_ERROR);

    /* AddScaled_: refused on a leaf requiring grad in grad mode, allowed with grad mode off. */
    TF_AddScaledInPlace(w, gw, -0.5, S);
    CHECK(TF_GetCode(S) == TF_GRADIENT_ERROR);
    CHECK(near(at(w, 0), 1.0));
    bool was = TF_IsGradEnabled();
    TF_SetGradEnabled(false);
    TF_AddScaledInPlace(w, gw, -0.5, S);
    CHECK(TF_GetCode(S) == TF_OK);
    CHECK(near(at(w, 0), -1.0) && near(at(w, 1), -3.0) && near(at(w, 3), -1.0));
    /* Broadcast update and shape error. */
    TF_AddScaledInPlace(w, b, 1.0, S);
    CHECK(TF_GetCode(S) == TF_OK && near(at(w, 0), -0.5) && near(at(w, 1), -2.5));
    TF_AddScaledInPlace(w, target, 1.0, S);
    CHECK(TF_GetCode(S) == TF_OK && near(at(w, 0), 1.5) && near(at(w, 1), -2.5));
    const double three[3] = {1.0, 2.0, 3.0};
    TF_Tensor *v3 = vec(three, 3);
    TF_AddScaledInPlace(w, v3, 1.0, S);
    CHECK(TF_GetCode(S) == TF_SHAPE_ERROR && near(at(w, 0), 1.5));
    TF_AddScaledInPlace(target, v3, 1.0, S);
    CHECK(TF_GetCode(S) == TF_DTYPE_ERROR);
    TF_AddScaledInPlace(NULL, v3, 1.0, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT);
    TF_SetGradEnabled(was);
    TF_DeleteTensor(v3);
    TF_DeleteTensor(gw);

    /* SgdStep_: w -= lr * grad for parameters that have one, then clear the grads. */
    TF_ZeroGrad(w);
    TF_ZeroGrad(b);
    y = TF_Linear(x, w, b, TF_ACTIVATION_NONE, S);
    s = TF_Sum(y, NULL, 0, false, S);
    TF_Backward(s, NULL, false, false, S);
    double w0 = at(w, 0), b1 = at(b, 1);
    TF_Tensor *gw2 = TF_Grad(w, S);
    double gw0 = at(gw2, 0);
    TF_DeleteTensor(gw2);
    const TF_Tensor *params[3] = {w, b, x};
    TF_SgdStep(params, 3, 0.1, true, S);
    CHECK(TF_GetCode(S) == TF_OK);
    CHECK(near(at(w, 0), w0 - 0.1 * gw0) && near(at(b, 1), b1 - 0.1 * 2.0));
    TF_Tensor *cleared = TF_Grad(w, S);
    CHECK(cleared == NULL && TF_GetCode(S) == TF_OK);
    TF_SgdStep(NULL, 0, 0.1, false, S);
    CHECK(TF_GetCode(S) == TF_OK);
    TF_SgdStep(NULL, 2, 0.1, false, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT);
    TF_SgdStep(params, -1, 0.1, false, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT);
    TF_SgdStep(params, 3, NAN, false, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT);
    TF_DeleteTensor(s);
    TF_DeleteTensor(y);

    TF_DeleteTensor(x);
    TF_DeleteTensor(w);
    TF_DeleteTensor(b);
    TF_DeleteTensor(logits);
    TF_DeleteTensor(target);
    TF_DeleteStatus(S);
    return check_report();
}
