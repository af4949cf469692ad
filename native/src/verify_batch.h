#pragma once

#include <napi.h>

namespace kyso {

// verifyBatch(columns) -> Promise<{ status: Buffer, errors: RawItemError[] }>
// The TypeScript wrapper sends the batch as columns so that collecting it costs two array reads
// per item instead of a dozen property reads:
//   algorithms: string[] (distinct names)      algorithmIndex: Uint32Array (per item)
//   publicKeys: Uint8Array[] (distinct SPKI)   keyIndex: Uint32Array (per item)
//   signatures: Uint8Array[]                   messages: Uint8Array[] (data, or digest if prehashed)
//   prehashed: Uint8Array (0/1)                pssSaltLengths: Int32Array (-1 = auto)
// status[i]: 0 = signature invalid, 1 = valid, 2 = item failed (see errors).
Napi::Value VerifyBatch(const Napi::CallbackInfo& info);

}  // namespace kyso
