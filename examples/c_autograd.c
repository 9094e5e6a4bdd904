/*
 * c_autograd.c -- training from C: fits y = 2x + 1 by gradient descent with tenflowers' autograd.
 *
 * Build (from the repository root, after `cd rust && cargo build --release`):
 *
 *   cc -std=c99 -Wall -Wextra -Werror -Iinclude examples/c_autograd.c \
 *      -Lrust/target/release -ltenflowers -Wl,-rpath,rust/target/release -o c_autograd
 *   ./c_autograd
 *
 * The pattern is PyTorch's: mark the parameters with TF_SetRequiresGrad, compute the loss with
 * ordinary ops (they record a graph), TF_Backward, read TF_Grad, update the parameters in place
 * with grad mode off (TF_SetGradEnabled(false)), and clear the gradients with TF_ZeroGrad.
 */
#include <stdio.h>
#include <stdlib.h>

#include "tenflowers.h"

static void check(const TF_Status *status, const char *what) {
    if (TF_GetCode(status) != TF_OK) {
        fprintf(stderr, "%s failed: code %d: %s\n", what, (int)TF_GetCode(status), TF_Message(status));
        exit(1);
    }
}

static double scalar(const TF_Tensor *t, TF_Status *s) {
    double v = 0;
    TF_TensorCopyTo(t, &v, sizeof v, s);
    check(s, "TF_TensorCopyTo");
    return v;
}

/* p <- p - lr * grad(p), with grad mode off so the update is not recorded, then clear grad(p). */
static void sgd_step(TF_Tensor *p, const TF_Tensor *lr, TF_Status *s) {
    TF_Tensor *g = TF_Grad(p, s);
    check(s, "TF_Grad");
    TF_SetGradEnabled(false);
    TF_Tensor *step = TF_Mul(lr, g, s);
    check(s, "TF_Mul");
    TF_Tensor *next = TF_Sub(p, step, s);
    check(s, "TF_Sub");
    TF_Assign(p, next, s);
    check(s, "TF_Assign");
    TF_SetGradEnabled(true);
    TF_ZeroGrad(p);
    TF_DeleteTensor(next);
    TF_DeleteTensor(step);
    TF_DeleteTensor(g);
}

int main(void) {
    TF_Status *s = TF_NewStatus();
    enum { N = 8 };
    double xs[N], ys[N];
    for (int i = 0; i < N; i++) {
        xs[i] = -1.0 + 2.0 * i / (N - 1);
        ys[i] = 2.0 * xs[i] + 1.0;
    }
    const int64_t n_dims[1] = {N};
    const int64_t one[1] = {1};
    TF_Tensor *x = TF_NewTensor(TF_DOUBLE, n_dims, 1, xs, sizeof xs, s);
    check(s, "TF_NewTensor x");
    TF_Tensor *y = TF_NewTensor(TF_DOUBLE, n_dims, 1, ys, sizeof ys, s);
    check(s, "TF_NewTensor y");
    TF_Tensor *w = TF_Zeros(TF_DOUBLE, one, 1, s);
    check(s, "TF_Zeros w");
    TF_Tensor *b = TF_Zeros(TF_DOUBLE, one, 1, s);
    check(s, "TF_Zeros b");
    TF_Tensor *lr = TF_Full(TF_DOUBLE, NULL, 0, 0.2, s);
    check(s, "TF_Full lr");
    TF_SetRequiresGrad(w, true, s);
    check(s, "TF_SetRequiresGrad w");
    TF_SetRequiresGrad(b, true, s);
    check(s, "TF_SetRequiresGrad b");

    double first = 0, last = 0;
    for (int step = 0; step <= 100; step++) {
        TF_Tensor *wx = TF_Mul(x, w, s);
        check(s, "TF_Mul");
        TF_Tensor *pred = TF_Add(wx, b, s);
        check(s, "TF_Add");
        TF_Tensor *diff = TF_Sub(pred, y, s);
        check(s, "TF_Sub");
        TF_Tensor *sq = TF_Mul(diff, diff, s);
        check(s, "TF_Mul");
        TF_Tensor *loss = TF_Mean(sq, NULL, 0, false, s);
        check(s, "TF_Mean");
        last = scalar(loss, s);
        if (step == 0) first = last;
        if (step % 10 == 0) printf("step %3d loss %.6f (grad_fn %s)\n", step, last, TF_GradFnName(loss));
        TF_Backward(loss, NULL, false, false, s);
        check(s, "TF_Backward");
        sgd_step(w, lr, s);
        sgd_step(b, lr, s);
        TF_DeleteTensor(loss);
        TF_DeleteTensor(sq);
        TF_DeleteTensor(diff);
        TF_DeleteTensor(pred);
        TF_DeleteTensor(wx);
    }
    printf("w = %.4f, b = %.4f\n", scalar(w, s), scalar(b, s));
    printf("loss fell: %s\n", last < first * 1e-3 ? "yes" : "no");

    TF_DeleteTensor(lr);
    TF_DeleteTensor(b);
    TF_DeleteTensor(w);
    TF_DeleteTensor(y);
    TF_DeleteTensor(x);
    TF_DeleteStatus(s);
    return last < first * 1e-3 ? 0 : 1;
}
