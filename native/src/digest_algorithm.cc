#include "digest_algorithm.h"

namespace kyso {

namespace {

struct FetchedDigests {
  const EVP_MD* methods[3];
  FetchedDigests()
      : methods{EVP_MD_fetch(nullptr, "SHA2-256", nullptr), EVP_MD_fetch(nullptr, "SHA2-384", nullptr),
                EVP_MD_fetch(nullptr, "SHA2-512", nullptr)} {}
};

const FetchedDigests& Fetched() {
  // Thread-safe static initialisation; never freed because pool threads may use it until exit.
  static const FetchedDigests* fetched = new FetchedDigests();
  return *fetched;
}

}  // namespace

std::optional<DigestAlgorithm> ParseDigestAlgorithm(std::string_view name) {
  if (name == "sha256") return DigestAlgorithm::kSha256;
  if (name == "sha384") return DigestAlgorithm::kSha384;
  if (name == "sha512") return DigestAlgorithm::kSha512;
  return std::nullopt;
}

const char* DigestAlgorithmName(DigestAlgorithm algorithm) {
  switch (algorithm) {
    case DigestAlgorithm::kSha256:
      return "sha256";
    case DigestAlgorithm::kSha384:
      return "sha384";
    case DigestAlgorithm::kSha512:
      return "sha512";
  }
  return "unknown";
}

size_t DigestSize(DigestAlgorithm algorithm) {
  switch (algorithm) {
    case DigestAlgorithm::kSha256:
      return 32;
    case DigestAlgorithm::kSha384:
      return 48;
    case DigestAlgorithm::kSha512:
      return 64;
  }
  return 0;
}

const EVP_MD* DigestMethod(DigestAlgorithm algorithm) {
  return Fetched().methods[static_cast<size_t>(algorithm)];
}

bool ComputeDigest(EVP_MD_CTX* ctx, DigestAlgorithm algorithm, const uint8_t* data, size_t length,
                   uint8_t* out) {
  unsigned int written = 0;
  return EVP_DigestInit_ex2(ctx, DigestMethod(algorithm), nullptr) == 1 &&
         EVP_DigestUpdate(ctx, data, length) == 1 && EVP_DigestFinal_ex(ctx, out, &written) == 1;
}

}  // namespace kyso
