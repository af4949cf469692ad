#include "hash_batch.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "digest_algorithm.h"
#include "file_hasher.h"
#include "item_error.h"
#include "js_args.h"
#include "openssl_util.h"
#include "promise_worker.h"
#include "thread_pool.h"

namespace kyso {

namespace {

struct FileInput {
  std::string path;
  bool whole_file;
  std::vector<ByteRange> ranges;
};

// An in-memory input points into a pinned Buffer; a file input indexes files_.
struct HashInput {
  const uint8_t* data = nullptr;
  size_t length = 0;
  size_t file = kNoFile;
  static constexpr size_t kNoFile = static_cast<size_t>(-1);
};

class HashBatchWorker final : public PromiseWorker {
 public:
  HashBatchWorker(Napi::Env env, DigestAlgorithm algorithm)
      : PromiseWorker(env, "kyso.hashBatch"), algorithm_(algorithm), digest_size_(DigestSize(algorithm)) {}

  void Reserve(size_t count) {
    inputs_.reserve(count);
    pins_.reserve(count);
  }

  void AddBuffer(napi_value value, ByteView bytes) {
    // The reference keeps the Buffer (and its ArrayBuffer) alive until Result() runs on the JS
    // thread, so the pool reads memory that cannot be collected under it. Invariant the caller
    // keeps: the ArrayBuffer is not transferred or detached while the batch runs.
    pins_.push_back(Napi::Persistent(Napi::Object(Env(), value)));
    HashInput input;
    input.data = bytes.data;
    input.length = bytes.length;
    inputs_.push_back(input);
  }

  void AddFile(FileInput file) {
    HashInput input;
    input.file = files_.size();
    files_.push_back(std::move(file));
    inputs_.push_back(input);
  }

 protected:
  void Run() override {
    digests_.assign(inputs_.size() * digest_size_, 0);
    ThreadPool::Shared().RunAndWait(inputs_.size(),
                                    [this](size_t index, WorkerScratch& scratch) { HashOne(index, scratch); });
  }

  Napi::Value Result(Napi::Env env) override {
    Napi::Object result = Napi::Object::New(env);
    result.Set("digests", Napi::Buffer<uint8_t>::Copy(env, digests_.data(), digests_.size()));
    result.Set("errors", errors_.ToJs(env));
    // Unpin the inputs and free the native copy now rather than whenever the worker is deleted.
    pins_.clear();
    std::vector<uint8_t>().swap(digests_);
    return result;
  }

 private:
  void HashOne(size_t index, WorkerScratch& scratch) {
    const HashInput& input = inputs_[index];
    uint8_t* out = digests_.data() + index * digest_size_;
    if (input.file == HashInput::kNoFile) {
      if (!ComputeDigest(scratch.DigestContext(), algorithm_, input.data, input.length, out)) {
        ItemError error(ErrorCode::kInternal);
        error.detail = TakeOpenSslErrors();
        errors_.Add(index, std::move(error));
      }
      return;
    }
    const FileInput& file = files_[input.file];
    std::optional<ItemError> error =
        HashFile(file.path, file.whole_file ? nullptr : &file.ranges, algorithm_, scratch, out);
    if (error) {
      std::fill(out, out + digest_size_, 0);
      errors_.Add(index, std::move(*error));
    }
  }

  const DigestAlgorithm algorithm_;
  const size_t digest_size_;
  std::vector<HashInput> inputs_;
  std::vector<FileInput> files_;
  std::vector<Napi::ObjectReference> pins_;
  std::vector<uint8_t> digests_;
  ItemErrorList errors_;
};

FileInput ReadFileInput(const Napi::Object& object, const ArgumentPath& where) {
  FileInput file;
  file.path = RequireString(object.Get("path"), where.Field("path"));
  if (file.path.empty() || file.path.find('\0') != std::string::npos) {
    ThrowTypeError(object.Env(), where.Field("path"), "a non-empty path without NUL bytes");
  }
  Napi::Value ranges = object.Get("ranges");
  file.whole_file = ranges.IsUndefined();
  if (file.whole_file) return file;
  Napi::Array list = RequireArray(ranges, where.Field("ranges"));
  file.ranges.reserve(list.Length());
  for (uint32_t i = 0; i < list.Length(); ++i) {
    ArgumentPath range = where.Field("ranges").At(i);
    Napi::Array pair = RequireArray(list.Get(i), range);
    if (pair.Length() != 2) ThrowTypeError(object.Env(), range, "[offset, length]");
    file.ranges.push_back({RequireIndex(pair.Get(0u), range.At(0)), RequireIndex(pair.Get(1u), range.At(1))});
  }
  return file;
}

}  // namespace

Napi::Value HashBatch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array inputs = RequireArray(info[0], {"inputs"});
  std::string name = RequireString(info[1], {"algorithm"});
  std::optional<DigestAlgorithm> algorithm = ParseDigestAlgorithm(name);
  if (!algorithm) throw Napi::TypeError::New(env, "algorithm must be sha256, sha384 or sha512, got " + name);

  // AsyncWorker deletes itself after OnOK/OnError; until Queue() we own it.
  auto worker = std::make_unique<HashBatchWorker>(env, *algorithm);
  const uint32_t count = inputs.Length();
  worker->Reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    Napi::Value input = inputs.Get(i);
    ArgumentPath where = ArgumentPath{"inputs"}.At(i);
    if (input.IsTypedArray()) {
      worker->AddBuffer(input, RequireByteView(env, input, where));
    } else if (input.IsObject()) {
      worker->AddFile(ReadFileInput(input.As<Napi::Object>(), where));
    } else {
      ThrowTypeError(env, where, "a Buffer or { path, ranges? }");
    }
  }
  Napi::Promise promise = worker->Promise();
  worker.release()->Queue();
  return promise;
}

}  // namespace kyso
