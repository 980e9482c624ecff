// Node-API binding of OpenBLAS's single-precision GEMM for @astroemu/native-blas.
// Row-major C = alpha·op(A)·op(B) + beta·C on Float32Arrays, plus a fused bias + activation pass.
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
      {"setNumThreads", NULL, SetNumThreads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"getNumThreads", NULL, GetNumThreads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"getConfig", NULL, GetConfig, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(env, napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
