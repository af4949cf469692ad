// Signature algorithm names accepted by verifyBatch: rsa-pkcs1-sha*, rsa-pss-sha*, ecdsa-sha*.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "digest_algorithm.h"

namespace kyso {

enum class SignatureScheme : uint8_t { kRsaPkcs1, kRsaPss, kEcdsa };

struct SignatureAlgorithm {
  SignatureScheme scheme;
  DigestAlgorithm digest;
};

inline std::optional<SignatureAlgorithm> ParseSignatureAlgorithm(std::string_view name) {
  struct Prefix {
    std::string_view text;
    SignatureScheme scheme;
  };
  static constexpr Prefix kPrefixes[] = {
      {"rsa-pkcs1-", SignatureScheme::kRsaPkcs1},
      {"rsa-pss-", SignatureScheme::kRsaPss},
      {"ecdsa-", SignatureScheme::kEcdsa},
  };
  for (const Prefix& prefix : kPrefixes) {
    if (name.substr(0, prefix.text.size()) != prefix.text) continue;
    std::optional<DigestAlgorithm> digest = ParseDigestAlgorithm(name.substr(prefix.text.size()));
    if (!digest) return std::nullopt;
    return SignatureAlgorithm{prefix.scheme, *digest};
  }
  return std::nullopt;
}

inline std::string SignatureAlgorithmName(const SignatureAlgorithm& algorithm) {
  const char* scheme = algorithm.scheme == SignatureScheme::kRsaPkcs1 ? "rsa-pkcs1-"
                       : algorithm.scheme == SignatureScheme::kRsaPss ? "rsa-pss-"
                                                                      : "ecdsa-";
  return std::string(scheme) + DigestAlgorithmName(algorithm.digest);
}

}  // namespace kyso
