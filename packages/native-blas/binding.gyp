{
  "targets": [
    {
      "target_name": "native_blas",
      "sources": ["native/native_blas.c"],
      "libraries": ["-lopenblas"],
      "cflags": ["-O2", "-std=c11", "-Wall"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
