/*
 * check.h -- the pass/fail bookkeeping shared by the C test programs in tests/c/.
 *
 * CHECK(cond) counts a passed or failed check and prints the failing expression with its file and
 * line; it is an expression whose value is 1 when the check passed. CHECK_PASS()/CHECK_FAIL()
 * count a check that a helper judged itself. check_report() prints the "N passed, N failed" line
 * that tests/test_c.py reads and returns the program's exit status.
 */
#ifndef TENFLOWERS_TEST_CHECK_H
#define TENFLOWERS_TEST_CHECK_H

#include <stdio.h>

static int check_passed = 0;
static int check_failed = 0;

static inline int check_at_file(int ok, const char *expr, const char *file, int line) {
    if (ok) {
        check_passed++;
    } else {
        check_failed++;
        printf("FAILED %s:%d: %s\n", file, line, expr);
        fflush(stdout);
    }
    return ok;
}

/* check_at(ok, expr, line): a check judged by the caller, reported at `line` of this file. */
#define check_at(ok, expr, line) check_at_file((ok), (expr), __FILE__, (line))
#define CHECK(cond) check_at((cond) ? 1 : 0, #cond, __LINE__)
#define CHECK_PASS() (check_passed++)
#define CHECK_FAIL() (check_failed++)

static inline int check_report(void) {
    printf("%d passed, %d failed\n", check_passed, check_failed);
    return check_failed != 0;
}

#endif
