// The three hash functions kyso signs and verifies with (Circular 15/2025: SHA-256/384/512).
#pragma once

#include <openssl/evp.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace kyso {

enum class DigestAlgorithm : uint8_t { kSha256, kSha384, kSha512 };

std::optional<DigestAlgorithm> ParseDigestAlgorithm(std::string_view name);
const char* DigestAlgorithmName(DigestAlgorithm algorithm);
size_t DigestSize(DigestAlgorithm algorithm);

// The EVP_MD is fetched from the provider once per process and shared by all threads (an EVP_MD
// is immutable). Passing EVP_sha256() to every EVP_DigestInit instead makes OpenSSL 3.0 repeat the
// provider fetch, which takes a global lock and dominates the cost of small inputs.
const EVP_MD* DigestMethod(DigestAlgorithm algorithm);

// One-shot digest with a reusable context. `out` must hold DigestSize(algorithm) bytes.
bool ComputeDigest(EVP_MD_CTX* ctx, DigestAlgorithm algorithm, const uint8_t* data, size_t length,
                   uint8_t* out);

}  // namespace kyso
