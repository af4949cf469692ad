#pragma once

#include <napi.h>

namespace kyso {

// hashBatch(inputs, algorithm) -> Promise<{ digests: Buffer, errors: RawItemError[] }>
// inputs: (Uint8Array | { path: string, ranges?: [offset, length][] })[]; algorithm: sha256|sha384|sha512.
// `digests` holds inputs.length * digestSize bytes; the slot of a failed item is zero-filled.
Napi::Value HashBatch(const Napi::CallbackInfo& info);

}  // namespace kyso
