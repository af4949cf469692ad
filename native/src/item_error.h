// Per-item failures. A bad file, range or key fails its own item and never the batch; the
// TypeScript wrapper turns each record into `{ error: { code, message, messageVi } }`.
#pragma once

#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace kyso {

// The names must match NativeErrorCode in native/ts/errors.ts.
enum class ErrorCode {
  kFileNotFound,
  kFileUnreadable,
  kRangeOutOfBounds,
  kFileChanged,
  kUnknownAlgorithm,
  kInvalidPublicKey,
  kKeyAlgorithmMismatch,
  kDigestLengthMismatch,
  kInternal,
};

const char* ErrorCodeName(ErrorCode code);

// Plain data only: it is filled on pool threads and converted to JS on the main thread.
struct ItemError {
  explicit ItemError(ErrorCode error_code) : code(error_code) {}

  ErrorCode code;
  std::string path;
  std::string errno_name;  // "ENOENT", "EISDIR", ...
  int64_t range_index = -1;
  uint64_t offset = 0;
  uint64_t length = 0;
  uint64_t file_size = 0;
  std::string algorithm;
  std::string key_type;
  uint64_t expected_length = 0;
  uint64_t actual_length = 0;
  std::string detail;
};

// Failures are rare, so they are kept sparse (index -> error) behind a mutex instead of one
// optional slot per item: a 100,000-item batch then costs nothing for its successes.
class ItemErrorList {
 public:
  void Add(size_t index, ItemError error);
  Napi::Array ToJs(Napi::Env env) const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::pair<size_t, ItemError>> errors_;
};

// "ENOENT" for ENOENT and so on, for the errno values file access can produce.
std::string ErrnoName(int error_number);

}  // namespace kyso
