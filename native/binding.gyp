# OpenSSL comes from Node itself: its headers are in Node's include dir (nodedir, e.g.
# /usr/include/node/openssl) and its symbols are exported by the node binary, so the addon links
# against nothing extra and always uses the same OpenSSL 3 as node:crypto.
{
  "targets": [
    {
      "target_name": "kyso_native",
      "sources": [
        "src/addon.cc",
        "src/digest_algorithm.cc",
        "src/file_hasher.cc",
        "src/hash_batch.cc",
        "src/item_error.cc",
        "src/merkle_tree.cc",
        "src/public_key_cache.cc",
        "src/thread_pool.cc",
        "src/verifier.cc",
        "src/verify_batch.cc",
        "src/worker_scratch.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17"],
      "cflags_cc": ["-std=c++17", "-O3", "-fexceptions"]
    }
  ]
}
