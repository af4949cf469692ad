// Buffers and OpenSSL contexts owned by one pool thread and reused by every item it processes,
// so the per-item cost is the work itself and not allocation.
#pragma once

#include <openssl/evp.h>

#include <cstddef>
#include <cstdint>
#include <memory>

namespace kyso {

class WorkerScratch {
 public:
  // Files are read with pread() in chunks of this size: large enough that the syscall cost is
  // negligible next to hashing, small enough to stay in the core's L2 cache between the copy
  // out of the page cache and the hash that reads it.
  static constexpr size_t kReadChunkBytes = size_t{1} << 20;

  WorkerScratch() = default;
  ~WorkerScratch();
  WorkerScratch(const WorkerScratch&) = delete;
  WorkerScratch& operator=(const WorkerScratch&) = delete;

  uint8_t* ReadBuffer();
  // Throws std::bad_alloc when OpenSSL cannot allocate the context.
  EVP_MD_CTX* DigestContext();

 private:
  std::unique_ptr<uint8_t[]> read_buffer_;
  EVP_MD_CTX* digest_context_ = nullptr;
};

}  // namespace kyso
