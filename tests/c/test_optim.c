/*
 * test_optim.c -- the optimizer handle and gradient clipping from C, on values worked out by hand:
 * SGD with momentum and Adam steps, parameter groups with their own learning rates, skipping a
 * parameter without a gradient, hyperparameter and state access by name, a state round trip
 * into a second optimizer, the error codes (with the optimizer unchanged after each), and
 * TF_ClipGradNorm / TF_ClipGradValue. Built and run by tests/test_c.py under sanitizers. The last
 * line of output is "N passed, N failed"; the exit code is nonzero on any failure.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "tenflowers.h"
#include "check.h"
#include "values.h"

/* A float64 leaf that requires grad. */
static TF_Tensor *param(const double *v, int64_t n) {
    TF_Tensor *p = vec(v, n);
    TF_SetRequiresGrad(p, true, S);
    return p;
}

/* Backward of sum(c * p): the gradient of p is exactly c. */
static void grad_is(TF_Tensor *p, const double *c, int64_t n) {
    TF_Tensor *ct = vec(c, n);
    TF_Tensor *prod = TF_Mul(p, ct, S);
    TF_Tensor *loss = TF_Sum(prod, NULL, 0, false, S);
    TF_Backward(loss, NULL, false, false, S);
    CHECK(TF_GetCode(S) == TF_OK);
    TF_DeleteTensor(loss);
    TF_DeleteTensor(prod);
    TF_DeleteTensor(ct);
}

static void test_sgd_momentum_and_groups(void) {
    const double a0[2] = {1.0, 2.0}, b0[1] = {3.0}, ga[2] = {1.0, -2.0}, gb[1] = {4.0};
    TF_Tensor *a = param(a0, 2), *b = param(b0, 1);
    const TF_Tensor *first[1] = {a}, *second[1] = {b};
    const char *names[2] = {"lr", "momentum"};
    const double values[2] = {0.1, 0.5};
    TF_Optimizer *opt = TF_NewOptimizer("SGD", first, 1, names, values, 2, S);
    CHECK(opt != NULL && TF_GetCode(S) == TF_OK);
    CHECK(strcmp(TF_OptimizerAlgorithm(opt), "SGD") == 0);
    const char *lr_name[1] = {"lr"};
    const double lr_value[1] = {1.0};
    TF_OptimizerAddParamGroup(opt, second, 1, lr_name, lr_value, 1, S);
    CHECK(TF_GetCode(S) == TF_OK);
    CHECK(TF_OptimizerNumGroups(opt, S) == 2);
    CHECK(TF_OptimizerGroupSize(opt, 1, S) == 1);
    CHECK(TF_OptimizerGetLr(opt, 1, S) == 1.0);
    CHECK(TF_OptimizerGetHyper(opt, 1, "momentum", S) == 0.5); /* from the defaults */

    /* Step 1: the buffer is the gradient; a -= 0.1 * g, b -= 1.0 * g. */
    grad_is(a, ga, 2);
    grad_is(b, gb, 1);
    TF_OptimizerStep(opt, S);
    CHECK(TF_GetCode(S) == TF_OK);
    CHECK(near(at(a, 0), 0.9) && near(at(a, 1), 2.2) && near(at(b, 0), -1.0));
    /* Step 2 with only a's gradient: buf = 0.5 * buf + g = 1.5 * g; b is skipped. */
    TF_OptimizerZeroGrad(opt, true, S);
    TF_Tensor *none = TF_Grad(b, S);
    CHECK(none == NULL && TF_GetCode(S) == TF_OK);
    grad_is(a, ga, 2);
    TF_OptimizerSetLr(opt, 0, 0.2, S);
    TF_OptimizerStep(opt, S);
    CHECK(near(at(a, 0), 0.9 - 0.2 * 1.5) && near(at(a, 1), 2.2 + 0.2 * 3.0) && near(at(b, 0), -1.0));
    TF_Tensor *buf = TF_OptimizerGetState(opt, 0, "momentum_buffer", S);
    CHECK(buf != NULL && near(at(buf, 0), 1.5) && near(at(buf, 1), -3.0));
    TF_DeleteTensor(buf);

    /* Zeroing in place keeps a gradient of zeros. */
    TF_OptimizerZeroGrad(opt, false, S);
    TF_Tensor *g = TF_Grad(a, S);
    CHECK(g != NULL && at(g, 0) == 0.0 && at(g, 1) == 0.0);
    TF_DeleteTensor(g);

    /* Names: every hyperparameter is readable by the name the optimizer reports. */
    int64_t nh = TF_OptimizerNumHypers(opt, S);
    CHECK(nh >= 6);
    int all_readable = 1;
    for (int64_t i = 0; i < nh; i++) {
        const char *name = TF_OptimizerHyperName(opt, i, S);
        double v = TF_OptimizerGetHyper(opt, 0, name, S);
        all_readable &= name != NULL && TF_GetCode(S) == TF_OK && !isnan(v);
    }
    CHECK(all_readable);
    CHECK(TF_OptimizerHyperName(opt, nh, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT);
    TF_DeleteOptimizer(opt);
    TF_DeleteTensor(a);
    TF_DeleteTensor(b);
}

static void test_adam_state_round_trip(void) {
    const double p0[3] = {1.0, -1.0, 0.5}, g[3] = {3.0, -0.2, 0.0};
    TF_Tensor *p = param(p0, 3);
    const TF_Tensor *ps[1] = {p};
    const char *names[1] = {"lr"};
    const double values[1] = {0.1};
    TF_Optimizer *opt = TF_NewOptimizer("adam", ps, 1, names, values, 1, S);
    CHECK(opt != NULL);
    /* No state before the first step: NULL with an OK status. */
    CHECK(TF_OptimizerGetState(opt, 0, "exp_avg", S) == NULL && TF_GetCode(S) == TF_OK);
    grad_is(p, g, 3);
    TF_OptimizerStep(opt, S);
    /* Adam's first step moves every element with a nonzero gradient by lr. */
    CHECK(fabs(at(p, 0) - 0.9) < 1e-7 && fabs(at(p, 1) + 0.9) < 1e-7 && at(p, 2) == 0.5); /* eps: 0.1 * 1e-8 / 0.2 */

    /* Copy every state entry into a second optimizer over a copy of the parameter; one more
     * identical step must give identical parameters. */
    TF_Tensor *q = param((const double[3]){at(p, 0), at(p, 1), at(p, 2)}, 3);
    const TF_Tensor *qs[1] = {q};
    TF_Optimizer *opt2 = TF_NewOptimizer("Adam", qs, 1, names, values, 1, S);
    int64_t nk = TF_OptimizerNumStateKeys(opt, S);
    CHECK(nk == 4); /* step, exp_avg, exp_avg_sq, max_exp_avg_sq */
    int copied = 0;
    for (int64_t k = 0; k < nk; k++) {
        const char *key = TF_OptimizerStateKey(opt, k, S);
        TF_Tensor *v = TF_OptimizerGetState(opt, 0, key, S);
        if (v != NULL) {
            TF_OptimizerSetState(opt2, 0, key, v, S);
            copied += TF_GetCode(S) == TF_OK;
            TF_DeleteTensor(v);
        }
    }
    CHECK(copied == 3); /* no max_exp_avg_sq without amsgrad */
    TF_Tensor *step = TF_OptimizerGetState(opt2, 0, "step", S);
    CHECK(step != NULL && TF_TensorType(step) == TF_DOUBLE && at(step, 0) == 1.0);
    TF_DeleteTensor(step);
    TF_OptimizerZeroGrad(opt, true, S); /* else p's gradient accumulates to 2g */
    grad_is(p, g, 3);
    grad_is(q, g, 3);
    TF_OptimizerStep(opt, S);
    TF_OptimizerStep(opt2, S);
    CHECK(at(p, 0) == at(q, 0) && at(p, 1) == at(q, 1) && at(p, 2) == at(q, 2));

    /* Errors leave everything unchanged. */
    const double wrong[2] = {0, 0};
    TF_Tensor *w = vec(wrong, 2);
    TF_OptimizerSetState(opt, 0, "exp_avg", w, S);
    CHECK(TF_GetCode(S) == TF_OPTIMIZER_ERROR && strstr(TF_Message(S), "exp_avg") != NULL);
    TF_OptimizerSetState(opt, 0, "momentum_buffer", w, S);
    CHECK(TF_GetCode(S) == TF_OPTIMIZER_ERROR);
    CHECK(TF_OptimizerGetState(opt, 5, "exp_avg", S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT);
    TF_DeleteTensor(w);
    TF_OptimizerSetHyper(opt, 0, "beta1", 1.0, S);
    CHECK(TF_GetCode(S) == TF_OPTIMIZER_ERROR && strstr(TF_Message(S), "beta1") != NULL);
    CHECK(TF_OptimizerGetHyper(opt, 0, "beta1", S) == 0.9);
    TF_OptimizerSetLr(opt, 0, -1.0, S);
    CHECK(TF_GetCode(S) == TF_OPTIMIZER_ERROR && TF_OptimizerGetLr(opt, 0, S) == 0.1);
    CHECK(isnan(TF_OptimizerGetHyper(opt, 0, "momentum", S)) && TF_GetCode(S) == TF_OPTIMIZER_ERROR);
    CHECK(TF_OptimizerGetLr(opt, 3, S) != TF_OptimizerGetLr(opt, 3, S) && TF_GetCode(S) == TF_INVALID_ARGUMENT);
    TF_DeleteOptimizer(opt);
    TF_DeleteOptimizer(opt2);
    TF_DeleteTensor(p);
    TF_DeleteTensor(q);
}

static void test_creation_errors(void) {
    const double v[1] = {1.0};
    TF_Tensor *p = param(v, 1), *plain = vec(v, 1);
    const TF_Tensor *twice[2] = {p, p}, *no_grad[1] = {plain}, *one[1] = {p};
    CHECK(TF_NewOptimizer("SGD", twice, 2, NULL, NULL, 0, S) == NULL && TF_GetCode(S) == TF_OPTIMIZER_ERROR);
    CHECK(TF_NewOptimizer("SGD", no_grad, 1, NULL, NULL, 0, S) == NULL && TF_GetCode(S) == TF_OPTIMIZER_ERROR);
    CHECK(TF_NewOptimizer("Sgdx", one, 1, NULL, NULL, 0, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT);
    const char *eps[1] = {"eps"};
    const double zero[1] = {0.0};
    CHECK(TF_NewOptimizer("Adam", one, 1, eps, zero, 1, S) == NULL && TF_GetCode(S) == TF_OPTIMIZER_ERROR);
    CHECK(TF_NewOptimizer("Adam", NULL, 1, NULL, NULL, 0, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT);
    CHECK(TF_NewOptimizer(NULL, one, 1, NULL, NULL, 0, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT);
    TF_OptimizerStep(NULL, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT);
    CHECK(TF_OptimizerAlgorithm(NULL) == NULL);
    TF_DeleteOptimizer(NULL);
    /* error_if_nonfinite: the step fails before writing. */
    const char *flag[1] = {"error_if_nonfinite"};
    const double on[1] = {1.0};
    TF_Optimizer *opt = TF_NewOptimizer("Lion", one, 1, flag, on, 1, S);
    const double inf[1] = {INFINITY};
    grad_is(p, inf, 1);
    TF_OptimizerStep(opt, S);
    CHECK(TF_GetCode(S) == TF_OPTIMIZER_ERROR && at(p, 0) == 1.0);
    TF_DeleteOptimizer(opt);
    TF_DeleteTensor(p);
    TF_DeleteTensor(plain);
}

static void test_clipping(void) {
    const double a0[2] = {0, 0}, b0[1] = {0}, ga[2] = {3.0, 0.0}, gb[1] = {-4.0};
    TF_Tensor *a = param(a0, 2), *b = param(b0, 1), *c = param(b0, 1);
    grad_is(a, ga, 2);
    grad_is(b, gb, 1);
    const TF_Tensor *ps[3] = {a, b, c}; /* c has no gradient: skipped */
    double total = -1.0;
    TF_ClipGradNorm(ps, 3, 1.0, 2.0, false, &total, S);
    CHECK(TF_GetCode(S) == TF_OK && near(total, 5.0));
    TF_Tensor *g = TF_Grad(a, S);
    double coef = 1.0 / (5.0 + 1e-6);
    CHECK(fabs(at(g, 0) - 3.0 * coef) < 1e-12);
    TF_DeleteTensor(g);
    TF_ClipGradNorm(ps, 3, 1.0, INFINITY, false, &total, S);
    CHECK(fabs(total - 4.0 * coef) < 1e-12);
    total = -1.0;
    TF_ClipGradNorm(ps, 3, -1.0, 2.0, false, &total, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT && total == -1.0);
    TF_ClipGradValue(ps, 3, 0.1, S);
    g = TF_Grad(b, S);
    CHECK(TF_GetCode(S) == TF_OK && at(g, 0) == -0.1);
    TF_DeleteTensor(g);
    TF_ClipGradValue(ps, 3, NAN, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT);
    TF_DeleteTensor(a);
    TF_DeleteTensor(b);
    TF_DeleteTensor(c);
}

static void test_apply_scheduler(void) {
    const double v[1] = {1.0};
    TF_Tensor *p = param(v, 1);
    const TF_Tensor *one[1] = {p};
    const char *names[1] = {"lr"};
    const double lr[1] = {0.1};
    TF_Optimizer *adam = TF_NewOptimizer("Adam", one, 1, names, lr, 1, S);
    /* StepLR halves the lr every 2 steps: after 2 steps the optimizer holds 0.05. */
    TF_LRScheduler *step = TF_NewStepLR(lr, 1, NULL, 2, 0.5, -1, S);
    TF_LRSchedulerStep(step, NAN, S);
    TF_LRSchedulerStep(step, NAN, S);
    TF_OptimizerApplyLRScheduler(adam, step, S);
    CHECK(TF_GetCode(S) == TF_OK && near(TF_OptimizerGetLr(adam, 0, S), 0.05));
    CHECK(TF_OptimizerGetHyper(adam, 0, "beta1", S) == 0.9);
    /* OneCycleLR cycles beta1 too: at step 0 the lr is max_lr / 25 and beta1 the max momentum. */
    const double max_lr[1] = {1.0}, lo[1] = {0.8}, hi[1] = {0.9};
    TF_LRScheduler *cycle = TF_NewOneCycleLR(max_lr, 1, 10, 0.3, TF_ANNEAL_COS, true, lo, hi, 25.0, 1e4, false, -1, S);
    TF_OptimizerApplyLRScheduler(adam, cycle, S);
    CHECK(TF_GetCode(S) == TF_OK && near(TF_OptimizerGetLr(adam, 0, S), 0.04));
    CHECK(near(TF_OptimizerGetHyper(adam, 0, "beta1", S), 0.9));
    /* Adagrad has no momentum to cycle; a two-group scheduler does not fit one group. */
    TF_Optimizer *adagrad = TF_NewOptimizer("Adagrad", one, 1, NULL, NULL, 0, S);
    TF_OptimizerApplyLRScheduler(adagrad, cycle, S);
    CHECK(TF_GetCode(S) == TF_OPTIMIZER_ERROR && TF_OptimizerGetLr(adagrad, 0, S) == 0.01);
    const double two[2] = {0.1, 0.2};
    TF_LRScheduler *wide = TF_NewStepLR(two, 2, NULL, 2, 0.5, -1, S);
    TF_OptimizerApplyLRScheduler(adam, wide, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT && near(TF_OptimizerGetLr(adam, 0, S), 0.04));
    TF_OptimizerApplyLRScheduler(adam, NULL, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT);
    TF_DeleteLRScheduler(step);
    TF_DeleteLRScheduler(cycle);
    TF_DeleteLRScheduler(wide);
    TF_DeleteOptimizer(adam);
    TF_DeleteOptimizer(adagrad);
    TF_DeleteTensor(p);
}

int main(void) {
    S = TF_NewStatus();
    test_sgd_momentum_and_groups();
    test_adam_state_round_trip();
    test_creation_errors();
    test_clipping();
    test_apply_scheduler();
    TF_DeleteStatus(S);
    return check_report();
}
