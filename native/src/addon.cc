// kyso native core: batch hashing, batch signature verification and RFC 4998 hash trees on the
// addon's own thread pool, with the OpenSSL 3 that Node itself is built with (no system libssl).
// The TypeScript wrapper in native/ts validates arguments, formats errors and provides the
// node:crypto fallback; this file only registers the functions.
#include <napi.h>
#include <openssl/crypto.h>

#include "hash_batch.h"
#include "js_args.h"
#include "merkle_tree.h"
#include "thread_pool.h"
#include "verify_batch.h"

namespace kyso {

namespace {

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object result = Napi::Object::New(env);
  result.Set("opensslVersion", Napi::String::New(env, OpenSSL_version(OPENSSL_VERSION_STRING)));
  result.Set("threads", Napi::Number::New(env, static_cast<double>(ThreadPool::Shared().Size())));
  result.Set("defaultThreads", Napi::Number::New(env, static_cast<double>(DefaultThreadCount())));
  return result;
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  uint64_t threads = RequireIndex(info[0], {"threads"});
  if (threads < 1 || threads > 1024) {
    throw Napi::RangeError::New(info.Env(), "threads must be between 1 and 1024");
  }
  ThreadPool::Shared().Resize(static_cast<size_t>(threads));
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("hashBatch", Napi::Function::New(env, HashBatch, "hashBatch"));
  exports.Set("verifyBatch", Napi::Function::New(env, VerifyBatch, "verifyBatch"));
  exports.Set("merkleTree", Napi::Function::New(env, MerkleTree, "merkleTree"));
  exports.Set("info", Napi::Function::New(env, Info, "info"));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads, "setThreads"));
  return exports;
}

}  // namespace

}  // namespace kyso

static Napi::Object InitKysoNative(Napi::Env env, Napi::Object exports) { return kyso::Init(env, exports); }

NODE_API_MODULE(kyso_native, InitKysoNative)
