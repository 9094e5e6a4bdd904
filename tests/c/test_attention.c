/*
 * test_attention.c -- TF_ScaledDotProductAttention from C on hand-worked values (scale ln 3 makes
 * the probabilities 3/4 and 1/4), a bool mask, the causal triangle, a gradient, dropout
 * reproducibility and the configuration errors. Built and run by tests/test_c.py under
 * sanitizers; by hand:
 *
 *   cc -std=c99 -g -Wall -Wextra -Werror -fsanitize=address,undefined -Iinclude \
 *      tests/c/test_attention.c rust/target/release/libtenflowers.so \
 *      -Wl,-rpath,rust/target/release -o test_attention && ./test_attention
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
    const double LN3 = log(3.0);
    /* q = [[1, 0], [1, 0]], k = [[1, 0], [0, 0]]: scores (scale ln 3) [ln 3, 0] -> p = [3/4, 1/4]. */
    const double qv[4] = {1, 0, 1, 0}, kv[4] = {1, 0, 0, 0}, vv[4] = {1, 2, 3, 4};
    TF_Tensor *q = mat(qv, 2, 2), *k = mat(kv, 2, 2), *v = mat(vv, 2, 2);

    TF_Tensor *out = TF_ScaledDotProductAttention(q, k, v, NULL, 0.0, false, LN3, false, S);
    CHECK(out != NULL && TF_NumDims(out) == 2 && near(at(out, 0), 1.5) && near(at(out, 1), 2.5) && near(at(out, 3), 2.5));
    TF_DeleteTensor(out);

    /* The causal triangle: query 0 sees key 0 only. */
    out = TF_ScaledDotProductAttention(q, k, v, NULL, 0.0, true, LN3, false, S);
    CHECK(out != NULL && near(at(out, 0), 1.0) && near(at(out, 1), 2.0) && near(at(out, 2), 1.5) && near(at(out, 3), 2.5));
    TF_DeleteTensor(out);

    /* A bool mask leaving key 1 out of row 0 and every key out of row 1 (that row gives 0). */
    const int64_t md[2] = {2, 2};
    const unsigned char mv[4] = {1, 0, 0, 0};
    TF_Tensor *mask = TF_NewTensor(TF_BOOL, md, 2, mv, 4, S);
    out = TF_ScaledDotProductAttention(q, k, v, mask, 0.0, false, 0.0, false, S);
    CHECK(out != NULL && near(at(out, 0), 1.0) && near(at(out, 1), 2.0) && at(out, 2) == 0.0 && at(out, 3) == 0.0);
    TF_DeleteTensor(out);

    /* A float mask [0, ln 3] with scale -> NaN (the default 1/sqrt 2) and q = 0: p = [1/4, 3/4]. */
    const double zv[4] = {0, 0, 0, 0}, fm[2] = {0, LN3};
    TF_Tensor *z = mat(zv, 2, 2), *fmask = vec(fm, 2);
    out = TF_ScaledDotProductAttention(z, k, v, fmask, 0.0, false, NAN, false, S);
    CHECK(out != NULL && near(at(out, 0), 2.5) && near(at(out, 1), 3.5));
    TF_DeleteTensor(out);

    /* d sum(out) / d v = P^T 1: each key's probabilities summed over the queries. */
    TF_SetRequiresGrad(v, true, S);
    out = TF_ScaledDotProductAttention(q, k, v, NULL, 0.0, false, LN3, false, S);
    CHECK(out != NULL && strcmp(TF_GradFnName(out), "ScaledDotProductAttentionBackward") == 0);
    TF_Tensor *total = TF_Sum(out, NULL, 0, false, S);
    TF_Backward(total, NULL, false, false, S);
    CHECK(TF_GetCode(S) == TF_OK);
    TF_Tensor *g = TF_Grad(v, S);
    CHECK(g != NULL && near(at(g, 0), 1.5) && near(at(g, 1), 1.5) && near(at(g, 2), 0.5) && near(at(g, 3), 0.5));
    TF_DeleteTensor(g);
    TF_DeleteTensor(total);
    TF_DeleteTensor(out);

    /* Dropout: the same seed, the same numbers; p = 1 drops everything. */
    TF_ManualSeed(5);
    TF_Tensor *d1 = TF_ScaledDotProductAttention(q, k, v, NULL, 0.5, false, LN3, false, S);
    TF_ManualSeed(5);
    TF_Tensor *d2 = TF_ScaledDotProductAttention(q, k, v, NULL, 0.5, false, LN3, false, S);
    CHECK(d1 != NULL && d2 != NULL);
    for (int i = 0; i < 4; i++) CHECK(at(d1, i) == at(d2, i));
    TF_DeleteTensor(d1);
    TF_DeleteTensor(d2);
    out = TF_ScaledDotProductAttention(q, k, v, NULL, 1.0, false, LN3, false, S);
    CHECK(out != NULL && at(out, 0) == 0.0 && at(out, 3) == 0.0);
    TF_DeleteTensor(out);

    /* Configuration errors name the values; the result is NULL. */
    CHECK(TF_ScaledDotProductAttention(q, k, v, mask, 0.0, true, 0.0, false, S) == NULL);
    CHECK(TF_GetCode(S) == TF_LAYER_CONFIG_ERROR && strstr(TF_Message(S), "attn_mask and is_causal") != NULL);
    CHECK(TF_ScaledDotProductAttention(q, k, v, NULL, 1.5, false, 0.0, false, S) == NULL);
    CHECK(TF_GetCode(S) == TF_LAYER_CONFIG_ERROR && strstr(TF_Message(S), "got 1.5") != NULL);
    const double k3[6] = {1, 0, 0, 0, 1, 0};
    TF_Tensor *kbad = mat(k3, 2, 3);
    CHECK(TF_ScaledDotProductAttention(q, kbad, v, NULL, 0.0, false, 0.0, false, S) == NULL);
    CHECK(TF_GetCode(S) == TF_LAYER_CONFIG_ERROR && strstr(TF_Message(S), "embedding size 2") != NULL);
    CHECK(TF_ScaledDotProductAttention(q, k, v, NULL, 0.0, false, 0.0, true, S) == NULL);
    CHECK(TF_GetCode(S) == TF_LAYER_CONFIG_ERROR && strstr(TF_Message(S), "enable_gqa") != NULL);
    CHECK(TF_ScaledDotProductAttention(NULL, k, v, NULL, 0.0, false, 0.0, false, S) == NULL);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT);

    TF_DeleteTensor(kbad);
    TF_DeleteTensor(z);
    TF_DeleteTensor(fmask);
    TF_DeleteTensor(mask);
    TF_DeleteTensor(q);
    TF_DeleteTensor(k);
    TF_DeleteTensor(v);
    TF_DeleteStatus(S);
    return check_report();
}
