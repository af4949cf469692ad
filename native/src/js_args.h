// Defensive argument reading for the raw addon. The TypeScript wrapper validates everything first
// with friendlier messages; these checks only keep a direct caller from crashing the process.
// Argument locations ("items[3].publicKey") are only formatted when a check fails: batches of
// 100,000 items must not pay for a string per field.
#pragma once

#include <napi.h>

#include <cmath>
#include <cstdint>
#include <string>

namespace kyso {

struct ArgumentPath {
  const char* list;
  int64_t index = -1;
  const char* field = nullptr;
  int64_t sub_index = -1;
  int64_t pair_index = -1;

  ArgumentPath At(int64_t i) const {
    ArgumentPath path = *this;
    if (path.index < 0) path.index = i;
    else if (path.sub_index < 0) path.sub_index = i;
    else path.pair_index = i;
    return path;
  }
  ArgumentPath Field(const char* name) const {
    ArgumentPath path = *this;
    path.field = name;
    return path;
  }
  std::string Text() const {
    std::string text = list;
    if (index >= 0) text += "[" + std::to_string(index) + "]";
    if (field != nullptr) text += std::string(".") + field;
    if (sub_index >= 0) text += "[" + std::to_string(sub_index) + "]";
    if (pair_index >= 0) text += "[" + std::to_string(pair_index) + "]";
    return text;
  }
};

[[noreturn]] inline void ThrowTypeError(const Napi::Env& env, const ArgumentPath& where, const char* expected) {
  throw Napi::TypeError::New(env, where.Text() + " must be " + expected);
}

inline Napi::Uint8Array RequireBytes(const Napi::Value& value, const ArgumentPath& where) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    ThrowTypeError(value.Env(), where, "a Buffer or Uint8Array");
  }
  return value.As<Napi::Uint8Array>();
}

// The bytes of a Uint8Array (Buffer) with a single Node-API call; hot loops over 100,000 items use
// this instead of the several calls Napi::Uint8Array makes.
struct ByteView {
  const uint8_t* data;
  size_t length;
};

inline ByteView RequireByteView(napi_env env, napi_value value, const ArgumentPath& where) {
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(env, value, &type, &length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_uint8_array) {
    // napi_get_typedarray_info fails on anything but a typed array; that is the type check.
    bool pending = false;
    if (napi_is_exception_pending(env, &pending) == napi_ok && pending) {
      napi_value ignored;
      napi_get_and_clear_last_exception(env, &ignored);
    }
    ThrowTypeError(Napi::Env(env), where, "a Buffer or Uint8Array");
  }
  return {static_cast<const uint8_t*>(data), length};
}

inline std::string RequireString(const Napi::Value& value, const ArgumentPath& where) {
  if (!value.IsString()) ThrowTypeError(value.Env(), where, "a string");
  return value.As<Napi::String>().Utf8Value();
}

inline Napi::Array RequireArray(const Napi::Value& value, const ArgumentPath& where) {
  if (!value.IsArray()) ThrowTypeError(value.Env(), where, "an array");
  return value.As<Napi::Array>();
}

// Non-negative integers up to 2^53 - 1 (Number.MAX_SAFE_INTEGER).
inline uint64_t RequireIndex(const Napi::Value& value, const ArgumentPath& where) {
  constexpr double kMaxSafeInteger = 9007199254740991.0;
  if (!value.IsNumber()) ThrowTypeError(value.Env(), where, "a number");
  double number = value.As<Napi::Number>().DoubleValue();
  if (!(number >= 0) || number > kMaxSafeInteger || std::floor(number) != number) {
    ThrowTypeError(value.Env(), where, "a non-negative safe integer");
  }
  return static_cast<uint64_t>(number);
}

}  // namespace kyso
