// Verification contexts for one (public key, signature algorithm, PSS salt length) combination.
// Creating and configuring an EVP_PKEY_CTX costs provider fetches and allocations comparable to an
// ECDSA verification, so configured contexts are kept in a small free list and reused: each pool
// thread takes one, verifies, and puts it back. EVP_PKEY_verify leaves the context reusable.
#pragma once

#include <openssl/evp.h>

#include <cstddef>
#include <mutex>
#include <optional>
#include <vector>

#include "item_error.h"
#include "public_key_cache.h"
#include "signature_algorithm.h"

namespace kyso {

class Verifier {
 public:
  // salt_length: the exact RSA-PSS salt length to require, or kAutoSalt to accept any (recovered
  // from the signature, like node:crypto's default on verify).
  static constexpr int kAutoSalt = -1;

  Verifier(size_t key_slot, SignatureAlgorithm algorithm, int salt_length)
      : key_slot_(key_slot), algorithm_(algorithm), salt_length_(salt_length) {}
  ~Verifier();
  Verifier(const Verifier&) = delete;
  Verifier& operator=(const Verifier&) = delete;

  size_t key_slot() const { return key_slot_; }
  SignatureAlgorithm algorithm() const { return algorithm_; }

  // A context ready for EVP_PKEY_verify over a digest, or nullptr with `*error` filled in when
  // the key cannot be used with this algorithm. Every item of this combination then gets the same
  // error, because configuration depends only on the key and the algorithm.
  EVP_PKEY_CTX* Acquire(const DecodedKey& key, std::optional<ItemError>* error);
  void Release(EVP_PKEY_CTX* ctx);

 private:
  EVP_PKEY_CTX* Configure(const DecodedKey& key, std::optional<ItemError>* error) const;

  const size_t key_slot_;
  const SignatureAlgorithm algorithm_;
  const int salt_length_;

  std::mutex mutex_;
  std::vector<EVP_PKEY_CTX*> idle_;           // guarded by mutex_
  std::optional<ItemError> failure_;          // guarded by mutex_
};

}  // namespace kyso
