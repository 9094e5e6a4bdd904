/*
 * header_c99.c -- tenflowers.h must stand alone in strict C99:
 *   cc -std=c99 -Wall -Wextra -Werror -pedantic -Iinclude -c tests/c/header_c99.c
 * Compiled (not linked) by tests/test_c.py. Includes nothing but the header, twice (include guard).
 */
#include "tenflowers.h"
#include "tenflowers.h"

/* Compile-time checks (C99 has no _Static_assert: a negative array size fails the build). */
typedef char tf_check_abi[(TF_ABI_VERSION == ((TF_ABI_VERSION_MAJOR << 16) | TF_ABI_VERSION_MINOR)) ? 1 : -1];
typedef char tf_check_max_dims[(TF_MAX_DIMS == 64) ? 1 : -1];
typedef char tf_check_codes[(TF_OK == 0 && TF_SHAPE_ERROR == 1 && TF_DTYPE_ERROR == 2 &&
                             TF_INVALID_ARGUMENT == 3 && TF_INTERNAL == 16) ? 1 : -1];
typedef char tf_check_dtypes[(TF_FLOAT == 1 && TF_DOUBLE == 2 && TF_INT32 == 3 && TF_INT64 == 9 &&
                              TF_BOOL == 10 && TF_HALF == 19) ? 1 : -1];

int header_c99_use(const TF_Tensor *t, TF_Status *s);

/* Uses types from <stdbool.h>, <stddef.h> and <stdint.h> through the header alone, and takes the
 * address of a few functions to check their prototypes. */
int header_c99_use(const TF_Tensor *t, TF_Status *s) {
    int64_t dims[TF_MAX_DIMS];
    TF_DataType dt = TF_FLOAT;
    TF_Code code = TF_GetCode(s);
    size_t size = TF_DataTypeSize(dt);
    bool contiguous = TF_TensorIsContiguous(t);
    uint32_t abi = TF_AbiVersion();
    struct TF_Tensor *(*binary_op)(const struct TF_Tensor *, const struct TF_Tensor *, TF_Status *) = TF_Add;
    TF_Tensor *(*sum)(const TF_Tensor *, const int *, int, bool, TF_Status *) = TF_Sum;
    void (*delete_tensor)(TF_Tensor *) = TF_DeleteTensor;
    TF_TensorShape(t, dims, TF_NumDims(t), s);
    (void)binary_op;
    (void)sum;
    (void)delete_tensor;
    return (int)code + (int)size + (contiguous ? 1 : 0) + (int)(abi >> 16) + (int)dims[0];
}
