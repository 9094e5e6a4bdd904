/*
 * c_train.c -- training a multilayer perceptron from C with the library's Adam optimizer.
 *
 * Build (from the repository root, after `cd rust && cargo build --release`):
 *
 *   cc -std=c99 -Wall -Wextra -Werror -Iinclude examples/c_train.c \
 *      -Lrust/target/release -ltenflowers -Wl,-rpath,rust/target/release -o c_train
 *   ./c_train
 *
 * The task: 16 random features, labelled by which of 4 hidden linear scores is largest. The
 * model is linear(16 -> 64) + relu -> linear(64 -> 4), trained on minibatches with
 * cross-entropy and TF_Optimizer ("Adam"), which keeps the moment estimates in the core and
 * updates all four parameter tensors in one call per step, under a one-cycle learning-rate
 * schedule (TF_NewOneCycleLR, applied with TF_OptimizerApplyLRScheduler). The program then trains a second
 * time from the same seed and checks that the parameters come out bit for bit the same.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tenflowers.h"

enum { FEATURES = 16, HIDDEN = 64, CLASSES = 4, TRAIN = 512, TEST = 512, BATCH = 64, EPOCHS = 12 };

static void check(const TF_Status *status, const char *what) {
    if (TF_GetCode(status) != TF_OK) {
        fprintf(stderr, "%s failed: code %d: %s\n", what, (int)TF_GetCode(status), TF_Message(status));
        exit(1);
    }
}

/* A float32 tensor of normal samples times `scale`. */
static TF_Tensor *randn(int64_t rows, int64_t cols, float scale, TF_Status *s) {
    const int64_t dims[2] = {rows, cols};
    TF_Tensor *r = TF_Randn(TF_FLOAT, dims, cols ? 2 : 1, s);
    check(s, "TF_Randn");
    TF_Tensor *k = TF_NewTensor(TF_FLOAT, NULL, 0, &scale, sizeof scale, s);
    TF_Tensor *out = TF_Mul(r, k, s);
    check(s, "TF_Mul");
    TF_DeleteTensor(r);
    TF_DeleteTensor(k);
    return out;
}

/* Labels: the argmax of x @ w_true over the classes. */
static TF_Tensor *labels(const TF_Tensor *x, const TF_Tensor *w_true, TF_Status *s) {
    TF_Tensor *scores = TF_MatMul(x, w_true, s);
    const int axis[1] = {1};
    TF_Tensor *y = TF_ArgMax(scores, axis, 1, false, s);
    check(s, "TF_ArgMax");
    TF_DeleteTensor(scores);
    return y;
}

struct model {
    TF_Tensor *w1, *b1, *w2, *b2;
};

static TF_Tensor *leaf(TF_Tensor *t, TF_Status *s) {
    TF_SetRequiresGrad(t, true, s);
    check(s, "TF_SetRequiresGrad");
    return t;
}

static struct model init_model(TF_Status *s) {
    struct model m;
    m.w1 = leaf(randn(HIDDEN, FEATURES, 0.25f, s), s); /* ~ 1 / sqrt(16) */
    m.b1 = leaf(randn(HIDDEN, 0, 0.0f, s), s);
    m.w2 = leaf(randn(CLASSES, HIDDEN, 0.125f, s), s); /* ~ 1 / sqrt(64) */
    m.b2 = leaf(randn(CLASSES, 0, 0.0f, s), s);
    return m;
}

static TF_Tensor *forward(const struct model *m, const TF_Tensor *x, TF_Status *s) {
    TF_Tensor *h = TF_Linear(x, m->w1, m->b1, TF_ACTIVATION_RELU, s);
    check(s, "TF_Linear");
    TF_Tensor *logits = TF_Linear(h, m->w2, m->b2, TF_ACTIVATION_NONE, s);
    check(s, "TF_Linear");
    TF_DeleteTensor(h);
    return logits;
}

/* Rows [start, start + n) of `t`: the view t[start:start + n]. */
static TF_Tensor *rows(const TF_Tensor *t, int64_t start, int64_t n, TF_Status *s) {
    const int64_t item[4] = {TF_INDEX_SLICE, start, start + n, 1};
    TF_Tensor *v = TF_Slice(t, item, 1, s);
    check(s, "TF_Slice");
    return v;
}

/* Trains a fresh model from `seed`; prints the loss when `verbose`; returns the model. */
static struct model train(uint64_t seed, int verbose, double *first_loss, double *last_loss, TF_Status *s) {
    TF_ManualSeed(seed);
    TF_Tensor *w_true = randn(FEATURES, CLASSES, 1.0f, s);
    TF_Tensor *x = randn(TRAIN, FEATURES, 1.0f, s);
    TF_Tensor *y = labels(x, w_true, s);
    struct model m = init_model(s);
    const TF_Tensor *params[4] = {m.w1, m.b1, m.w2, m.b2};
    const char *names[2] = {"lr", "weight_decay"};
    const double values[2] = {1e-2, 1e-4};
    TF_Optimizer *opt = TF_NewOptimizer("Adam", params, 4, names, values, 2, s);
    check(s, "TF_NewOptimizer");
    /* One-cycle schedule over the whole run (PyTorch's OneCycleLR defaults: cosine, 30% warmup,
     * beta1 cycled between 0.85 and 0.95), written into the optimizer after every step. */
    const double max_lr[1] = {3e-2}, base_m[1] = {0.85}, max_m[1] = {0.95};
    TF_LRScheduler *sched = TF_NewOneCycleLR(max_lr, 1, EPOCHS * (TRAIN / BATCH), 0.3, TF_ANNEAL_COS, true, base_m,
                                             max_m, 25.0, 1e4, false, -1, s);
    check(s, "TF_NewOneCycleLR");
    TF_OptimizerApplyLRScheduler(opt, sched, s);
    check(s, "TF_OptimizerApplyLRScheduler");
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
        double epoch_loss = 0;
        for (int64_t start = 0; start < TRAIN; start += BATCH) {
            TF_Tensor *xb = rows(x, start, BATCH, s), *yb = rows(y, start, BATCH, s);
            TF_OptimizerZeroGrad(opt, true, s);
            TF_Tensor *logits = forward(&m, xb, s);
            TF_Tensor *loss = TF_CrossEntropy(logits, yb, TF_REDUCTION_MEAN, TF_IGNORE_INDEX_DEFAULT, 0.0, s);
            check(s, "TF_CrossEntropy");
            TF_Backward(loss, NULL, false, false, s);
            check(s, "TF_Backward");
            TF_OptimizerStep(opt, s);
            check(s, "TF_OptimizerStep");
            TF_LRSchedulerStep(sched, NAN, s);
            TF_OptimizerApplyLRScheduler(opt, sched, s);
            check(s, "TF_LRSchedulerStep");
            float l = 0;
            TF_TensorCopyTo(loss, &l, sizeof l, s);
            epoch_loss += l * BATCH / TRAIN;
            TF_DeleteTensor(loss);
            TF_DeleteTensor(logits);
            TF_DeleteTensor(xb);
            TF_DeleteTensor(yb);
        }
        if (epoch == 0) {
            *first_loss = epoch_loss;
        }
        *last_loss = epoch_loss;
        if (verbose) {
            printf("epoch %d loss %.4f lr %.2e\n", epoch, epoch_loss, TF_OptimizerGetLr(opt, 0, s));
        }
    }
    if (verbose) {
        /* Held-out accuracy on fresh samples of the same task. */
        TF_Tensor *xt = randn(TEST, FEATURES, 1.0f, s);
        TF_Tensor *yt = labels(xt, w_true, s);
        TF_Tensor *logits = forward(&m, xt, s);
        const int axis[1] = {1};
        TF_Tensor *pred = TF_ArgMax(logits, axis, 1, false, s);
        int64_t p[TEST], t[TEST];
        TF_TensorCopyTo(pred, p, sizeof p, s);
        TF_TensorCopyTo(yt, t, sizeof t, s);
        check(s, "TF_TensorCopyTo");
        int right = 0;
        for (int i = 0; i < TEST; i++) {
            right += p[i] == t[i];
        }
        printf("held-out accuracy %.3f\n", (double)right / TEST);
        TF_DeleteTensor(pred);
        TF_DeleteTensor(logits);
        TF_DeleteTensor(yt);
        TF_DeleteTensor(xt);
    }
    TF_DeleteLRScheduler(sched);
    TF_DeleteOptimizer(opt);
    TF_DeleteTensor(w_true);
    TF_DeleteTensor(x);
    TF_DeleteTensor(y);
    return m;
}

static void free_model(struct model *m) {
    TF_DeleteTensor(m->w1);
    TF_DeleteTensor(m->b1);
    TF_DeleteTensor(m->w2);
    TF_DeleteTensor(m->b2);
}

/* Whether two tensors hold the same bytes. */
static int same_bytes(const TF_Tensor *a, const TF_Tensor *b, TF_Status *s) {
    size_t n = TF_TensorByteSize(a);
    if (n != TF_TensorByteSize(b)) {
        return 0;
    }
    unsigned char *x = malloc(n), *y = malloc(n);
    int same = 0;
    if (x != NULL && y != NULL) {
        TF_TensorCopyTo(a, x, n, s);
        TF_TensorCopyTo(b, y, n, s);
        same = TF_GetCode(s) == TF_OK && memcmp(x, y, n) == 0;
    }
    free(x);
    free(y);
    return same;
}

int main(void) {
    TF_Status *s = TF_NewStatus();
    double first = 0, last = 0, first2 = 0, last2 = 0;
    struct model a = train(42, 1, &first, &last, s);
    int fell = last < 0.5 * first;
    printf("loss fell: %s\n", fell ? "yes" : "no");
    struct model b = train(42, 0, &first2, &last2, s);
    int same = same_bytes(a.w1, b.w1, s) && same_bytes(a.b1, b.b1, s) && same_bytes(a.w2, b.w2, s) &&
               same_bytes(a.b2, b.b2, s);
    printf("reproducible: %s\n", same ? "yes" : "no");
    free_model(&a);
    free_model(&b);
    TF_DeleteStatus(s);
    return fell && same ? 0 : 1;
}
