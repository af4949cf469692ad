#include "merkle_tree.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "digest_algorithm.h"
#include "js_args.h"
#include "openssl_util.h"
#include "promise_worker.h"
#include "thread_pool.h"

namespace kyso {

namespace {

// The tree is cut into aligned subtrees of 2^kChunkLevels leaves. Node i of level j depends only on
// nodes 2i and 2i+1 of level j-1, so every subtree up to level kChunkLevels is independent of the
// others (including the last, partial one: its odd nodes are the level's last nodes either way)
// and the subtrees are built in parallel; the few levels above them are built by one thread.
constexpr size_t kChunkLevels = 10;

class MerkleTreeWorker final : public PromiseWorker {
 public:
  MerkleTreeWorker(Napi::Env env, DigestAlgorithm algorithm, std::vector<uint8_t> leaves, size_t leaf_count)
      : PromiseWorker(env, "kyso.merkleTree"), algorithm_(algorithm), digest_size_(DigestSize(algorithm)) {
    for (size_t count = leaf_count;; count = (count + 1) / 2) {
      counts_.push_back(count);
      if (count == 1) break;
    }
    levels_.resize(counts_.size());
    levels_[0] = std::move(leaves);
  }

 protected:
  void Run() override {
    for (size_t level = 1; level < counts_.size(); ++level) levels_[level].resize(counts_[level] * digest_size_);
    const size_t top = counts_.size() - 1;
    const size_t chunk_levels = std::min(kChunkLevels, top);
    const size_t chunk_leaves = size_t{1} << chunk_levels;
    const size_t chunks = (counts_[0] + chunk_leaves - 1) / chunk_leaves;
    ThreadPool& pool = ThreadPool::Shared();
    pool.RunAndWait(chunks, [&](size_t chunk, WorkerScratch& scratch) {
      for (size_t level = 1; level <= chunk_levels; ++level) {
        size_t first = chunk << (chunk_levels - level);
        size_t end = std::min((chunk + 1) << (chunk_levels - level), counts_[level]);
        for (size_t node = first; node < end; ++node) BuildNode(level, node, scratch);
      }
    });
    pool.RunAndWait(1, [&](size_t, WorkerScratch& scratch) {
      for (size_t level = chunk_levels + 1; level <= top; ++level) {
        for (size_t node = 0; node < counts_[level]; ++node) BuildNode(level, node, scratch);
      }
    });
    if (failed_) throw std::runtime_error("digest failed: " + failure_);
  }

  Napi::Value Result(Napi::Env env) override {
    Napi::Array levels = Napi::Array::New(env, levels_.size());
    for (size_t level = 0; level < levels_.size(); ++level) {
      levels.Set(static_cast<uint32_t>(level),
                 Napi::Buffer<uint8_t>::Copy(env, levels_[level].data(), levels_[level].size()));
    }
    Napi::Object result = Napi::Object::New(env);
    result.Set("levels", levels);
    return result;
  }

 private:
  void BuildNode(size_t level, size_t node, WorkerScratch& scratch) {
    const uint8_t* left = levels_[level - 1].data() + 2 * node * digest_size_;
    uint8_t* out = levels_[level].data() + node * digest_size_;
    if (2 * node + 1 >= counts_[level - 1]) {
      std::memcpy(out, left, digest_size_);
      return;
    }
    const uint8_t* right = left + digest_size_;
    if (std::memcmp(left, right, digest_size_) > 0) std::swap(left, right);
    EVP_MD_CTX* ctx = scratch.DigestContext();
    unsigned int written = 0;
    bool ok = EVP_DigestInit_ex2(ctx, DigestMethod(algorithm_), nullptr) == 1 &&
              EVP_DigestUpdate(ctx, left, digest_size_) == 1 && EVP_DigestUpdate(ctx, right, digest_size_) == 1 &&
              EVP_DigestFinal_ex(ctx, out, &written) == 1;
    if (!ok && !failed_.exchange(true)) failure_ = TakeOpenSslErrors();
  }

  const DigestAlgorithm algorithm_;
  const size_t digest_size_;
  std::vector<size_t> counts_;
  std::vector<std::vector<uint8_t>> levels_;
  std::atomic<bool> failed_{false};
  std::string failure_;  // written once, by the thread that set failed_
};

}  // namespace

Napi::Value MerkleTree(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array leaves = RequireArray(info[0], {"leaves"});
  std::string name = RequireString(info[1], {"algorithm"});
  std::optional<DigestAlgorithm> algorithm = ParseDigestAlgorithm(name);
  if (!algorithm) throw Napi::TypeError::New(env, "algorithm must be sha256, sha384 or sha512, got " + name);
  const size_t count = leaves.Length();
  if (count == 0) throw Napi::TypeError::New(env, "leaves must not be empty");
  const size_t size = DigestSize(*algorithm);
  // Leaves are copied into one contiguous level: 32-64 bytes each, cheaper to copy than to pin.
  std::vector<uint8_t> level(count * size);
  for (uint32_t i = 0; i < count; ++i) {
    ArgumentPath where = ArgumentPath{"leaves"}.At(i);
    Napi::Uint8Array leaf = RequireBytes(leaves.Get(i), where);
    if (leaf.ByteLength() != size) ThrowTypeError(env, where, ("a " + std::to_string(size) + "-byte digest").c_str());
    std::memcpy(level.data() + i * size, leaf.Data(), size);
  }
  auto worker = std::make_unique<MerkleTreeWorker>(env, *algorithm, std::move(level), count);
  Napi::Promise promise = worker->Promise();
  worker.release()->Queue();
  return promise;
}

}  // namespace kyso
