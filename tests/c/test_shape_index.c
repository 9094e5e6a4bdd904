/* C tests of the shape and indexing entry points: each function once with checked values and at
 * least one error path. Build and run (from the repository root, after cargo build --release):
 *   cc -std=c99 -Wall -Wextra -Werror -fsanitize=address,undefined -Iinclude tests/c/test_shape_index.c \
 *      rust/target/release/libtenflowers.so -Wl,-rpath,$PWD/rust/target/release -o /tmp/t && /tmp/t
 * The last line of output is "N passed, N failed"; the exit code is nonzero on any failure. */

#include <stdio.h>
#include <string.h>

#include "tenflowers.h"
#include "check.h"

static TF_Status *st;

/* An int64 tensor of shape dims holding 0, 1, 2, ... */
static TF_Tensor *arange(const int64_t *dims, int nd) {
    int64_t n = 1, buf[256];
    for (int i = 0; i < nd; i++) n *= dims[i];
    for (int64_t i = 0; i < n; i++) buf[i] = i;
    return TF_NewTensor(TF_INT64, dims, nd, buf, (size_t)n * sizeof(int64_t), st);
}

static TF_Tensor *from_i64(const int64_t *vals, const int64_t *dims, int nd) {
    int64_t n = 1;
    for (int i = 0; i < nd; i++) n *= dims[i];
    return TF_NewTensor(TF_INT64, dims, nd, vals, (size_t)n * sizeof(int64_t), st);
}

/* True when t is an int64 tensor of the given shape and row-major values. */
static int equals(const TF_Tensor *t, const int64_t *dims, int nd, const int64_t *vals) {
    if (!t || TF_NumDims(t) != nd || TF_TensorType(t) != TF_INT64) return 0;
    int64_t n = 1;
    for (int i = 0; i < nd; i++) {
        if (TF_Dim(t, i) != dims[i]) return 0;
        n *= dims[i];
    }
    int64_t buf[256];
    if (n > 256) return 0;
    TF_TensorCopyTo(t, buf, (size_t)n * sizeof(int64_t), st);
    if (TF_GetCode(st) != TF_OK) return 0;
    return n == 0 || memcmp(buf, vals, (size_t)n * sizeof(int64_t)) == 0;
}

static int failed_with(TF_Code code, const char *text) {
    return TF_GetCode(st) == code && strstr(TF_Message(st), text) != NULL;
}

int main(void) {
    st = TF_NewStatus();
    const int64_t d23[] = {2, 3}, d234[] = {2, 3, 4};
    TF_Tensor *a = arange(d23, 2);   /* [[0,1,2],[3,4,5]] */
    TF_Tensor *b = arange(d234, 3);

    /* TF_Slice: a[1, ::-1] -> [5,4,3], a view sharing storage. */
    {
        const int64_t items[] = {TF_INDEX_INT, 1, 0, 0, TF_INDEX_SLICE, TF_SLICE_NONE, TF_SLICE_NONE, -1};
        TF_Tensor *v = TF_Slice(a, items, 2, st);
        const int64_t dims[] = {3}, want[] = {5, 4, 3};
        CHECK(equals(v, dims, 1, want));
        CHECK((char *)TF_TensorData(v) == (char *)TF_TensorData(a) + 5 * sizeof(int64_t));
        TF_DeleteTensor(v);
        const int64_t items2[] = {TF_INDEX_NEWAXIS, 0, 0, 0, TF_INDEX_ELLIPSIS, 0, 0, 0, TF_INDEX_INT, -1, 0, 0};
        v = TF_Slice(b, items2, 3, st);
        const int64_t dims2[] = {1, 2, 3}, want2[] = {3, 7, 11, 15, 19, 23};
        CHECK(equals(v, dims2, 3, want2));
        TF_DeleteTensor(v);
        const int64_t bad[] = {TF_INDEX_INT, 0, 0, 0, TF_INDEX_INT, 3, 0, 0};
        CHECK(TF_Slice(a, bad, 2, st) == NULL);
        CHECK(failed_with(TF_INVALID_ARGUMENT, "TF_Slice: index 3 is out of bounds for axis 1 with size 3"));
        const int64_t zero_step[] = {TF_INDEX_SLICE, 0, 1, 0};
        CHECK(TF_Slice(a, zero_step, 1, st) == NULL && failed_with(TF_INVALID_ARGUMENT, "step"));
        CHECK(TF_Slice(a, NULL, 1, st) == NULL && TF_GetCode(st) == TF_INVALID_ARGUMENT);
    }
    /* TF_ExpandDims / TF_Squeeze / TF_Flatten */
    {
        const int axes[] = {0, -1};
        TF_Tensor *e = TF_ExpandDims(a, axes, 2, st);
        const int64_t dims[] = {1, 2, 3, 1}, want[] = {0, 1, 2, 3, 4, 5};
        CHECK(equals(e, dims, 4, want));
        TF_Tensor *s = TF_Squeeze(e, NULL, 0, st);
        CHECK(equals(s, d23, 2, want));
        const int sq[] = {1};
        CHECK(TF_Squeeze(e, sq, 1, st) == NULL && failed_with(TF_SHAPE_ERROR, "size 2"));
        const int bad_axes[] = {5};
        CHECK(TF_ExpandDims(a, bad_axes, 1, st) == NULL && failed_with(TF_INVALID_ARGUMENT, "axis 5"));
        TF_Tensor *f = TF_Flatten(b, 1, 2, st);
        const int64_t fd[] = {2, 12};
        CHECK(f && TF_Dim(f, 1) == 12 && TF_NumDims(f) == 2 && equals(f, fd, 2, (int64_t[24]){0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23}));
        CHECK(TF_Flatten(b, 2, 1, st) == NULL && TF_GetCode(st) == TF_INVALID_ARGUMENT);
        TF_DeleteTensor(e);
        TF_DeleteTensor(s);
        TF_DeleteTensor(f);
    }
    /* TF_BroadcastTo / TF_BroadcastArrays */
    {
        const int64_t row_dims[] = {3}, vals[] = {7, 8, 9};
        TF_Tensor *row = from_i64(vals, row_dims, 1);
        TF_Tensor *br = TF_BroadcastTo(row, d23, 2, st);
        const int64_t want[] = {7, 8, 9, 7, 8, 9};
        CHECK(equals(br, d23, 2, want));
        const int64_t bad[] = {2, 4};
        CHECK(TF_BroadcastTo(row, bad, 2, st) == NULL && TF_GetCode(st) == TF_SHAPE_ERROR);
        const TF_Tensor *ins[] = {a, row};
        TF_Tensor *outs[2] = {NULL, NULL};
        TF_BroadcastArrays(ins, 2, outs, 2, st);
        CHECK(TF_GetCode(st) == TF_OK && equals(outs[1], d23, 2, want));
        TF_DeleteTensor(outs[0]);
        TF_DeleteTensor(outs[1]);
        TF_Tensor *keep[1] = {NULL};
        TF_BroadcastArrays(ins, 2, keep, 1, st);
        CHECK(TF_GetCode(st) == TF_INVALID_ARGUMENT && keep[0] == NULL);
        TF_DeleteTensor(row);
        TF_DeleteTensor(br);
    }
    /* TF_Flip / TF_MoveAxis / TF_SwapAxes / TF_Copy */
    {
        TF_Tensor *f = TF_Flip(a, NULL, 0, st);
        const int64_t want[] = {5, 4, 3, 2, 1, 0};
        CHECK(equals(f, d23, 2, want));
        CHECK(!TF_TensorIsContiguous(f));
        int64_t strides[2];
        TF_TensorStrides(f, strides, 2, st);
        CHECK(strides[0] == -3 && strides[1] == -1);
        const int bad[] = {2};
        CHECK(TF_Flip(a, bad, 1, st) == NULL && TF_GetCode(st) == TF_INVALID_ARGUMENT);
        const int src[] = {0}, dst[] = {-1};
        TF_Tensor *m = TF_MoveAxis(b, src, 1, dst, 1, st);
        CHECK(m && TF_Dim(m, 0) == 3 && TF_Dim(m, 1) == 4 && TF_Dim(m, 2) == 2);
        CHECK(TF_MoveAxis(b, src, 1, dst, 0, st) == NULL && TF_GetCode(st) == TF_INVALID_ARGUMENT);
        TF_Tensor *sw = TF_SwapAxes(a, 0, 1, st);
        const int64_t dt[] = {3, 2}, wt[] = {0, 3, 1, 4, 2, 5};
        CHECK(equals(sw, dt, 2, wt));
        CHECK(TF_SwapAxes(a, 0, 2, st) == NULL && TF_GetCode(st) == TF_INVALID_ARGUMENT);
        TF_Tensor *c = TF_Copy(f, st);
        CHECK(equals(c, d23, 2, want) && TF_TensorIsContiguous(c) && TF_TensorData(c) != TF_TensorData(a));
        CHECK(TF_Copy(NULL, st) == NULL && TF_GetCode(st) == TF_INVALID_ARGUMENT);
        TF_DeleteTensor(f);
        TF_DeleteTensor(m);
        TF_DeleteTensor(sw);
        TF_DeleteTensor(c);
    }
    /* TF_Concat / TF_Stack */
    {
        const TF_Tensor *ins[] = {a, a};
        const int axis = 1;
        TF_Tensor *c = TF_Concat(ins, 2, &axis, st);
        const int64_t cd[] = {2, 6}, cw[] = {0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5};
        CHECK(equals(c, cd, 2, cw));
        TF_Tensor *flat = TF_Concat(ins, 2, NULL, st);
        CHECK(flat && TF_NumDims(flat) == 1 && TF_Dim(flat, 0) == 12);
        const TF_Tensor *mixed[] = {a, b};
        CHECK(TF_Concat(mixed, 2, &axis, st) == NULL && TF_GetCode(st) == TF_SHAPE_ERROR);
        CHECK(TF_Concat(ins, 0, &axis, st) == NULL && TF_GetCode(st) == TF_INVALID_ARGUMENT);
        TF_Tensor *s = TF_Stack(ins, 2, -1, st);
        CHECK(s && TF_NumDims(s) == 3 && TF_Dim(s, 2) == 2);
        CHECK(TF_Stack(mixed, 2, 0, st) == NULL && TF_GetCode(st) == TF_SHAPE_ERROR);
        TF_DeleteTensor(c);
        TF_DeleteTensor(flat);
        TF_DeleteTensor(s);
    }
    /* TF_Split / TF_SplitSections / TF_Unstack */
    {
        const int64_t idx[] = {1};
        TF_Tensor *parts[2] = {NULL, NULL};
        TF_Split(a, idx, 1, 1, parts, 2, st);
        const int64_t d0[] = {2, 1}, w0[] = {0, 3}, d1[] = {2, 2}, w1[] = {1, 2, 4, 5};
        CHECK(TF_GetCode(st) == TF_OK && equals(parts[0], d0, 2, w0) && equals(parts[1], d1, 2, w1));
        TF_DeleteTensor(parts[0]);
        TF_DeleteTensor(parts[1]);
        TF_Split(a, idx, 1, 1, parts, 3, st);
        CHECK(TF_GetCode(st) == TF_INVALID_ARGUMENT);
        TF_Tensor *secs[3] = {NULL, NULL, NULL};
        TF_SplitSections(a, 3, 1, true, secs, 3, st);
        const int64_t sd[] = {2, 1}, sw[] = {2, 5};
        CHECK(TF_GetCode(st) == TF_OK && equals(secs[2], sd, 2, sw));
        for (int i = 0; i < 3; i++) TF_DeleteTensor(secs[i]);
        TF_SplitSections(a, 2, 1, true, secs, 2, st);
        CHECK(failed_with(TF_SHAPE_ERROR, "equal division"));
        TF_SplitSections(a, 2, 1, false, secs, 2, st);
        CHECK(TF_GetCode(st) == TF_OK && TF_Dim(secs[0], 1) == 2 && TF_Dim(secs[1], 1) == 1);
        TF_DeleteTensor(secs[0]);
        TF_DeleteTensor(secs[1]);
        TF_Tensor *rows[2] = {NULL, NULL};
        TF_Unstack(a, 0, rows, 2, st);
        const int64_t rd[] = {3}, rw[] = {3, 4, 5};
        CHECK(TF_GetCode(st) == TF_OK && equals(rows[1], rd, 1, rw));
        TF_DeleteTensor(rows[0]);
        TF_DeleteTensor(rows[1]);
        TF_Unstack(a, 2, rows, 2, st);
        CHECK(TF_GetCode(st) == TF_INVALID_ARGUMENT);
    }
    /* TF_Tile / TF_Repeat / TF_Roll / TF_Pad */
    {
        const int64_t reps[] = {2};
        const int64_t v3d[] = {3}, v3[] = {1, 2, 3};
        TF_Tensor *x = from_i64(v3, v3d, 1);
        TF_Tensor *t = TF_Tile(x, reps, 1, st);
        const int64_t td[] = {6}, tw[] = {1, 2, 3, 1, 2, 3};
        CHECK(equals(t, td, 1, tw));
        const int64_t neg[] = {-1};
        CHECK(TF_Tile(x, neg, 1, st) == NULL && TF_GetCode(st) == TF_INVALID_ARGUMENT);
        const int64_t counts[] = {0, 1, 2};
        const int axis0 = 0;
        TF_Tensor *r = TF_Repeat(x, counts, 3, &axis0, st);
        const int64_t rd[] = {3}, rw[] = {2, 3, 3};
        CHECK(equals(r, rd, 1, rw));
        CHECK(TF_Repeat(x, counts, 2, &axis0, st) == NULL && TF_GetCode(st) == TF_SHAPE_ERROR);
        const int64_t shift[] = {1};
        TF_Tensor *ro = TF_Roll(x, shift, 1, NULL, 0, st);
        const int64_t row[] = {3, 1, 2};
        CHECK(equals(ro, v3d, 1, row));
        const int bad_axis[] = {1};
        CHECK(TF_Roll(x, shift, 1, bad_axis, 1, st) == NULL && TF_GetCode(st) == TF_INVALID_ARGUMENT);
        const int64_t pw[] = {2, 1};
        TF_Tensor *p = TF_Pad(x, pw, 2, TF_PAD_REFLECT, 0.0, st);
        const int64_t pd[] = {6}, pwant[] = {3, 2, 1, 2, 3, 2};
        CHECK(equals(p, pd, 1, pwant));
        TF_Tensor *pc = TF_Pad(x, pw, 2, TF_PAD_CONSTANT, -7.0, st);
        const int64_t pcw[] = {-7, -7, 1, 2, 3, -7};
        CHECK(equals(pc, pd, 1, pcw));
        CHECK(TF_Pad(x, pw, 2, 99, 0.0, st) == NULL && failed_with(TF_INVALID_ARGUMENT, "mode"));
        CHECK(TF_Pad(x, pw, 1, TF_PAD_EDGE, 0.0, st) == NULL && TF_GetCode(st) == TF_INVALID_ARGUMENT);
        TF_DeleteTensor(x);
        TF_DeleteTensor(t);
        TF_DeleteTensor(r);
        TF_DeleteTensor(ro);
        TF_DeleteTensor(p);
        TF_DeleteTensor(pc);
    }
    /* TF_Assign / TF_IndexAssign: writes are visible through every view. */
    {
        TF_Tensor *m = arange(d23, 2);
        const int64_t items[] = {TF_INDEX_SLICE, TF_SLICE_NONE, TF_SLICE_NONE, 1, TF_INDEX_INT, 1, 0, 0};
        TF_Tensor *col = TF_Slice(m, items, 2, st);
        TF_Tensor *val = TF_Full(TF_DOUBLE, NULL, 0, 9.9, st);
        TF_Assign(col, val, st);
        const int64_t want[] = {0, 9, 2, 3, 9, 5};
        CHECK(TF_GetCode(st) == TF_OK && equals(m, d23, 2, want));
        const int64_t wrong[] = {4};
        TF_Tensor *w = TF_Zeros(TF_INT64, wrong, 1, st);
        TF_Assign(col, w, st);
        CHECK(failed_with(TF_SHAPE_ERROR, "could not broadcast"));
        const int64_t id_dims[] = {2}, id_vals[] = {0, 2};
        TF_Tensor *idx = from_i64(id_vals, id_dims, 1);
        const TF_Tensor *ids[] = {idx};
        const int axes1[] = {1};
        TF_Tensor *minus = TF_Full(TF_INT64, NULL, 0, -1.0, st);
        TF_IndexAssign(m, ids, axes1, 1, minus, st);
        const int64_t want2[] = {-1, 9, -1, -1, 9, -1};
        CHECK(TF_GetCode(st) == TF_OK && equals(m, d23, 2, want2));
        const int axes5[] = {5};
        TF_IndexAssign(m, ids, axes5, 1, minus, st);
        CHECK(TF_GetCode(st) == TF_INVALID_ARGUMENT);
        TF_DeleteTensor(m);
        TF_DeleteTensor(col);
        TF_DeleteTensor(val);
        TF_DeleteTensor(w);
        TF_DeleteTensor(idx);
        TF_DeleteTensor(minus);
    }
    /* TF_Index / TF_Take / TF_TakeAlongAxis / TF_Gather / TF_ScatterAdd / TF_Nonzero */
    {
        const int64_t id_dims[] = {2}, id_vals[] = {2, -3};
        TF_Tensor *idx = from_i64(id_vals, id_dims, 1);
        const TF_Tensor *ids[] = {idx};
        const int axes1[] = {1};
        TF_Tensor *g = TF_Index(a, ids, axes1, 1, st);
        const int64_t gd[] = {2, 2}, gw[] = {2, 0, 5, 3};
        CHECK(equals(g, gd, 2, gw));
        const int64_t big[] = {3}, one[] = {1};
        TF_Tensor *oob = from_i64(big, one, 1);
        const TF_Tensor *oobs[] = {oob};
        CHECK(TF_Index(a, oobs, axes1, 1, st) == NULL &&
              failed_with(TF_INVALID_ARGUMENT, "index 3 is out of bounds for axis 1 with size 3"));
        const int axis1 = 1;
        TF_Tensor *tk = TF_Take(a, idx, &axis1, st);
        CHECK(equals(tk, gd, 2, gw));
        TF_Tensor *fidx = TF_Zeros(TF_FLOAT, id_dims, 1, st);
        CHECK(TF_Take(a, fidx, NULL, st) == NULL && TF_GetCode(st) == TF_DTYPE_ERROR);
        const int64_t ta_dims[] = {2, 1}, ta_vals[] = {2, 0};
        TF_Tensor *ta_idx = from_i64(ta_vals, ta_dims, 2);
        TF_Tensor *ta = TF_TakeAlongAxis(a, ta_idx, &axis1, st);
        const int64_t taw[] = {2, 3};
        CHECK(equals(ta, ta_dims, 2, taw));
        CHECK(TF_TakeAlongAxis(a, idx, &axis1, st) == NULL && TF_GetCode(st) == TF_SHAPE_ERROR);
        const int64_t gi_vals[] = {1, 0, 1};
        const int64_t gi_dims[] = {1, 3};
        TF_Tensor *gi = from_i64(gi_vals, gi_dims, 2);
        TF_Tensor *ga = TF_Gather(a, 0, gi, st);
        const int64_t gaw[] = {3, 1, 5};
        CHECK(equals(ga, gi_dims, 2, gaw));
        CHECK(TF_Gather(a, 0, idx, st) == NULL && TF_GetCode(st) == TF_SHAPE_ERROR);
        TF_Tensor *ones = TF_Ones(TF_INT64, gi_dims, 2, st);
        TF_Tensor *sa = TF_ScatterAdd(a, 0, gi, ones, st);
        const int64_t saw[] = {0, 2, 2, 4, 4, 6};
        CHECK(equals(sa, d23, 2, saw));
        CHECK(TF_ScatterAdd(a, 0, gi, idx, st) == NULL && TF_GetCode(st) == TF_SHAPE_ERROR);
        TF_Tensor *nz[2] = {NULL, NULL};
        TF_Nonzero(ga, nz, 2, st);
        const int64_t nd[] = {3}, nz0[] = {0, 0, 0}, nz1[] = {0, 1, 2};
        CHECK(TF_GetCode(st) == TF_OK && equals(nz[0], nd, 1, nz0) && equals(nz[1], nd, 1, nz1));
        TF_DeleteTensor(nz[0]);
        TF_DeleteTensor(nz[1]);
        TF_Tensor *scalar = TF_Full(TF_INT64, NULL, 0, 1.0, st);
        TF_Nonzero(scalar, nz, 0, st);
        CHECK(failed_with(TF_INVALID_ARGUMENT, "0-d"));
        nz[0] = nz[1] = NULL;
        TF_Nonzero(a, nz, 1, st);
        CHECK(TF_GetCode(st) == TF_INVALID_ARGUMENT && nz[0] == NULL);
        TF_DeleteTensor(idx);
        TF_DeleteTensor(g);
        TF_DeleteTensor(oob);
        TF_DeleteTensor(tk);
        TF_DeleteTensor(fidx);
        TF_DeleteTensor(ta_idx);
        TF_DeleteTensor(ta);
        TF_DeleteTensor(gi);
        TF_DeleteTensor(ga);
        TF_DeleteTensor(ones);
        TF_DeleteTensor(sa);
        TF_DeleteTensor(scalar);
    }

    TF_DeleteTensor(a);
    TF_DeleteTensor(b);
    TF_DeleteStatus(st);
    return check_report();
}
