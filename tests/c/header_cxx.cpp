/*
 * header_cxx.cpp -- tenflowers.h must stand alone in strict C++11:
 *   c++ -std=c++11 -Wall -Wextra -Werror -pedantic -Iinclude -c tests/c/header_cxx.cpp
 * Compiled (not linked) by tests/test_c.py. Includes nothing but the header, twice (include guard).
 */
#include "tenflowers.h"
#include "tenflowers.h"

static_assert(TF_ABI_VERSION == ((TF_ABI_VERSION_MAJOR << 16) | TF_ABI_VERSION_MINOR), "ABI macro");
static_assert(TF_MAX_DIMS == 64, "TF_MAX_DIMS");
static_assert(TF_OK == 0 && TF_INVALID_ARGUMENT == 3 && TF_INTERNAL == 16, "TF_Code values");
static_assert(TF_FLOAT == 1 && TF_INT64 == 9 && TF_BOOL == 10, "TF_DataType values");

// The declarations have C linkage: their addresses fit `extern "C"` function pointer types.
extern "C" {
typedef TF_Tensor *tf_binary_op(const TF_Tensor *, const TF_Tensor *, TF_Status *);
typedef TF_Tensor *tf_sum_fn(const TF_Tensor *, const int *, int, bool, TF_Status *);
}

int header_cxx_use(const TF_Tensor *t, TF_Status *s);

int header_cxx_use(const TF_Tensor *t, TF_Status *s) {
    int64_t dims[TF_MAX_DIMS] = {0};
    TF_DataType dt = TF_DOUBLE;
    TF_Code code = TF_GetCode(s);
    size_t size = TF_DataTypeSize(dt);
    bool contiguous = TF_TensorIsContiguous(t);
    uint32_t abi = TF_AbiVersion();
    tf_binary_op *add = &TF_Add;
    tf_sum_fn *sum = &TF_Sum;
    decltype(&TF_DeleteTensor) delete_tensor = TF_DeleteTensor;
    TF_TensorShape(t, dims, TF_NumDims(t), s);
    (void)add;
    (void)sum;
    (void)delete_tensor;
    return static_cast<int>(code) + static_cast<int>(size) + (contiguous ? 1 : 0) +
           static_cast<int>(abi >> 16) + static_cast<int>(dims[0]);
}
