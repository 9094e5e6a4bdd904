/*
 * test_safetensors.c -- safetensors files and buffers from C: save a float64 matrix (through a
 * transposed view), an int64 vector and metadata; load them back from the file and from the
 * serialized bytes; names in file order, metadata JSON, a tensor that outlives its handle and is
 * copy-on-write (the file is unchanged after writing into it); and the error codes (a corrupt
 * buffer, a missing file, an unwritable path, a duplicate name, an unknown tensor name), with
 * out-parameters untouched. Built and run by tests/test_c.py under sanitizers. The last line of
 * output is "N passed, N failed"; the exit code is nonzero on any failure.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tenflowers.h"
#include "check.h"
#include "values.h"

static char path[512];

/* The whole file at `path` into a new buffer of *len bytes (NULL on failure). */
static unsigned char *read_file(size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc(n > 0 ? (size_t)n : 1);
    *len = buf != NULL && fread(buf, 1, (size_t)n, f) == (size_t)n ? (size_t)n : 0;
    fclose(f);
    return buf;
}

static void test_round_trip(void) {
    const double m[6] = {1, 2, 3, 4, 5, 6};
    const int64_t ids[3] = {7, -8, 9};
    TF_Tensor *a = mat(m, 2, 3), *b = ivec(ids, 3);
    TF_Tensor *at_ = TF_Transpose(a, NULL, 0, S); /* saved as its values: [[1,4],[2,5],[3,6]] */
    const char *names[2] = {"weight", "ids"};
    const TF_Tensor *ts[2] = {at_, b};
    TF_SaveSafetensors(names, ts, 2, "{\"format\": \"tenflowers\"}", path, S);
    CHECK(TF_GetCode(S) == TF_OK);

    TF_Safetensors *h = TF_LoadSafetensors(path, S);
    CHECK(h != NULL && TF_SafetensorsCount(h) == 2);
    int seen = 0;
    for (int64_t i = 0; i < TF_SafetensorsCount(h); i++) {
        const char *name = TF_SafetensorsName(h, i, S);
        seen += name != NULL && (strcmp(name, "weight") == 0 || strcmp(name, "ids") == 0);
    }
    CHECK(seen == 2);
    CHECK(TF_SafetensorsName(h, 2, S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT);
    const char *meta = TF_SafetensorsMetadata(h, S);
    CHECK(meta != NULL && strstr(meta, "\"format\":\"tenflowers\"") != NULL);
    TF_Tensor *w = TF_SafetensorsGet(h, "weight", S);
    TF_Tensor *ids2 = TF_SafetensorsGet(h, "ids", S);
    CHECK(w != NULL && TF_NumDims(w) == 2 && TF_Dim(w, 0) == 3 && at(w, 1) == 4.0 && at(w, 2) == 2.0);
    int64_t got[3] = {0, 0, 0};
    TF_TensorCopyTo(ids2, got, sizeof got, S);
    CHECK(got[0] == 7 && got[1] == -8 && got[2] == 9);
    CHECK(TF_SafetensorsGet(h, "nope", S) == NULL && TF_GetCode(S) == TF_INVALID_ARGUMENT);
    TF_DeleteSafetensors(h); /* the tensors keep the mapping alive */

    /* Copy-on-write: writing into the loaded tensor changes the process's copy only. */
    size_t before_len = 0, after_len = 0;
    unsigned char *before = read_file(&before_len);
    const double nine = 9.0;
    TF_Tensor *nine_t = TF_NewTensor(TF_DOUBLE, NULL, 0, &nine, sizeof nine, S);
    const int64_t item[4] = {TF_INDEX_INT, 0, 0, 0};
    TF_Tensor *row = TF_Slice(w, item, 1, S);
    TF_Assign(row, nine_t, S);
    CHECK(TF_GetCode(S) == TF_OK && at(w, 0) == 9.0);
    unsigned char *after = read_file(&after_len);
    CHECK(before != NULL && after != NULL && before_len == after_len && memcmp(before, after, before_len) == 0);

    /* The same tensors through a buffer, and that buffer loaded back. */
    size_t len = 0;
    void *buf = TF_SerializeSafetensors(names, ts, 2, "{\"format\": \"tenflowers\"}", &len, S);
    CHECK(buf != NULL && len == before_len && memcmp(buf, before, len) == 0); /* the file's bytes */
    TF_Safetensors *hb = TF_LoadSafetensorsFromBuffer(buf, len, S);
    CHECK(hb != NULL && TF_SafetensorsMetadata(hb, S) != NULL);
    size_t plain_len = 0;
    void *plain = TF_SerializeSafetensors(names, ts, 2, NULL, &plain_len, S);
    TF_Safetensors *hp = TF_LoadSafetensorsFromBuffer(plain, plain_len, S);
    CHECK(hp != NULL && TF_SafetensorsMetadata(hp, S) == NULL && TF_GetCode(S) == TF_OK);
    TF_DeleteSafetensors(hp);
    TF_DeleteBuffer(plain, plain_len);
    TF_Tensor *w2 = TF_SafetensorsGet(hb, "weight", S);
    CHECK(w2 != NULL && at(w2, 1) == 4.0);
    /* A corrupt buffer: the header length points past the end. */
    ((unsigned char *)buf)[0] = 0xff;
    ((unsigned char *)buf)[1] = 0xff;
    CHECK(TF_LoadSafetensorsFromBuffer(buf, len, S) == NULL && TF_GetCode(S) == TF_DESERIALIZATION_ERROR);
    TF_DeleteBuffer(buf, len);

    free(before);
    free(after);
    TF_DeleteTensor(row);
    TF_DeleteTensor(nine_t);
    TF_DeleteTensor(w2);
    TF_DeleteSafetensors(hb);
    TF_DeleteTensor(w);
    TF_DeleteTensor(ids2);
    TF_DeleteTensor(at_);
    TF_DeleteTensor(a);
    TF_DeleteTensor(b);
}

static void test_errors(void) {
    const double v[1] = {1};
    TF_Tensor *x = vec(v, 1);
    const char *dup[2] = {"x", "x"};
    const TF_Tensor *ts[2] = {x, x};
    TF_SaveSafetensors(dup, ts, 2, NULL, path, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT && strstr(TF_Message(S), "twice") != NULL);
    TF_SaveSafetensors(dup, ts, 1, "not json", path, S);
    CHECK(TF_GetCode(S) == TF_INVALID_ARGUMENT);
    TF_SaveSafetensors(dup, ts, 1, NULL, "/nonexistent-dir/x.safetensors", S);
    CHECK(TF_GetCode(S) == TF_SERIALIZATION_ERROR && strstr(TF_Message(S), "/nonexistent-dir") != NULL);
    CHECK(TF_LoadSafetensors("/nonexistent-dir/x.safetensors", S) == NULL && TF_GetCode(S) == TF_DESERIALIZATION_ERROR);
    size_t len = 77;
    CHECK(TF_SerializeSafetensors(dup, ts, 2, NULL, &len, S) == NULL && len == 77);
    CHECK(TF_LoadSafetensorsFromBuffer(NULL, 0, S) == NULL && TF_GetCode(S) == TF_DESERIALIZATION_ERROR);
    CHECK(TF_SafetensorsCount(NULL) == -1);
    TF_DeleteSafetensors(NULL);
    TF_DeleteBuffer(NULL, 0);
    TF_DeleteTensor(x);
}

int main(void) {
    S = TF_NewStatus();
    const char *dir = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/tf_test_safetensors_%ld_%ld.safetensors", dir ? dir : "/tmp", (long)time(NULL),
             (long)clock());
    test_round_trip();
    test_errors();
    remove(path);
    TF_DeleteStatus(S);
    return check_report();
}
