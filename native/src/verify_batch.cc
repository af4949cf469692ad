#include "verify_batch.h"

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "digest_algorithm.h"
#include "item_error.h"
#include "js_args.h"
#include "openssl_util.h"
#include "promise_worker.h"
#include "public_key_cache.h"
#include "signature_algorithm.h"
#include "thread_pool.h"
#include "verifier.h"

namespace kyso {

namespace {

enum Status : uint8_t { kInvalid = 0, kValid = 1, kFailed = 2 };

constexpr uint64_t kMaxSaltLength = 65535;

struct VerifyItem {
  static constexpr size_t kFailedEarly = static_cast<size_t>(-1);
  size_t verifier = kFailedEarly;
  bool prehashed = false;
  const uint8_t* data = nullptr;  // pinned message to hash, when !prehashed
  size_t data_length = 0;
  size_t digest_offset = 0;  // into bytes_, when prehashed
  size_t digest_length = 0;
  size_t signature_offset = 0;  // into bytes_
  size_t signature_length = 0;
};

class VerifyBatchWorker final : public PromiseWorker {
 public:
  VerifyBatchWorker(Napi::Env env, size_t count) : PromiseWorker(env, "kyso.verifyBatch") {
    items_.resize(count);
    status_.assign(count, kInvalid);
  }

  // Distinct algorithm names and key Buffers come once per batch; items refer to them by index.
  void AddAlgorithm(const std::string& name) {
    algorithm_names_.push_back(name);
    algorithms_.push_back(ParseSignatureAlgorithm(name));
  }
  void AddPublicKey(const Napi::Uint8Array& der) { key_slots_.push_back(keys_.Intern(der.Data(), der.ByteLength())); }

  void SetItem(size_t index, size_t algorithm_index, size_t key_index, ByteView signature, napi_value message_value,
               ByteView message, bool prehashed, int salt_length, const ArgumentPath& where) {
    if (algorithm_index >= algorithms_.size() || key_index >= key_slots_.size()) {
      ThrowTypeError(Env(), where, "an item whose algorithm and key indices are in range");
    }
    VerifyItem& item = items_[index];
    const std::optional<SignatureAlgorithm>& algorithm = algorithms_[algorithm_index];
    if (!algorithm) {
      ItemError error(ErrorCode::kUnknownAlgorithm);
      error.algorithm = algorithm_names_[algorithm_index];
      return Fail(index, std::move(error));
    }
    if (prehashed) {
      if (message.length != DigestSize(algorithm->digest)) {
        ItemError error(ErrorCode::kDigestLengthMismatch);
        error.algorithm = algorithm_names_[algorithm_index];
        error.expected_length = DigestSize(algorithm->digest);
        error.actual_length = message.length;
        return Fail(index, std::move(error));
      }
      item.prehashed = true;
      item.digest_offset = Append(message);
      item.digest_length = message.length;
    } else {
      // Messages may be large (signed attributes are small, whole documents are not): pin, don't copy.
      pins_.push_back(Napi::Persistent(Napi::Object(Env(), message_value)));
      item.data = message.data;
      item.data_length = message.length;
    }
    item.signature_offset = Append(signature);
    item.signature_length = signature.length;

    // Consecutive items usually share key and algorithm: skip the lookup then.
    if (algorithm_index == last_algorithm_index_ && key_index == last_key_index_ && salt_length == last_salt_) {
      item.verifier = last_verifier_;
      return;
    }
    const uint64_t key_slot = key_slots_[key_index];
    // Unique per (key, scheme, hash, salt): salt + 1 < 2^17, scheme and hash < 4.
    const uint64_t id = key_slot << 21 | static_cast<uint64_t>(algorithm->scheme) << 19 |
                        static_cast<uint64_t>(algorithm->digest) << 17 | static_cast<uint64_t>(salt_length + 1);
    auto found = verifier_by_id_.find(id);
    if (found == verifier_by_id_.end()) {
      verifiers_.emplace_back(key_slot, *algorithm, salt_length);
      found = verifier_by_id_.emplace(id, verifiers_.size() - 1).first;
    }
    item.verifier = found->second;
    last_algorithm_index_ = algorithm_index;
    last_key_index_ = key_index;
    last_salt_ = salt_length;
    last_verifier_ = item.verifier;
  }

 protected:
  void Run() override {
    ThreadPool::Shared().RunAndWait(items_.size(),
                                    [this](size_t index, WorkerScratch& scratch) { VerifyOne(index, scratch); });
  }

  Napi::Value Result(Napi::Env env) override {
    Napi::Object result = Napi::Object::New(env);
    result.Set("status", Napi::Buffer<uint8_t>::Copy(env, status_.data(), status_.size()));
    result.Set("errors", errors_.ToJs(env));
    pins_.clear();
    return result;
  }

 private:
  size_t Append(ByteView bytes) {
    size_t offset = bytes_.size();
    bytes_.insert(bytes_.end(), bytes.data, bytes.data + bytes.length);
    return offset;
  }

  void Fail(size_t index, ItemError error) {
    status_[index] = kFailed;
    errors_.Add(index, std::move(error));
  }

  void VerifyOne(size_t index, WorkerScratch& scratch) {
    const VerifyItem& item = items_[index];
    if (item.verifier == VerifyItem::kFailedEarly) return;
    Verifier& verifier = verifiers_[item.verifier];
    const DecodedKey& key = keys_.Get(verifier.key_slot());
    if (key.error) return Fail(index, *key.error);

    std::optional<ItemError> error;
    EVP_PKEY_CTX* ctx = verifier.Acquire(key, &error);
    if (ctx == nullptr) return Fail(index, std::move(*error));

    uint8_t computed[EVP_MAX_MD_SIZE];
    const uint8_t* digest = bytes_.data() + item.digest_offset;
    size_t digest_length = item.digest_length;
    if (!item.prehashed) {
      // Same result as EVP_DigestVerify (what node:crypto.verify uses): hash, then verify the digest.
      const SignatureAlgorithm algorithm = verifier.algorithm();
      if (!ComputeDigest(scratch.DigestContext(), algorithm.digest, item.data, item.data_length, computed)) {
        verifier.Release(ctx);
        ItemError failure(ErrorCode::kInternal);
        failure.detail = TakeOpenSslErrors();
        return Fail(index, std::move(failure));
      }
      digest = computed;
      digest_length = DigestSize(algorithm.digest);
    }
    int verified = EVP_PKEY_verify(ctx, bytes_.data() + item.signature_offset, item.signature_length, digest,
                                   digest_length);
    verifier.Release(ctx);
    // A malformed signature (wrong length, bad DER, out-of-range integers) makes OpenSSL return 0 or
    // a negative value and queue an error; like node:crypto.verify, that is simply "not valid".
    if (verified != 1) TakeOpenSslErrors();
    status_[index] = verified == 1 ? kValid : kInvalid;
  }

  std::vector<std::string> algorithm_names_;
  std::vector<std::optional<SignatureAlgorithm>> algorithms_;
  std::vector<size_t> key_slots_;
  size_t last_algorithm_index_ = static_cast<size_t>(-1);
  size_t last_key_index_ = static_cast<size_t>(-1);
  int last_salt_ = 0;
  size_t last_verifier_ = 0;
  std::vector<VerifyItem> items_;
  std::vector<uint8_t> status_;
  std::vector<uint8_t> bytes_;  // signatures and digests, copied
  std::vector<Napi::ObjectReference> pins_;
  PublicKeyCache keys_;
  std::deque<Verifier> verifiers_;  // deque: verifiers hold a mutex and never move
  std::unordered_map<uint64_t, size_t> verifier_by_id_;
  ItemErrorList errors_;
};

template <typename T>
T RequireTypedArray(const Napi::Value& value, napi_typedarray_type type, size_t length, const ArgumentPath& where,
                    const char* expected) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != type ||
      value.As<Napi::TypedArray>().ElementLength() != length) {
    ThrowTypeError(value.Env(), where, expected);
  }
  return value.As<T>();
}

}  // namespace

Napi::Value VerifyBatch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsObject()) ThrowTypeError(env, {"batch"}, "an object of columns");
  Napi::Object batch = info[0].As<Napi::Object>();
  Napi::Array signatures = RequireArray(batch.Get("signatures"), {"signatures"});
  Napi::Array messages = RequireArray(batch.Get("messages"), {"messages"});
  const size_t count = signatures.Length();
  if (messages.Length() != count) ThrowTypeError(env, {"messages"}, "as long as signatures");
  auto algorithm_index = RequireTypedArray<Napi::Uint32Array>(batch.Get("algorithmIndex"), napi_uint32_array, count,
                                                              {"algorithmIndex"}, "a Uint32Array, one per item");
  auto key_index = RequireTypedArray<Napi::Uint32Array>(batch.Get("keyIndex"), napi_uint32_array, count,
                                                        {"keyIndex"}, "a Uint32Array, one per item");
  auto prehashed = RequireTypedArray<Napi::Uint8Array>(batch.Get("prehashed"), napi_uint8_array, count,
                                                       {"prehashed"}, "a Uint8Array, one per item");
  auto salts = RequireTypedArray<Napi::Int32Array>(batch.Get("pssSaltLengths"), napi_int32_array, count,
                                                   {"pssSaltLengths"}, "an Int32Array, one per item");

  auto worker = std::make_unique<VerifyBatchWorker>(env, count);
  Napi::Array algorithms = RequireArray(batch.Get("algorithms"), {"algorithms"});
  for (uint32_t i = 0; i < algorithms.Length(); ++i) {
    worker->AddAlgorithm(RequireString(algorithms.Get(i), ArgumentPath{"algorithms"}.At(i)));
  }
  Napi::Array keys = RequireArray(batch.Get("publicKeys"), {"publicKeys"});
  for (uint32_t i = 0; i < keys.Length(); ++i) {
    worker->AddPublicKey(RequireBytes(keys.Get(i), ArgumentPath{"publicKeys"}.At(i)));
  }
  // Per item only two array reads: everything else is in the typed arrays read above.
  for (uint32_t i = 0; i < count; ++i) {
    int32_t salt = salts[i];
    if (salt < -1 || salt > static_cast<int32_t>(kMaxSaltLength)) {
      ThrowTypeError(env, ArgumentPath{"pssSaltLengths"}.At(i), "-1 (auto) or 0..65535");
    }
    napi_value signature = signatures.Get(i);
    napi_value message = messages.Get(i);
    worker->SetItem(i, algorithm_index[i], key_index[i],
                    RequireByteView(env, signature, ArgumentPath{"signatures"}.At(i)), message,
                    RequireByteView(env, message, ArgumentPath{"messages"}.At(i)), prehashed[i] != 0,
                    salt < 0 ? Verifier::kAutoSalt : salt, ArgumentPath{"items"}.At(i));
  }
  Napi::Promise promise = worker->Promise();
  worker.release()->Queue();
  return promise;
}

}  // namespace kyso
