/*
 * test_lr_scheduler.c -- the learning-rate schedulers from C: a StepLR sequence worked out by
 * hand, OneCycleLR's endpoints and momenta, ReduceLROnPlateau's reductions, LambdaLR and
 * MultiplicativeLR callbacks (and a callback reporting failure), SequentialLR and
 * ChainedScheduler over borrowed children, state export and import, and the error codes for bad
 * arguments (out-parameters left untouched). Built and run by tests/test_c.py under sanitizers.
 * The last line of output is "N passed, N failed"; the exit code is nonzero on any failure.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tenflowers.h"
#include "check.h"

static TF_Status *S;

/* |a - b| within 1e-12 relative (no libm: the test links only the library). */
static double mag(double x) { return x < 0 ? -x : x; }
static int near(double a, double b) { return mag(a - b) <= 1e-12 * (mag(b) > 1.0 ? mag(b) : 1.0); }
static int message_has(const char *s) { return strstr(TF_Message(S), s) != NULL; }

/* The lr of group 0 after the last step (NAN on error). */
static double lr0(const TF_LRScheduler *s) {
    double out[4] = {NAN, NAN, NAN, NAN};
    int64_t n = TF_LRSchedulerNumGroups(s, S);
    if (TF_GetCode(S) != TF_OK || n < 1 || n > 4) return NAN;
    TF_LRSchedulerGetLastLr(s, out, n, S);
    return TF_GetCode(S) == TF_OK ? out[0] : NAN;
}

static void step(TF_LRScheduler *s) { TF_LRSchedulerStep(s, NAN, S); }

/* lr_lambda: 1 / (epoch + 1) for group 0, 0.5 for group 1; counts calls in user_data. */
static double lambda_fn(int64_t epoch, int64_t group, void *user_data) {
    ++*(int *)user_data;
    return group == 0 ? 1.0 / (double)(epoch + 1) : 0.5;
}

/* Fails (returns NaN) from epoch 3 on. */
static double failing_fn(int64_t epoch, int64_t group, void *user_data) {
    (void)group;
    (void)user_data;
    return epoch >= 3 ? NAN : 0.9;
}

int main(void) {
    S = TF_NewStatus();
    const double base[2] = {1.0, 0.5};

    /* StepLR(step_size 3, gamma 0.5): 1, 1, 1, .5, .5, .5, .25 for group 0, half that for group 1. */
    TF_LRScheduler *st = TF_NewStepLR(base, 2, NULL, 3, 0.5, -1, S);
    CHECK(st != NULL && TF_GetCode(S) == TF_OK);
    CHECK(TF_LRSchedulerNumGroups(st, S) == 2 && TF_LRSchedulerLastEpoch(st, S) == 0);
    const double want[7] = {1, 1, 1, 0.5, 0.5, 0.5, 0.25};
    int ok = 1;
    for (int i = 0; i < 7; i++) {
        double out[2] = {0, 0};
        TF_LRSchedulerGetLastLr(st, out, 2, S);
        ok &= TF_GetCode(S) == TF_OK && out[0] == want[i] && out[1] == want[i] / 2;
        if (i < 6) step(st);
    }
    CHECK(ok);
    CHECK(TF_LRSchedulerLastEpoch(st, S) == 6);
    /* No momenta: HasMomentum false, GetLastMomentum an error that leaves out alone. */
    CHECK(!TF_LRSchedulerHasMomentum(st, S) && TF_GetCode(S) == TF_OK);
    double keep[2] = {-7, -7};
    TF_LRSchedulerGetLastMomentum(st, keep, 2, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT && keep[0] == -7 && message_has("StepLR"));
    /* A wrong count is an error, out untouched. */
    TF_LRSchedulerGetLastLr(st, keep, 3, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT && keep[0] == -7 && message_has("TF_LRSchedulerGetLastLr"));
    /* A metric for a non-plateau kind is an error. */
    TF_LRSchedulerStep(st, 1.0, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT && TF_LRSchedulerLastEpoch(st, S) == 6);

    /* State round trip: a second StepLR loaded mid-schedule continues identically. */
    int64_t size = TF_LRSchedulerStateSize(st, S);
    CHECK(size == 5 + 3 * 2);
    double state[64];
    TF_LRSchedulerGetState(st, state, size, S);
    CHECK(TF_GetCode(S) == TF_OK && state[2] == 6.0);
    TF_LRScheduler *st2 = TF_NewStepLR(base, 2, NULL, 3, 0.5, -1, S);
    TF_LRSchedulerSetState(st2, state, size, S);
    CHECK(TF_GetCode(S) == TF_OK && TF_LRSchedulerLastEpoch(st2, S) == 6);
    ok = 1;
    for (int i = 0; i < 10; i++) {
        step(st);
        step(st2);
        ok &= lr0(st) == lr0(st2);
    }
    CHECK(ok && near(lr0(st), 1.0 / 32));
    /* A short state, or one of another kind, is rejected and changes nothing. */
    TF_LRSchedulerSetState(st2, state, size - 1, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT && TF_LRSchedulerLastEpoch(st2, S) == 16);
    /* SetLr: the recursive form continues from the lr given (torch's group['lr']). */
    const double manual[2] = {0.8, 0.4};
    TF_LRSchedulerSetLr(st2, manual, 2, S);
    CHECK(TF_GetCode(S) == TF_OK);
    step(st2); /* epoch 17: no decay */
    step(st2); /* epoch 18: decay */
    CHECK(near(lr0(st2), 0.4));
    TF_LRSchedulerSetLr(st2, manual, 1, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT);

    /* The other chainable kinds, a few values each. */
    const int64_t ms[3] = {2, 4, 4};
    TF_LRScheduler *mst = TF_NewMultiStepLR(base, 2, NULL, ms, 3, 0.1, -1, S);
    step(mst), step(mst);
    CHECK(near(lr0(mst), 0.1));
    step(mst), step(mst);
    CHECK(near(lr0(mst), 0.001)); /* 4 is listed twice: gamma^2 */
    TF_LRScheduler *ex = TF_NewExponentialLR(base, 2, NULL, 0.5, -1, S);
    step(ex), step(ex);
    CHECK(near(lr0(ex), 0.25));
    TF_LRScheduler *ca = TF_NewCosineAnnealingLR(base, 2, NULL, 4, 0.0, -1, S);
    step(ca), step(ca);
    CHECK(near(lr0(ca), 0.5)); /* half way: (1 + cos(pi/2)) / 2 */
    TF_LRScheduler *wr = TF_NewCosineAnnealingWarmRestarts(base, 2, 2, 1, 0.0, -1, S);
    step(wr);
    CHECK(near(lr0(wr), 0.5));
    step(wr);
    CHECK(near(lr0(wr), 1.0)); /* restarted */
    TF_LRScheduler *li = TF_NewLinearLR(base, 2, NULL, 0.5, 1.0, 2, -1, S);
    CHECK(near(lr0(li), 0.5));
    step(li);
    CHECK(near(lr0(li), 0.75));
    TF_LRScheduler *co = TF_NewConstantLR(base, 2, NULL, 0.25, 2, -1, S);
    CHECK(near(lr0(co), 0.25));
    step(co), step(co);
    CHECK(near(lr0(co), 1.0));
    TF_LRScheduler *po = TF_NewPolynomialLR(base, 2, NULL, 4, 2.0, -1, S);
    step(po), step(po);
    CHECK(near(lr0(po), 0.25));
    /* current_lrs: the first step of ConstantLR multiplies the lr the optimizer has now. */
    const double cur[2] = {0.2, 0.1};
    TF_LRScheduler *co2 = TF_NewConstantLR(base, 2, cur, 0.5, 2, -1, S);
    CHECK(near(lr0(co2), 0.1));

    /* OneCycleLR: starts at max/div_factor with max momentum, peaks at max_lr at step
     * pct_start*total-1 with base momentum, ends at initial/final_div_factor; steps past
     * total_steps fail with TF_OPTIMIZER_ERROR and change nothing. */
    const double max_lrs[2] = {1.0, 2.0}, bm[2] = {0.85, 0.8}, mm[2] = {0.95, 0.9};
    TF_LRScheduler *oc = TF_NewOneCycleLR(max_lrs, 2, 10, 0.3, TF_ANNEAL_COS, true, bm, mm, 25.0, 1e4, false, -1, S);
    CHECK(oc != NULL && near(lr0(oc), 0.04) && TF_LRSchedulerHasMomentum(oc, S));
    double mom[2] = {0, 0};
    TF_LRSchedulerGetLastMomentum(oc, mom, 2, S);
    CHECK(TF_GetCode(S) == TF_OK && near(mom[0], 0.95) && near(mom[1], 0.9));
    step(oc), step(oc);
    TF_LRSchedulerGetLastMomentum(oc, mom, 2, S);
    CHECK(near(lr0(oc), 1.0) && near(mom[0], 0.85) && near(mom[1], 0.8));
    for (int i = 0; i < 7; i++) step(oc);
    CHECK(TF_GetCode(S) == TF_OK && near(lr0(oc), 0.04 / 1e4) && TF_LRSchedulerLastEpoch(oc, S) == 9);
    step(oc); /* epoch 10 == total_steps is allowed, as in torch */
    CHECK(TF_GetCode(S) == TF_OK);
    step(oc);
    CHECK(TF_GetCode(S) == TF_OPTIMIZER_ERROR && message_has("OneCycleLR") && message_has("10"));
    CHECK(TF_LRSchedulerLastEpoch(oc, S) == 10);
    CHECK(TF_NewOneCycleLR(max_lrs, 2, 0, 0.3, TF_ANNEAL_COS, false, NULL, NULL, 25, 1e4, false, -1, S) == NULL &&
          TF_GetCode(S) == TF_INVALID_ARGUMENT && message_has("total_steps") && message_has("0"));
    CHECK(TF_NewOneCycleLR(max_lrs, 2, 10, 0.3, 7, false, NULL, NULL, 25, 1e4, false, -1, S) == NULL &&
          TF_GetCode(S) == TF_INVALID_ARGUMENT && message_has("anneal_strategy"));
    CHECK(TF_NewOneCycleLR(max_lrs, 2, 10, 0.3, TF_ANNEAL_LINEAR, true, NULL, mm, 25, 1e4, true, -1, S) == NULL &&
          TF_GetCode(S) == TF_INVALID_ARGUMENT && message_has("base_momentums"));

    /* CyclicLR triangular, up 2, down 2: 0.1, 0.55, 1.0, 0.55, 0.1; momentum inversely. */
    const double cb[1] = {0.1}, cm[1] = {1.0}, cbm[1] = {0.8}, cmm[1] = {0.9};
    TF_LRScheduler *cy = TF_NewCyclicLR(cb, 1, cm, 2, 2, TF_CYCLIC_TRIANGULAR, 1.0, true, cbm, cmm, -1, S);
    CHECK(cy != NULL && near(lr0(cy), 0.1));
    step(cy), step(cy);
    TF_LRSchedulerGetLastMomentum(cy, mom, 1, S);
    CHECK(near(lr0(cy), 1.0) && near(mom[0], 0.8));
    step(cy), step(cy);
    CHECK(near(lr0(cy), 0.1));
    CHECK(TF_NewCyclicLR(cb, 1, cm, 0, 2, TF_CYCLIC_TRIANGULAR, 1.0, false, NULL, NULL, -1, S) == NULL &&
          TF_GetCode(S) == TF_INVALID_ARGUMENT && message_has("step_size_up"));

    /* LambdaLR and MultiplicativeLR with user data; a callback's NaN is TF_OPTIMIZER_ERROR. */
    int calls = 0;
    TF_LRScheduler *la = TF_NewLambdaLR(base, 2, lambda_fn, &calls, -1, S);
    CHECK(la != NULL && calls == 2 && near(lr0(la), 1.0));
    step(la), step(la);
    double two[2];
    TF_LRSchedulerGetLastLr(la, two, 2, S);
    CHECK(near(two[0], 1.0 / 3) && near(two[1], 0.25) && calls == 6);
    TF_LRScheduler *mu = TF_NewMultiplicativeLR(base, 2, NULL, failing_fn, NULL, -1, S);
    CHECK(mu != NULL && near(lr0(mu), 1.0));
    step(mu), step(mu);
    CHECK(TF_GetCode(S) == TF_OK && near(lr0(mu), 0.81));
    step(mu);
    CHECK(TF_GetCode(S) == TF_OPTIMIZER_ERROR && message_has("NaN") && TF_LRSchedulerLastEpoch(mu, S) == 2);
    CHECK(near(lr0(mu), 0.81));
    CHECK(TF_NewLambdaLR(base, 2, NULL, NULL, -1, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT);

    /* SequentialLR: ConstantLR(0.5) for 2 epochs, then ExponentialLR(0.5) restarted at 1.0. */
    TF_LRScheduler *c1 = TF_NewConstantLR(base, 2, NULL, 0.5, 10, -1, S);
    TF_LRScheduler *e1 = TF_NewExponentialLR(base, 2, NULL, 0.5, -1, S);
    const TF_LRScheduler *kids[2] = {c1, e1};
    const int64_t mile[1] = {2};
    TF_LRScheduler *sq = TF_NewSequentialLR(base, 2, kids, 2, mile, 1, -1, S);
    CHECK(sq != NULL && near(lr0(sq), 0.5));
    TF_DeleteLRScheduler(c1); /* the composite keeps its own reference */
    step(sq);
    CHECK(near(lr0(sq), 0.5));
    step(sq);
    CHECK(near(lr0(sq), 1.0) && TF_LRSchedulerLastEpoch(e1, S) == 0);
    step(sq);
    CHECK(near(lr0(sq), 0.5) && near(lr0(e1), 0.5)); /* the child shows the step too */
    /* Composite state round trip (children included). */
    size = TF_LRSchedulerStateSize(sq, S);
    CHECK(size > 11 && size <= 64);
    TF_LRSchedulerGetState(sq, state, size, S);
    step(sq);
    TF_LRSchedulerSetState(sq, state, size, S);
    CHECK(TF_GetCode(S) == TF_OK && near(lr0(sq), 0.5) && TF_LRSchedulerLastEpoch(e1, S) == 1);
    /* Milestones must be one fewer than the schedulers. */
    CHECK(TF_NewSequentialLR(base, 2, kids + 1, 1, mile, 1, -1, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT &&
          message_has("SequentialLR"));

    /* ChainedScheduler: both factors apply, in order. */
    TF_LRScheduler *k1 = TF_NewExponentialLR(base, 2, NULL, 0.5, -1, S);
    TF_LRScheduler *k2 = TF_NewStepLR(base, 2, NULL, 1, 0.5, -1, S);
    const TF_LRScheduler *chain[2] = {k1, k2};
    TF_LRScheduler *ch = TF_NewChainedScheduler(chain, 2, S);
    CHECK(ch != NULL && near(lr0(ch), 1.0));
    step(ch);
    CHECK(near(lr0(ch), 0.25) && TF_LRSchedulerLastEpoch(ch, S) == 1);
    CHECK(TF_NewChainedScheduler(chain, 0, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT);

    /* ReduceLROnPlateau(min, factor 0.5, patience 1, cooldown 1, min_lr 0.3): no improvement
     * for 2 steps halves the lr; cooldown skips a step; min_lr floors it. */
    const double min_lrs[2] = {0.3, 0.0};
    TF_LRScheduler *pl =
        TF_NewReduceLROnPlateau(base, 2, TF_PLATEAU_MIN, 0.5, 1, 1e-4, TF_THRESHOLD_REL, 1, min_lrs, 1e-8, S);
    CHECK(pl != NULL && TF_LRSchedulerLastEpoch(pl, S) == 0 && near(lr0(pl), 1.0));
    TF_LRSchedulerStep(pl, 1.0, S); /* best */
    TF_LRSchedulerStep(pl, 1.0, S); /* bad 1 */
    CHECK(near(lr0(pl), 1.0));
    TF_LRSchedulerStep(pl, 1.0, S); /* bad 2 > patience: reduce, cooldown 1 */
    CHECK(near(lr0(pl), 0.5));
    TF_LRSchedulerStep(pl, 1.0, S); /* cooldown */
    TF_LRSchedulerStep(pl, 1.0, S); /* bad 1 */
    CHECK(near(lr0(pl), 0.5));
    TF_LRSchedulerStep(pl, 1.0, S); /* bad 2: 0.25 floored at 0.3 */
    TF_LRSchedulerGetLastLr(pl, two, 2, S);
    CHECK(near(two[0], 0.3) && near(two[1], 0.125));
    /* best, num_bad_epochs, cooldown_counter are the last three state values. */
    size = TF_LRSchedulerStateSize(pl, S);
    TF_LRSchedulerGetState(pl, state, size, S);
    CHECK(size == 5 + 6 + 3 && state[size - 3] == 1.0 && state[size - 2] == 0.0 && state[size - 1] == 1.0);
    CHECK(TF_NewReduceLROnPlateau(base, 2, TF_PLATEAU_MIN, 1.0, 1, 1e-4, TF_THRESHOLD_REL, 0, min_lrs, 1e-8, S) ==
              NULL &&
          TF_GetCode(S) == TF_INVALID_ARGUMENT && message_has("factor") && message_has("1"));
    CHECK(TF_NewReduceLROnPlateau(base, 2, 5, 0.5, 1, 1e-4, TF_THRESHOLD_ABS, 0, min_lrs, 1e-8, S) == NULL &&
          TF_GetCode(S) == TF_INVALID_ARGUMENT && message_has("mode"));
    /* A plateau scheduler cannot be a child. */
    const TF_LRScheduler *bad[1] = {pl};
    CHECK(TF_NewChainedScheduler(bad, 1, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT &&
          message_has("ReduceLROnPlateau"));

    /* Bad arguments: each names the scheduler and the value. */
    CHECK(TF_NewStepLR(base, 2, NULL, -3, 0.5, -1, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT &&
          message_has("TF_NewStepLR") && message_has("step_size") && message_has("-3"));
    CHECK(TF_NewExponentialLR(base, 2, NULL, 0.0, -1, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT &&
          message_has("gamma"));
    CHECK(TF_NewStepLR(NULL, 2, NULL, 3, 0.5, -1, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT &&
          message_has("base_lrs"));
    CHECK(TF_NewStepLR(base, 0, NULL, 3, 0.5, -1, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT);
    CHECK(TF_NewLinearLR(base, 2, NULL, 0.0, 1.0, 5, -1, S) == NULL && message_has("start_factor"));
    CHECK(TF_NewCosineAnnealingWarmRestarts(base, 2, 0, 1, 0.0, -1, S) == NULL && message_has("T_0"));
    CHECK(TF_NewCosineAnnealingLR(base, 2, NULL, 0, 0.0, -1, S) == NULL && message_has("T_max"));
    CHECK(TF_NewConstantLR(base, 2, NULL, 1.5, 5, -1, S) == NULL && message_has("factor"));
    CHECK(TF_NewPolynomialLR(base, 2, NULL, 0, 1.0, -1, S) == NULL && message_has("total_iters"));
    CHECK(TF_NewMultiStepLR(base, 2, NULL, NULL, 2, 0.1, -1, S) == NULL && message_has("milestones"));
    CHECK(TF_LRSchedulerLastEpoch(NULL, S) == -2 && TF_GetCode(S) == TF_INVALID_ARGUMENT);
    TF_LRSchedulerStep(NULL, NAN, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT);

    TF_LRScheduler *all[] = {st, st2, mst, ex, ca, wr, li, co, po, co2, oc, cy, la, mu, e1, sq, k1, k2, ch, pl};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) TF_DeleteLRScheduler(all[i]);
    TF_DeleteLRScheduler(NULL);
    TF_DeleteStatus(S);
    return check_report();
}
