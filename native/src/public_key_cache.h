// Public keys of one verify batch, decoded once per distinct key. Validating a folder of documents
// signed by a handful of officials repeats the same few keys thousands of times; decoding an RSA
// SubjectPublicKeyInfo costs several times more than the verification itself.
#pragma once

#include <openssl/evp.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "item_error.h"

namespace kyso {

struct DecodedKey {
  EVP_PKEY* key = nullptr;  // owned by the cache
  std::string type;         // lower-case OpenSSL type name: "rsa", "rsa-pss", "ec", "ed25519", ...
  std::optional<ItemError> error;
};

class PublicKeyCache {
 public:
  PublicKeyCache() = default;
  ~PublicKeyCache();
  PublicKeyCache(const PublicKeyCache&) = delete;
  PublicKeyCache& operator=(const PublicKeyCache&) = delete;

  // JS thread: the slot for these SPKI bytes; the bytes are copied only the first time they occur.
  size_t Intern(const uint8_t* der, size_t length);

  // Pool threads: the decoded key; exactly one thread decodes each slot, the others wait for it.
  const DecodedKey& Get(size_t slot);

 private:
  struct Slot {
    std::string der;
    std::once_flag decoded;
    DecodedKey result;
  };

  std::deque<Slot> slots_;  // deque: slots never move, so pool threads may hold references
  std::unordered_map<size_t, std::vector<size_t>> slots_by_hash_;
  // Batches usually pass the same Buffer object for every item of one signer. While the batch is
  // being collected no JS runs, so the same memory holds the same bytes: the address alone finds
  // the slot without hashing or comparing the key again.
  std::unordered_map<const uint8_t*, std::pair<size_t, size_t>> slot_by_address_;  // -> (length, slot)
};

}  // namespace kyso
