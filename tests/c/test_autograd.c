/*
 * test_autograd.c -- the autograd C API: every function once with checked values, and its error
 * paths. Built and run by tests/test_c.py under sanitizers; by hand:
 *
 *   cc -std=c99 -g -Wall -Wextra -Werror -fsanitize=address,undefined -Iinclude \
 *      tests/c/test_autograd.c rust/target/release/libtenflowers.so \
 *      -Wl,-rpath,rust/target/release -o test_autograd && ./test_autograd
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
    const double xv[3] = {1.0, 2.0, 3.0};
    TF_Tensor *x = vec(xv, 3);
    CHECK(!TF_RequiresGrad(x));
    CHECK(TF_IsLeaf(x));
    TF_SetRequiresGrad(x, true, S);
    CHECK(TF_GetCode(S) == TF_OK);
    CHECK(TF_RequiresGrad(x));
    CHECK(TF_IsLeaf(x));

    /* y = sum(x * x); dy/dx = 2x. */
    TF_Tensor *sq = TF_Mul(x, x, S);
    CHECK(TF_RequiresGrad(sq) && !TF_IsLeaf(sq));
    CHECK(strcmp(TF_GradFnName(sq), "MulBackward") == 0);
    CHECK(TF_GradFnName(x) == NULL);
    TF_Tensor *y = TF_Sum(sq, NULL, 0, false, S);
    TF_RetainGrad(sq, S);
    CHECK(TF_GetCode(S) == TF_OK);
    TF_Tensor *none = TF_Grad(x, S);
    CHECK(none == NULL && TF_GetCode(S) == TF_OK);
    TF_Backward(y, NULL, true, false, S);
    CHECK(TF_GetCode(S) == TF_OK);
    TF_Tensor *g = TF_Grad(x, S);
    CHECK(g != NULL && near(at(g, 0), 2.0) && near(at(g, 2), 6.0));
    TF_DeleteTensor(g);
    TF_Tensor *gs = TF_Grad(sq, S);
    CHECK(gs != NULL && near(at(gs, 1), 1.0));
    TF_DeleteTensor(gs);
    /* Accumulates across calls (retain_graph above kept the graph). */
    TF_Backward(y, NULL, false, false, S);
    g = TF_Grad(x, S);
    CHECK(g != NULL && near(at(g, 1), 8.0));
    TF_DeleteTensor(g);
    /* The graph is freed now. */
    TF_Backward(y, NULL, false, false, S);
    CHECK(TF_GetCode(S) == TF_GRADIENT_ERROR);
    CHECK(strstr(TF_Message(S), "second time") != NULL);
    TF_ZeroGrad(x);
    g = TF_Grad(x, S);
    CHECK(g == NULL && TF_GetCode(S) == TF_OK);

    /* Explicit gradient for a non-scalar; NULL is refused there. */
    TF_Tensor *sq2 = TF_Mul(x, x, S);
    TF_Backward(sq2, NULL, false, false, S);
    CHECK(TF_GetCode(S) == TF_GRADIENT_ERROR);
    const double gv[3] = {1.0, 0.0, 10.0};
    TF_Tensor *gin = vec(gv, 3);
    TF_Backward(sq2, gin, false, false, S);
    CHECK(TF_GetCode(S) == TF_OK);
    g = TF_Grad(x, S);
    CHECK(g != NULL && near(at(g, 0), 2.0) && near(at(g, 1), 0.0) && near(at(g, 2), 60.0));
    TF_DeleteTensor(g);
    TF_ZeroGrad(x);

    /* Grad mode. */
    CHECK(TF_IsGradEnabled());
    TF_SetGradEnabled(false);
    CHECK(!TF_IsGradEnabled());
    TF_Tensor *ng = TF_Mul(x, x, S);
    CHECK(!TF_RequiresGrad(ng));
    TF_SetGradEnabled(true);
    TF_DeleteTensor(ng);

    /* Detach. */
    TF_Tensor *d = TF_Detach(sq2, S);
    CHECK(d != NULL && !TF_RequiresGrad(d) && TF_IsLeaf(d) && near(at(d, 2), 9.0));
    TF_DeleteTensor(d);

    /* In-place write into a leaf that requires grad: refused in grad mode. */
    TF_Tensor *z = TF_Zeros(TF_DOUBLE, (const int64_t[]){3}, 1, S);
    TF_Assign(x, z, S);
    CHECK(TF_GetCode(S) == TF_GRADIENT_ERROR);
    TF_SetGradEnabled(false);
    TF_Assign(x, x, S);
    CHECK(TF_GetCode(S) == TF_OK);
    TF_SetGradEnabled(true);

    /* A saved tensor modified in place: backward fails. */
    TF_Tensor *c = vec(xv, 3);
    TF_Tensor *xc = TF_Mul(x, c, S);
    TF_Tensor *l = TF_Sum(xc, NULL, 0, false, S);
    TF_Assign(c, z, S);
    CHECK(TF_GetCode(S) == TF_OK);
    TF_Backward(l, NULL, false, false, S);
    CHECK(TF_GetCode(S) == TF_GRADIENT_ERROR);
    CHECK(strstr(TF_Message(S), "in-place") != NULL);

    /* In-place writes that autograd records: y = 2x; y += 2 (TF_InplaceAssign of y + 2);
       y[0] = x[2] (TF_SetItem), so sum(y) = x2 + (2 x1 + 2) + (2 x2 + 2): gradient [0, 2, 3]. */
    {
        const double twos[3] = {2.0, 2.0, 2.0};
        TF_Tensor *tw = vec(twos, 3);
        TF_Tensor *y = TF_Mul(x, tw, S);
        TF_Tensor *y2 = TF_Add(y, tw, S);
        TF_InplaceAssign(y, y2, S);
        CHECK(TF_GetCode(S) == TF_OK && TF_RequiresGrad(y) && !TF_IsLeaf(y));
        const int64_t item0[4] = {TF_INDEX_INT, 0, 0, 0};
        const int64_t item2[4] = {TF_INDEX_INT, 2, 0, 0};
        TF_Tensor *x_2 = TF_Slice(x, item2, 1, S);
        TF_SetItem(y, item0, 1, NULL, NULL, 0, x_2, S);
        CHECK(TF_GetCode(S) == TF_OK && near(at(y, 0), at(x, 2)) && near(at(y, 1), 2.0 * at(x, 1) + 2.0));
        TF_Tensor *ys = TF_Sum(y, NULL, 0, false, S);
        const TF_Tensor *yo[1] = {ys};
        const TF_Tensor *yi[1] = {x};
        TF_Tensor *yg[1] = {NULL};
        TF_Gradients(yo, 1, NULL, yi, 1, false, false, false, yg, S);
        CHECK(TF_GetCode(S) == TF_OK && yg[0] != NULL);
        CHECK(near(at(yg[0], 0), 0.0) && near(at(yg[0], 1), 2.0) && near(at(yg[0], 2), 3.0));
        /* Errors: a leaf that requires grad (at once, nothing written), NULL handles. */
        TF_InplaceAssign(x, tw, S);
        CHECK(TF_GetCode(S) == TF_GRADIENT_ERROR && !near(at(x, 0), 2.0));
        TF_SetItem(x, item0, 1, NULL, NULL, 0, tw, S);
        CHECK(TF_GetCode(S) == TF_GRADIENT_ERROR);
        TF_InplaceAssign(NULL, tw, S);
        CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT);
        TF_SetItem(y, item0, 1, NULL, NULL, 0, NULL, S);
        CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT);
        TF_DeleteTensor(yg[0]);
        TF_DeleteTensor(ys);
        TF_DeleteTensor(x_2);
        TF_DeleteTensor(y2);
        TF_DeleteTensor(y);
        TF_DeleteTensor(tw);
    }

    /* TF_Gradients with create_graph: d/dx sum(x^3) = 3x^2, then d/dx sum(3x^2) = 6x. */
    TF_Tensor *x2 = TF_Mul(x, x, S);
    TF_Tensor *x3 = TF_Mul(x2, x, S);
    TF_Tensor *s3 = TF_Sum(x3, NULL, 0, false, S);
    const TF_Tensor *outs[1] = {s3};
    const TF_Tensor *ins[1] = {x};
    TF_Tensor *res[1] = {NULL};
    TF_Gradients(outs, 1, NULL, ins, 1, true, true, false, res, S);
    CHECK(TF_GetCode(S) == TF_OK && res[0] != NULL);
    CHECK(near(at(res[0], 1), 12.0) && TF_RequiresGrad(res[0]));
    TF_Tensor *gsum = TF_Sum(res[0], NULL, 0, false, S);
    TF_Tensor *res2[1] = {NULL};
    const TF_Tensor *outs2[1] = {gsum};
    TF_Gradients(outs2, 1, NULL, ins, 1, false, false, false, res2, S);
    CHECK(TF_GetCode(S) == TF_OK && res2[0] != NULL && near(at(res2[0], 2), 18.0));
    g = TF_Grad(x, S);
    CHECK(g == NULL);  /* TF_Gradients leaves .grad alone */
    /* Error: an input that does not require grad. */
    const TF_Tensor *bad[1] = {c};
    TF_Tensor *res3[1] = {NULL};
    TF_Gradients(outs, 1, NULL, bad, 1, false, false, false, res3, S);
    CHECK(TF_GetCode(S) == TF_GRADIENT_ERROR && res3[0] == NULL);

    /* Error paths of the rest. */
    TF_SetRequiresGrad(NULL, true, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT);
    TF_Tensor *ints = TF_Zeros(TF_INT32, (const int64_t[]){2}, 1, S);
    TF_SetRequiresGrad(ints, true, S);
    CHECK(TF_GetCode(S) == TF_DTYPE_ERROR);
    TF_SetRequiresGrad(sq2, false, S);
    CHECK(TF_GetCode(S) == TF_GRADIENT_ERROR);
    TF_RetainGrad(ints, S);
    CHECK(TF_GetCode(S) == TF_GRADIENT_ERROR);
    TF_Backward(ints, NULL, false, false, S);
    CHECK(TF_GetCode(S) == TF_GRADIENT_ERROR);
    CHECK(TF_Grad(NULL, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT);
    CHECK(TF_Detach(NULL, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT);
    CHECK(!TF_RequiresGrad(NULL) && !TF_IsLeaf(NULL) && TF_GradFnName(NULL) == NULL);
    TF_ZeroGrad(NULL);
    CHECK(TF_LiveStorageCount() > 0);

    TF_Tensor *all[] = {x, sq, y, sq2, gin, z, c, xc, l, x2, x3, s3, res[0], gsum, res2[0], ints};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) TF_DeleteTensor(all[i]);
    TF_DeleteStatus(S);
    return check_report();
}
