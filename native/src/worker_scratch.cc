#include "worker_scratch.h"

#include <new>

namespace kyso {

WorkerScratch::~WorkerScratch() { EVP_MD_CTX_free(digest_context_); }

uint8_t* WorkerScratch::ReadBuffer() {
  if (!read_buffer_) read_buffer_.reset(new uint8_t[kReadChunkBytes]);
  return read_buffer_.get();
}

EVP_MD_CTX* WorkerScratch::DigestContext() {
  if (digest_context_ == nullptr) {
    digest_context_ = EVP_MD_CTX_new();
    if (digest_context_ == nullptr) throw std::bad_alloc();
  }
  return digest_context_;
}

}  // namespace kyso
