#include "item_error.h"

#include <cerrno>
#include <cstring>

namespace kyso {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kFileNotFound:
      return "FILE_NOT_FOUND";
    case ErrorCode::kFileUnreadable:
      return "FILE_UNREADABLE";
    case ErrorCode::kRangeOutOfBounds:
      return "RANGE_OUT_OF_BOUNDS";
    case ErrorCode::kFileChanged:
      return "FILE_CHANGED";
    case ErrorCode::kUnknownAlgorithm:
      return "UNKNOWN_ALGORITHM";
    case ErrorCode::kInvalidPublicKey:
      return "INVALID_PUBLIC_KEY";
    case ErrorCode::kKeyAlgorithmMismatch:
      return "KEY_ALGORITHM_MISMATCH";
    case ErrorCode::kDigestLengthMismatch:
      return "DIGEST_LENGTH_MISMATCH";
    case ErrorCode::kInternal:
      return "INTERNAL";
  }
  return "INTERNAL";
}

void ItemErrorList::Add(size_t index, ItemError error) {
  std::lock_guard<std::mutex> lock(mutex_);
  errors_.emplace_back(index, std::move(error));
}

Napi::Array ItemErrorList::ToJs(Napi::Env env) const {
  std::lock_guard<std::mutex> lock(mutex_);
  Napi::Array out = Napi::Array::New(env, errors_.size());
  uint32_t position = 0;
  for (const auto& [index, error] : errors_) {
    Napi::Object record = Napi::Object::New(env);
    record.Set("index", Napi::Number::New(env, static_cast<double>(index)));
    record.Set("code", Napi::String::New(env, ErrorCodeName(error.code)));
    if (!error.path.empty()) record.Set("path", Napi::String::New(env, error.path));
    if (!error.errno_name.empty()) record.Set("errno", Napi::String::New(env, error.errno_name));
    if (error.range_index >= 0) {
      record.Set("rangeIndex", Napi::Number::New(env, static_cast<double>(error.range_index)));
      record.Set("offset", Napi::Number::New(env, static_cast<double>(error.offset)));
      record.Set("length", Napi::Number::New(env, static_cast<double>(error.length)));
    }
    if (error.code == ErrorCode::kRangeOutOfBounds || error.code == ErrorCode::kFileChanged) {
      record.Set("fileSize", Napi::Number::New(env, static_cast<double>(error.file_size)));
    }
    if (!error.algorithm.empty()) record.Set("algorithm", Napi::String::New(env, error.algorithm));
    if (!error.key_type.empty()) record.Set("keyType", Napi::String::New(env, error.key_type));
    if (error.code == ErrorCode::kDigestLengthMismatch) {
      record.Set("expectedLength", Napi::Number::New(env, static_cast<double>(error.expected_length)));
      record.Set("actualLength", Napi::Number::New(env, static_cast<double>(error.actual_length)));
    }
    if (!error.detail.empty()) record.Set("detail", Napi::String::New(env, error.detail));
    out.Set(position++, record);
  }
  return out;
}

std::string ErrnoName(int error_number) {
  switch (error_number) {
    case ENOENT:
      return "ENOENT";
    case EACCES:
      return "EACCES";
    case EPERM:
      return "EPERM";
    case EISDIR:
      return "EISDIR";
    case ENOTDIR:
      return "ENOTDIR";
    case ELOOP:
      return "ELOOP";
    case ENAMETOOLONG:
      return "ENAMETOOLONG";
    case EMFILE:
      return "EMFILE";
    case ENFILE:
      return "ENFILE";
    case EIO:
      return "EIO";
    case ENXIO:
      return "ENXIO";
    case EINVAL:
      return "EINVAL";
    case ENOMEM:
      return "ENOMEM";
    case EOVERFLOW:
      return "EOVERFLOW";
    case EFBIG:
      return "EFBIG";
    case ENODEV:
      return "ENODEV";
    default:
      return "errno " + std::to_string(error_number) + " (" + std::strerror(error_number) + ")";
  }
}

}  // namespace kyso
