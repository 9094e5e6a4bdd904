/*
 * c_api_basic.c -- a first tour of the tenflowers C API.
 *
 * Build (from the repository root, after `cd rust && cargo build --release`):
 *
 *   cc -std=c99 -Wall -Wextra -Werror -Iinclude examples/c_api_basic.c \
 *      -Lrust/target/release -ltenflowers -Wl,-rpath,rust/target/release \
 *      -o c_api_basic
 *   ./c_api_basic
 *
 * or against the installed Python package, which ships the header and the library:
 *
 *   INC=$(python -c "import tenflowers; print(tenflowers.get_include())")
 *   LIB=$(python -c "import tenflowers; print(tenflowers.get_library())")
 *   cc -std=c99 -Wall -Wextra -Werror -I"$INC" examples/c_api_basic.c "$LIB" \
 *      -Wl,-rpath,"$(dirname "$LIB")" -o c_api_basic
 *
 * The rules used below hold for every function (see include/tenflowers.h):
 *   - every TF_Tensor* / TF_Status* you get back is yours: free it with
 *     TF_DeleteTensor / TF_DeleteStatus (both accept NULL);
 *   - a fallible function takes a TF_Status* last; on failure it returns NULL
 *     and the status holds a TF_Code and a message naming the function;
 *   - tensors are immutable, strided views over shared storage, and data goes
 *     in and out in row-major order.
 */
#include <stdio.h>
#include <stdlib.h>

#include "tenflowers.h"

/* Stops the program with the status message when a call failed. A real
 * program would clean up and report; an example keeps it short. */
static void check(const TF_Status *status, const char *what) {
    if (TF_GetCode(status) != TF_OK) {
        fprintf(stderr, "%s failed: code %d: %s\n", what, (int)TF_GetCode(status), TF_Message(status));
        exit(1);
    }
}

/* Prints a float tensor as "name [d0,d1,...] = v0 v1 ..." by copying its
 * elements out in row-major order with TF_TensorCopyTo. */
static void print_float_tensor(const char *name, const TF_Tensor *t, TF_Status *status) {
    int nd = TF_NumDims(t);
    int64_t n = TF_TensorElementCount(t);
    size_t bytes = TF_TensorByteSize(t); /* == n * TF_DataTypeSize(TF_FLOAT) */
    float *buf = malloc(bytes > 0 ? bytes : 1);
    int i;
    if (buf == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    TF_TensorCopyTo(t, buf, bytes, status);
    check(status, "TF_TensorCopyTo");

    printf("%s [", name);
    for (i = 0; i < nd; i++) {
        printf(i ? ",%lld" : "%lld", (long long)TF_Dim(t, i));
    }
    printf("] =");
    for (i = 0; i < (int)n; i++) {
        printf(" %g", buf[i]);
    }
    printf("\n");
    free(buf);
}

int main(void) {
    /* 1. Check that the library we loaded speaks the ABI of the header we
     *    compiled against: same major, at least our minor. */
    uint32_t abi = TF_AbiVersion();
    if ((abi >> 16) != TF_ABI_VERSION_MAJOR || (abi & 0xffffu) < TF_ABI_VERSION_MINOR) {
        fprintf(stderr, "ABI mismatch: library %#x, header %#x\n", (unsigned)abi, (unsigned)TF_ABI_VERSION);
        return 1;
    }
    printf("tenflowers %s, ABI %u.%u (header %u.%u)\n", TF_Version(), (unsigned)(abi >> 16),
           (unsigned)(abi & 0xffffu), (unsigned)TF_ABI_VERSION_MAJOR, (unsigned)TF_ABI_VERSION_MINOR);
    if (abi != TF_ABI_VERSION) {
        printf("note: library ABI differs from the header's but is compatible\n");
    }

    /* 2. One status, reused by every call of this (single) thread. */
    TF_Status *status = TF_NewStatus();

    /* 3. A tensor from your own data: the bytes are copied, so `a_data` may
     *    be reused or freed right after the call. */
    const float a_data[6] = {1, 2, 3, 4, 5, 6};
    const int64_t a_dims[2] = {2, 3};
    TF_Tensor *a = TF_NewTensor(TF_FLOAT, a_dims, 2, a_data, sizeof a_data, status);
    check(status, "TF_NewTensor");
    print_float_tensor("a", a, status);

    /* Inspecting a tensor: dtype, rank, dims, element count. */
    printf("a: dtype %d (TF_FLOAT=%d), %d dims, %lld x %lld, %lld elements\n", (int)TF_TensorType(a),
           (int)TF_FLOAT, TF_NumDims(a), (long long)TF_Dim(a, 0), (long long)TF_Dim(a, 1),
           (long long)TF_TensorElementCount(a));

    /* 4. Filled tensors. */
    const int64_t row_dims[1] = {3};
    const int64_t sq_dims[2] = {3, 3};
    TF_Tensor *zeros = TF_Zeros(TF_FLOAT, row_dims, 1, status);
    check(status, "TF_Zeros");
    TF_Tensor *ones = TF_Ones(TF_FLOAT, sq_dims, 2, status);
    check(status, "TF_Ones");
    TF_Tensor *tens = TF_Full(TF_FLOAT, row_dims, 1, 10.0, status);
    check(status, "TF_Full");
    print_float_tensor("zeros", zeros, status);
    print_float_tensor("full", tens, status);

    /* Random numbers: reseeding makes them reproducible. */
    TF_ManualSeed(42);
    TF_Tensor *noise = TF_Randn(TF_FLOAT, row_dims, 1, status);
    check(status, "TF_Randn");
    print_float_tensor("randn (seed 42)", noise, status);

    /* 5. Arithmetic with NumPy broadcasting: [2,3] + [3] adds the row to
     *    each row of `a`. */
    TF_Tensor *sum_ab = TF_Add(a, tens, status);
    check(status, "TF_Add");
    print_float_tensor("a + full", sum_ab, status);

    /* 6. Matrix product: [2,3] @ [3,3] -> [2,3]. */
    TF_Tensor *prod = TF_MatMul(a, ones, status);
    check(status, "TF_MatMul");
    print_float_tensor("a @ ones", prod, status);

    /* 7. Transpose (perm NULL reverses the dims). The result is a view: it
     *    shares a's storage and is not contiguous. */
    TF_Tensor *at = TF_Transpose(a, NULL, 0, status);
    check(status, "TF_Transpose");
    print_float_tensor("a^T", at, status);
    printf("a^T contiguous: %s\n", TF_TensorIsContiguous(at) ? "yes" : "no");

    /* Zero-copy read of the view: element (i, j) lives at
     * data + (i*strides[0] + j*strides[1]) elements. */
    {
        int64_t strides[2];
        const float *data = TF_TensorData(at);
        int64_t i, j;
        TF_TensorStrides(at, strides, 2, status);
        check(status, "TF_TensorStrides");
        printf("a^T strides = [%lld,%lld], rows read in place:", (long long)strides[0], (long long)strides[1]);
        for (i = 0; i < TF_Dim(at, 0); i++) {
            printf(" (");
            for (j = 0; j < TF_Dim(at, 1); j++) {
                printf(j ? " %g" : "%g", data[i * strides[0] + j * strides[1]]);
            }
            printf(")");
        }
        printf("\n");
    }

    /* 8. Reshape; -1 is inferred. Reshaping the transposed view needs a copy,
     *    which the library makes for you. */
    const int64_t flat_dims[1] = {-1};
    TF_Tensor *flat = TF_Reshape(at, flat_dims, 1, status);
    check(status, "TF_Reshape");
    print_float_tensor("reshape(a^T, [-1])", flat, status);

    /* 9. Reductions: axes NULL sums everything; {0} sums down the columns. */
    TF_Tensor *total = TF_Sum(a, NULL, 0, false, status);
    check(status, "TF_Sum");
    print_float_tensor("sum(a)", total, status);
    const int axis0[1] = {0};
    TF_Tensor *col_sums = TF_Sum(a, axis0, 1, false, status);
    check(status, "TF_Sum");
    print_float_tensor("sum(a, axis=0)", col_sums, status);

    /* 10. Errors: [2,3] + [4] cannot be broadcast. The call returns NULL and
     *     the status says why. Nothing else needs cleaning up. */
    const int64_t bad_dims[1] = {4};
    TF_Tensor *four = TF_Zeros(TF_FLOAT, bad_dims, 1, status);
    check(status, "TF_Zeros");
    TF_Tensor *bad = TF_Add(a, four, status);
    if (bad == NULL) {
        printf("expected error: code %d (TF_SHAPE_ERROR=%d): %s\n", (int)TF_GetCode(status), (int)TF_SHAPE_ERROR,
               TF_Message(status));
    }
    /* The next successful call resets the status to TF_OK and "". */
    TF_Tensor *again = TF_Add(a, a, status);
    check(status, "TF_Add");
    printf("after a success: code %d, message \"%s\"\n", (int)TF_GetCode(status), TF_Message(status));

    /* 11. Free everything: tensors (views included) and the status. Deleting
     *     NULL (here `bad`) is allowed. */
    TF_DeleteTensor(again);
    TF_DeleteTensor(bad);
    TF_DeleteTensor(four);
    TF_DeleteTensor(col_sums);
    TF_DeleteTensor(total);
    TF_DeleteTensor(flat);
    TF_DeleteTensor(at);
    TF_DeleteTensor(prod);
    TF_DeleteTensor(sum_ab);
    TF_DeleteTensor(noise);
    TF_DeleteTensor(tens);
    TF_DeleteTensor(ones);
    TF_DeleteTensor(zeros);
    TF_DeleteTensor(a);
    TF_DeleteStatus(status);
    return 0;
}
