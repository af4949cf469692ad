// Hashes byte ranges of a file (a PDF's /ByteRange pairs) with sequential pread() calls.
// pread rather than mmap: a file truncated while mapped raises SIGBUS and would kill the process,
// whereas a short pread is just an error for that one item.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "digest_algorithm.h"
#include "item_error.h"
#include "worker_scratch.h"

namespace kyso {

struct ByteRange {
  uint64_t offset;
  uint64_t length;
};

// Digests the concatenation of `ranges` in the order given, or the whole file when `ranges` is
// null. Every range is checked against the file size before any byte is read. `out` receives
// DigestSize(algorithm) bytes on success.
std::optional<ItemError> HashFile(const std::string& path, const std::vector<ByteRange>* ranges,
                                  DigestAlgorithm algorithm, WorkerScratch& scratch, uint8_t* out);

}  // namespace kyso
