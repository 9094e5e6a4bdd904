/*
 * c_conv.c -- a small convolutional network trained from C: conv2d -> relu -> max_pool2d ->
 * linear -> cross-entropy, forward and backward, with plain SGD.
 *
 * Build (from the repository root, after `cd rust && cargo build --release`):
 *
 *   cc -std=c99 -Wall -Wextra -Werror -Iinclude examples/c_conv.c \
 *      -Lrust/target/release -ltenflowers -Wl,-rpath,rust/target/release -o c_conv
 *   ./c_conv
 *
 * The task: tell 8x8 images with one horizontal bar from images with one vertical bar, under
 * noise. Every layer is one C call (TF_Conv2d, TF_Relu, TF_MaxPool2d, TF_Linear,
 * TF_CrossEntropy); TF_Backward fills the gradients of the four parameter tensors and TF_SgdStep
 * updates them in place. The same calls are what tenflowers.nn runs from Python.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tenflowers.h"

enum { BATCH = 32, SIDE = 8, CHANNELS = 4, CLASSES = 2, STEPS = 40 };

static void check(const TF_Status *status, const char *what) {
    if (TF_GetCode(status) != TF_OK) {
        fprintf(stderr, "%s failed: code %d: %s\n", what, (int)TF_GetCode(status), TF_Message(status));
        exit(1);
    }
}

/* A fixed-seed generator for the data, so the run is the same everywhere. */
static uint64_t lcg_state = 12345;
static double lcg_uniform(void) {
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(lcg_state >> 11) / 9007199254740992.0;
}

/* Images [BATCH, 1, SIDE, SIDE] and labels [BATCH]: even rows get a horizontal bar (label 0),
 * odd rows a vertical one (label 1), at a random position, plus uniform noise in [0, 0.3). */
static void make_batch(TF_Tensor **images, TF_Tensor **labels, TF_Status *s) {
    static float pixels[BATCH * SIDE * SIDE];
    int64_t classes[BATCH];
    for (int n = 0; n < BATCH; n++) {
        int at = (int)(lcg_uniform() * SIDE);
        classes[n] = n % 2;
        for (int i = 0; i < SIDE; i++) {
            for (int j = 0; j < SIDE; j++) {
                int on = classes[n] == 0 ? i == at : j == at;
                pixels[(n * SIDE + i) * SIDE + j] = (float)(on + 0.3 * lcg_uniform());
            }
        }
    }
    int64_t image_dims[4] = {BATCH, 1, SIDE, SIDE};
    int64_t label_dims[1] = {BATCH};
    *images = TF_NewTensor(TF_FLOAT, image_dims, 4, pixels, sizeof pixels, s);
    check(s, "TF_NewTensor(images)");
    *labels = TF_NewTensor(TF_INT64, label_dims, 1, classes, sizeof classes, s);
    check(s, "TF_NewTensor(labels)");
}

/* A parameter: standard normal values times `scale`, marked as requiring a gradient. */
static TF_Tensor *parameter(const int64_t *dims, int num_dims, float scale, TF_Status *s) {
    TF_Tensor *noise = TF_Randn(TF_FLOAT, dims, num_dims, s);
    check(s, "TF_Randn");
    TF_Tensor *factor = TF_NewTensor(TF_FLOAT, NULL, 0, &scale, sizeof scale, s);
    check(s, "TF_NewTensor(scale)");
    TF_Tensor *p = TF_Mul(noise, factor, s);
    check(s, "TF_Mul");
    TF_DeleteTensor(noise);
    TF_DeleteTensor(factor);
    TF_SetRequiresGrad(p, true, s);
    check(s, "TF_SetRequiresGrad");
    return p;
}

struct model {
    TF_Tensor *conv_w, *conv_b, *fc_w, *fc_b;
};

/* Logits [BATCH, CLASSES] of the network; every intermediate is freed here (the autograd graph
 * keeps what the backward pass needs). */
static TF_Tensor *forward(const struct model *m, const TF_Tensor *images, TF_Status *s) {
    const int64_t one[2] = {1, 1}, pad[2] = {1, 1}, window[2] = {2, 2}, no_pad[2] = {0, 0};
    TF_Tensor *conv = TF_Conv2d(images, m->conv_w, m->conv_b, one, pad, one, 1, TF_PADDING_EXPLICIT, s);
    check(s, "TF_Conv2d");
    TF_Tensor *act = TF_Relu(conv, s);
    check(s, "TF_Relu");
    TF_Tensor *pooled = TF_MaxPool2d(act, window, window, no_pad, one, false, NULL, s);
    check(s, "TF_MaxPool2d");
    const int64_t flat_dims[2] = {BATCH, CHANNELS * (SIDE / 2) * (SIDE / 2)};
    TF_Tensor *flat = TF_Reshape(pooled, flat_dims, 2, s);
    check(s, "TF_Reshape");
    TF_Tensor *logits = TF_Linear(flat, m->fc_w, m->fc_b, TF_ACTIVATION_NONE, s);
    check(s, "TF_Linear");
    TF_DeleteTensor(conv);
    TF_DeleteTensor(act);
    TF_DeleteTensor(pooled);
    TF_DeleteTensor(flat);
    return logits;
}

static double accuracy(const TF_Tensor *logits, const TF_Tensor *labels, TF_Status *s) {
    float l[BATCH * CLASSES];
    int64_t y[BATCH];
    TF_TensorCopyTo(logits, l, sizeof l, s);
    check(s, "TF_TensorCopyTo(logits)");
    TF_TensorCopyTo(labels, y, sizeof y, s);
    check(s, "TF_TensorCopyTo(labels)");
    int right = 0;
    for (int n = 0; n < BATCH; n++) right += (l[n * CLASSES + 1] > l[n * CLASSES]) == (y[n] == 1);
    return (double)right / BATCH;
}

int main(void) {
    TF_Status *s = TF_NewStatus();
    TF_ManualSeed(0);
    const int64_t conv_w_dims[4] = {CHANNELS, 1, 3, 3}, conv_b_dims[1] = {CHANNELS};
    const int64_t fc_w_dims[2] = {CLASSES, CHANNELS * (SIDE / 2) * (SIDE / 2)}, fc_b_dims[1] = {CLASSES};
    struct model m = {
        parameter(conv_w_dims, 4, 0.3f, s), parameter(conv_b_dims, 1, 0.0f, s),
        parameter(fc_w_dims, 2, 0.1f, s), parameter(fc_b_dims, 1, 0.0f, s),
    };
    const TF_Tensor *params[4] = {m.conv_w, m.conv_b, m.fc_w, m.fc_b};

    double first = 0, last = 0;
    for (int step = 0; step < STEPS; step++) {
        TF_Tensor *images, *labels;
        make_batch(&images, &labels, s);
        TF_Tensor *logits = forward(&m, images, s);
        TF_Tensor *loss = TF_CrossEntropy(logits, labels, TF_REDUCTION_MEAN, TF_IGNORE_INDEX_DEFAULT, 0.0, s);
        check(s, "TF_CrossEntropy");
        double value = 0;
        TF_Tensor *as_double = TF_Cast(loss, TF_DOUBLE, s);
        check(s, "TF_Cast");
        TF_TensorCopyTo(as_double, &value, sizeof value, s);
        check(s, "TF_TensorCopyTo(loss)");
        if (step == 0) first = value;
        last = value;
        if (step % 10 == 0 || step == STEPS - 1) {
            printf("step %2d loss %.4f accuracy %.2f\n", step, value, accuracy(logits, labels, s));
        }
        TF_Backward(loss, NULL, false, false, s);
        check(s, "TF_Backward");
        TF_SgdStep(params, 4, 0.5, true, s);
        check(s, "TF_SgdStep");
        TF_DeleteTensor(as_double);
        TF_DeleteTensor(loss);
        TF_DeleteTensor(logits);
        TF_DeleteTensor(images);
        TF_DeleteTensor(labels);
    }

    /* A fresh batch, without recording: how well does the trained network generalise? */
    TF_SetGradEnabled(false);
    TF_Tensor *images, *labels;
    make_batch(&images, &labels, s);
    TF_Tensor *logits = forward(&m, images, s);
    printf("held-out accuracy %.2f\n", accuracy(logits, labels, s));
    printf("loss fell: %s\n", last < 0.5 * first ? "yes" : "no");
    TF_SetGradEnabled(true);

    TF_DeleteTensor(logits);
    TF_DeleteTensor(images);
    TF_DeleteTensor(labels);
    for (int i = 0; i < 4; i++) TF_DeleteTensor((TF_Tensor *)params[i]);
    TF_DeleteStatus(s);
    return 0;
}
