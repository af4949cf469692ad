#pragma once

#include <napi.h>

namespace kyso {

// merkleTree(leaves, algorithm) -> Promise<{ levels: Buffer[] }>
// levels[0] is the leaves, levels[last] the root; each level is its nodes concatenated.
// Node rule (RFC 4998 section 4.2 with a binary tree): parent = H(min(a, b) || max(a, b)), the two
// child hashes ordered as unsigned byte strings; an odd last node moves up unchanged.
Napi::Value MerkleTree(const Napi::CallbackInfo& info);

}  // namespace kyso
