// Node-API binding of OpenBLAS's single-precision GEMM for @astroemu/native-blas.
// Row-major C = alpha·op(A)·op(B) + beta·C on Float32Arrays, plus a fused bias + activation pass and a sparse
// two-tap (linear interpolation) product of rows (lerpRows).
// Plain C against node_api.h (no node-addon-api); link with -lopenblas.
#include <node_api.h>
#include <cblas.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CHECK(env, call)                                   \
  do {                                                     \
    if ((call) != napi_ok) {                               \
      napi_throw_error((env), NULL, "native-blas: " #call " failed"); \
      return NULL;                                         \
    }                                                      \
  } while (0)

static napi_value throw_msg(napi_env env, const char* msg) {
  napi_throw_type_error(env, NULL, msg);
  return NULL;
}

// Reads a Float32Array argument: data pointer (byte offset applied by Node) and length in elements.
static bool get_f32(napi_env env, napi_value v, const char* fn, const char* name, float** data, size_t* len) {
  bool is_ta = false;
  char msg[256];
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta) {
    snprintf(msg, sizeof msg, "%s: argument '%s' must be a Float32Array", fn, name);
    napi_throw_type_error(env, NULL, msg);
    return false;
  }
  napi_typedarray_type type;
  void* ptr = NULL;
  napi_value buf;
  size_t off = 0;
  if (napi_get_typedarray_info(env, v, &type, len, &ptr, &buf, &off) != napi_ok || type != napi_float32_array) {
    snprintf(msg, sizeof msg, "%s: argument '%s' must be a Float32Array", fn, name);
    napi_throw_type_error(env, NULL, msg);
    return false;
  }
  *data = (float*)ptr;  // napi_get_typedarray_info already adds the byte offset
  return true;
}

static bool get_int(napi_env env, napi_value v, const char* fn, const char* name, int64_t min, int64_t* out) {
  char msg[256];
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok || d != d || d != (double)(int64_t)d || d < (double)min ||
      d > 2147483647.0) {
    snprintf(msg, sizeof msg, "%s: argument '%s' must be an integer >= %lld and < 2^31", fn, name, (long long)min);
    napi_throw_type_error(env, NULL, msg);
    return false;
  }
  *out = (int64_t)d;
  return true;
}

static bool get_num(napi_env env, napi_value v, const char* fn, const char* name, double* out) {
  char msg[256];
  if (napi_get_value_double(env, v, out) != napi_ok) {
    snprintf(msg, sizeof msg, "%s: argument '%s' must be a number", fn, name);
    napi_throw_type_error(env, NULL, msg);
    return false;
  }
  return true;
}

static bool get_bool(napi_env env, napi_value v, const char* fn, const char* name, bool* out) {
  char msg[256];
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t == napi_boolean) return napi_get_value_bool(env, v, out) == napi_ok;
  if (t == napi_number) {
    double d;
    napi_get_value_double(env, v, &d);
    *out = d != 0;
    return true;
  }
  snprintf(msg, sizeof msg, "%s: argument '%s' must be a boolean", fn, name);
  napi_throw_type_error(env, NULL, msg);
  return false;
}

// Elements a row-major rows×cols matrix with leading dimension ld spans.
static int64_t span(int64_t rows, int64_t cols, int64_t ld) { return rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols; }

// sgemm(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc): row-major cblas_sgemm.
static napi_value Sgemm(napi_env env, napi_callback_info info) {
  static const char* fn = "sgemm";
  size_t argc = 13;
  napi_value argv[13];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 13) {
    return throw_msg(env, "sgemm: expected 13 arguments (transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)");
  }
  bool ta, tb;
  int64_t M, N, K, lda, ldb, ldc;
  double alpha, beta;
  float *A, *B, *C;
  size_t la, lb, lc;
  if (!get_bool(env, argv[0], fn, "transA", &ta) || !get_bool(env, argv[1], fn, "transB", &tb) ||
      !get_int(env, argv[2], fn, "M", 0, &M) || !get_int(env, argv[3], fn, "N", 0, &N) ||
      !get_int(env, argv[4], fn, "K", 0, &K) || !get_num(env, argv[5], fn, "alpha", &alpha) ||
      !get_f32(env, argv[6], fn, "A", &A, &la) || !get_int(env, argv[7], fn, "lda", 1, &lda) ||
      !get_f32(env, argv[8], fn, "B", &B, &lb) || !get_int(env, argv[9], fn, "ldb", 1, &ldb) ||
      !get_num(env, argv[10], fn, "beta", &beta) || !get_f32(env, argv[11], fn, "C", &C, &lc) ||
      !get_int(env, argv[12], fn, "ldc", 1, &ldc)) {
    return NULL;
  }
  // op(A) is M×K: stored M×K (lda ≥ K) or, transposed, K×M (lda ≥ M); likewise op(B) is K×N.
  int64_t aRows = ta ? K : M, aCols = ta ? M : K;
  int64_t bRows = tb ? N : K, bCols = tb ? K : N;
  char msg[320];
  if (lda < aCols || ldb < bCols || ldc < N) {
    snprintf(msg, sizeof msg,
             "sgemm: leading dimensions too small: expected lda >= %lld, ldb >= %lld, ldc >= %lld; got lda=%lld, "
             "ldb=%lld, ldc=%lld",
             (long long)aCols, (long long)bCols, (long long)N, (long long)lda, (long long)ldb, (long long)ldc);
    return throw_msg(env, msg);
  }
  int64_t needA = span(aRows, aCols, lda), needB = span(bRows, bCols, ldb), needC = span(M, N, ldc);
  if ((int64_t)la < needA || (int64_t)lb < needB || (int64_t)lc < needC) {
    snprintf(msg, sizeof msg,
             "sgemm: arrays too short for M=%lld, N=%lld, K=%lld: expected A >= %lld, B >= %lld, C >= %lld elements; "
             "got A=%zu, B=%zu, C=%zu",
             (long long)M, (long long)N, (long long)K, (long long)needA, (long long)needB, (long long)needC, la, lb, lc);
    return throw_msg(env, msg);
  }
  if (M == 0 || N == 0) return NULL;
  if (K == 0) {  // cblas may not touch C when K = 0 on every build: scale explicitly.
    for (int64_t i = 0; i < M; i++)
      for (int64_t j = 0; j < N; j++) C[i * ldc + j] = beta == 0 ? 0.0f : (float)(beta * C[i * ldc + j]);
    return NULL;
  }
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, (blasint)M, (blasint)N,
              (blasint)K, (float)alpha, A, (blasint)lda, B, (blasint)ldb, (float)beta, C, (blasint)ldc);
  return NULL;
}

// biasActivation(C, bias | null, N, activation, alpha): in place, C += bias (length N repeated over rows, or
// length C.length), then activation 0 = linear, 1 = relu, 2 = leakyrelu (x < 0 → alpha·x).
static napi_value BiasActivation(napi_env env, napi_callback_info info) {
  static const char* fn = "biasActivation";
  size_t argc = 5;
  napi_value argv[5];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 5) return throw_msg(env, "biasActivation: expected 5 arguments (C, bias, N, activation, alpha)");
  float *C, *bias = NULL;
  size_t lc, lbias = 0;
  int64_t N, act;
  double alpha;
  if (!get_f32(env, argv[0], fn, "C", &C, &lc)) return NULL;
  napi_valuetype bt;
  napi_typeof(env, argv[1], &bt);
  if (bt != napi_null && bt != napi_undefined && !get_f32(env, argv[1], fn, "bias", &bias, &lbias)) return NULL;
  if (!get_int(env, argv[2], fn, "N", 1, &N) || !get_int(env, argv[3], fn, "activation", 0, &act) ||
      !get_num(env, argv[4], fn, "alpha", &alpha)) {
    return NULL;
  }
  char msg[256];
  if (act > 2) return throw_msg(env, "biasActivation: 'activation' must be 0 (linear), 1 (relu) or 2 (leakyrelu)");
  if (lc % (size_t)N != 0) {
    snprintf(msg, sizeof msg, "biasActivation: C.length (%zu) must be a multiple of N (%lld)", lc, (long long)N);
    return throw_msg(env, msg);
  }
  if (bias != NULL && lbias != (size_t)N && lbias != lc) {
    snprintf(msg, sizeof msg, "biasActivation: bias.length must be N (%lld) or C.length (%zu); got %zu", (long long)N,
             lc, lbias);
    return throw_msg(env, msg);
  }
  const float a = (float)alpha;
  const size_t n = (size_t)N;
  for (size_t r = 0; r < lc; r += n) {
    float* row = C + r;
    const float* b = bias == NULL ? NULL : (lbias == lc ? bias + r : bias);
    if (b != NULL)
      for (size_t j = 0; j < n; j++) row[j] += b[j];
    if (act == 1)
      for (size_t j = 0; j < n; j++) row[j] = row[j] < 0 ? 0 : row[j];
    else if (act == 2)
      for (size_t j = 0; j < n; j++) row[j] = row[j] < 0 ? a * row[j] : row[j];
  }
  return NULL;
}

// Reads an Int32Array or Float64Array argument (napi_int32_array / napi_float64_array).
static bool get_typed(napi_env env, napi_value v, const char* fn, const char* name, napi_typedarray_type want,
                      const char* what, void** data, size_t* len) {
  bool is_ta = false;
  char msg[256];
  napi_typedarray_type type;
  napi_value buf;
  size_t off = 0;
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta ||
      napi_get_typedarray_info(env, v, &type, len, data, &buf, &off) != napi_ok || type != want) {
    snprintf(msg, sizeof msg, "%s: argument '%s' must be %s", fn, name, what);
    napi_throw_type_error(env, NULL, msg);
    return false;
  }
  return true;
}

// lerpRows(F, rowOffsets, lo, c0, c1, base, scales, out, outOffset): for p < P = rowOffsets.length, k < K = lo.length,
//   out[outOffset + p·K + k] = (c0[k]·F[rowOffsets[p] + lo[k]] + c1[k]·F[rowOffsets[p] + lo[k] + 1] − base[k]) · scales[p]
// — a sparse two-tap (linear interpolation) matrix applied to P rows of F, minus a base row, scaled per row: the
// label columns of a fitter's weighted Jacobian. Sums in double, stored as float.
static napi_value LerpRows(napi_env env, napi_callback_info info) {
  static const char* fn = "lerpRows";
  size_t argc = 9;
  napi_value argv[9];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 9) return throw_msg(env, "lerpRows: expected 9 arguments (F, rowOffsets, lo, c0, c1, base, scales, out, outOffset)");
  float *F, *out;
  int32_t *offs, *lo;
  double *c0, *c1, *base, *scales;
  size_t lf, lp, lk, l0, l1, lb, ls, lo_out;
  int64_t outOffset;
  if (!get_f32(env, argv[0], fn, "F", &F, &lf) ||
      !get_typed(env, argv[1], fn, "rowOffsets", napi_int32_array, "an Int32Array", (void**)&offs, &lp) ||
      !get_typed(env, argv[2], fn, "lo", napi_int32_array, "an Int32Array", (void**)&lo, &lk) ||
      !get_typed(env, argv[3], fn, "c0", napi_float64_array, "a Float64Array", (void**)&c0, &l0) ||
      !get_typed(env, argv[4], fn, "c1", napi_float64_array, "a Float64Array", (void**)&c1, &l1) ||
      !get_typed(env, argv[5], fn, "base", napi_float64_array, "a Float64Array", (void**)&base, &lb) ||
      !get_typed(env, argv[6], fn, "scales", napi_float64_array, "a Float64Array", (void**)&scales, &ls) ||
      !get_f32(env, argv[7], fn, "out", &out, &lo_out) || !get_int(env, argv[8], fn, "outOffset", 0, &outOffset)) {
    return NULL;
  }
  char msg[320];
  const size_t P = lp, K = lk;
  if (l0 < K || l1 < K || lb < K || ls < P) {
    snprintf(msg, sizeof msg, "lerpRows: c0, c1, base must have lo.length (%zu) values and scales rowOffsets.length (%zu); got %zu, %zu, %zu, %zu", K, P, l0, l1, lb, ls);
    return throw_msg(env, msg);
  }
  if ((size_t)outOffset + P * K > lo_out) {
    snprintf(msg, sizeof msg, "lerpRows: out too short: expected >= %zu elements; got %zu", (size_t)outOffset + P * K, lo_out);
    return throw_msg(env, msg);
  }
  int64_t minLo = 0, maxLo = -1;
  for (size_t k = 0; k < K; k++) {
    if (k == 0 || lo[k] < minLo) minLo = lo[k];
    if (lo[k] > maxLo) maxLo = lo[k];
  }
  for (size_t p = 0; p < P && K > 0; p++) {
    if (minLo < 0 || offs[p] < 0 || (int64_t)offs[p] + maxLo + 1 >= (int64_t)lf) {
      snprintf(msg, sizeof msg, "lerpRows: row %zu reads F[%lld … %lld] outside its %zu elements", p,
               (long long)offs[p] + minLo, (long long)offs[p] + maxLo + 1, lf);
      return throw_msg(env, msg);
    }
  }
  float* o = out + outOffset;
  size_t p = 0;
  for (; p + 4 <= P; p += 4) {  // four rows per pass share the loads of lo, c0, c1, base
    const float *f0 = F + offs[p], *f1 = F + offs[p + 1], *f2 = F + offs[p + 2], *f3 = F + offs[p + 3];
    const double s0 = scales[p], s1 = scales[p + 1], s2 = scales[p + 2], s3 = scales[p + 3];
    float *o0 = o + p * K, *o1 = o0 + K, *o2 = o1 + K, *o3 = o2 + K;
    for (size_t k = 0; k < K; k++) {
      const int32_t l = lo[k];
      const double a = c0[k], b = c1[k], c = base[k];
      o0[k] = (float)((a * f0[l] + b * f0[l + 1] - c) * s0);
      o1[k] = (float)((a * f1[l] + b * f1[l + 1] - c) * s1);
      o2[k] = (float)((a * f2[l] + b * f2[l + 1] - c) * s2);
      o3[k] = (float)((a * f3[l] + b * f3[l + 1] - c) * s3);
    }
  }
  for (; p < P; p++) {
    const float* f = F + offs[p];
    const double s = scales[p];
    float* op = o + p * K;
    for (size_t k = 0; k < K; k++) op[k] = (float)((c0[k] * f[lo[k]] + c1[k] * f[lo[k] + 1] - base[k]) * s);
  }
  return NULL;
}

static napi_value SetNumThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int64_t n;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 1) return throw_msg(env, "setNumThreads: expected 1 argument (n)");
  if (!get_int(env, argv[0], "setNumThreads", "n", 1, &n)) return NULL;
  openblas_set_num_threads((int)n);
  return NULL;
}

static napi_value GetNumThreads(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  CHECK(env, napi_create_int32(env, openblas_get_num_threads(), &out));
  return out;
}

static napi_value GetConfig(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  CHECK(env, napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &out));
  return out;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"sgemm", NULL, Sgemm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"biasActivation", NULL, BiasActivation, NULL, NULL, NULL, napi_enumerable, NULL},
      {"lerpRows", NULL, LerpRows, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setNumThreads", NULL, SetNumThreads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"getNumThreads", NULL, GetNumThreads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"getConfig", NULL, GetConfig, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(env, napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
