/*
 * check.h -- the pass/fail bookkeeping shared by the C test programs in tests/c/.
 *
 * CHECK(cond) counts a passed or failed check and prints the failing expression with its file and
 * line; it is an expression whose value is 1 when the check passed. CHECK_PASS()/CHECK_FAIL()
 * count a check that a helper judged itself. check_report() prints the "N passed, N failed" line
 * that tests/test_c.py reads and returns the program's exit status. The counters are atomic with
 * GCC and Clang, so worker threads may CHECK too (test_runtime.c does).
 */
#ifndef TENFLOWERS_TEST_CHECK_H
#define TENFLOWERS_TEST_CHECK_H

#include <stdio.h>

static int check_passed = 0;
static int check_failed = 0;

#if defined(__GNUC__) || defined(__clang__)
#define CHECK_COUNT(counter) ((void)__atomic_fetch_add(&(counter), 1, __ATOMIC_RELAXED))
#define CHECK_LOAD(counter) __atomic_load_n(&(counter), __ATOMIC_SEQ_CST)
#else
#define CHECK_COUNT(counter) ((void)(counter)++)
#define CHECK_LOAD(counter) (counter)
#endif

static inline int check_at_file(int ok, const char *expr, const char *file, int line) {
    if (ok) {
        CHECK_COUNT(check_passed);
    } else {
        CHECK_COUNT(check_failed);
        printf("FAILED %s:%d: %s\n", file, line, expr);
        fflush(stdout);
    }
    return ok;
}

/* check_at(ok, expr, line): a check judged by the caller, reported at `line` of this file. */
#define check_at(ok, expr, line) check_at_file((ok), (expr), __FILE__, (line))
#define CHECK(cond) check_at((cond) ? 1 : 0, #cond, __LINE__)
#define CHECK_PASS() CHECK_COUNT(check_passed)
#define CHECK_FAIL() CHECK_COUNT(check_failed)

static inline int check_report(void) {
    printf("%d passed, %d failed\n", CHECK_LOAD(check_passed), CHECK_LOAD(check_failed));
    return CHECK_LOAD(check_failed) != 0;
}

#endif
