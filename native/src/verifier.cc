#include "verifier.h"

#include <openssl/rsa.h>

#include "openssl_util.h"

namespace kyso {

namespace {

bool KeyFitsScheme(const std::string& type, SignatureScheme scheme) {
  switch (scheme) {
    case SignatureScheme::kRsaPkcs1:
      return type == "rsa";
    case SignatureScheme::kRsaPss:
      return type == "rsa" || type == "rsa-pss";
    case SignatureScheme::kEcdsa:
      return type == "ec";
  }
  return false;
}

}  // namespace

Verifier::~Verifier() {
  for (EVP_PKEY_CTX* ctx : idle_) EVP_PKEY_CTX_free(ctx);
}

EVP_PKEY_CTX* Verifier::Acquire(const DecodedKey& key, std::optional<ItemError>* error) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (failure_) {
      *error = failure_;
      return nullptr;
    }
    if (!idle_.empty()) {
      EVP_PKEY_CTX* ctx = idle_.back();
      idle_.pop_back();
      return ctx;
    }
  }
  // Configured outside the lock; two threads may race to create the first contexts, which only
  // costs a spare context in the free list.
  EVP_PKEY_CTX* ctx = Configure(key, error);
  if (ctx == nullptr) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!failure_) failure_ = *error;
  }
  return ctx;
}

void Verifier::Release(EVP_PKEY_CTX* ctx) {
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(ctx);
}

EVP_PKEY_CTX* Verifier::Configure(const DecodedKey& key, std::optional<ItemError>* error) const {
  if (!KeyFitsScheme(key.type, algorithm_.scheme)) {
    error->emplace(ErrorCode::kKeyAlgorithmMismatch);
    (*error)->key_type = key.type;
    (*error)->algorithm = SignatureAlgorithmName(algorithm_);
    return nullptr;
  }
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.key, nullptr));
  if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1) {
    error->emplace(ErrorCode::kInternal);
    (*error)->detail = TakeOpenSslErrors();
    return nullptr;
  }
  const EVP_MD* md = DigestMethod(algorithm_.digest);
  bool configured = true;
  if (algorithm_.scheme == SignatureScheme::kRsaPkcs1) {
    configured = EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) == 1;
  } else if (algorithm_.scheme == SignatureScheme::kRsaPss) {
    configured = EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PSS_PADDING) == 1;
  }
  // For an RSASSA-PSS key (id-RSASSA-PSS SPKI) OpenSSL refuses a hash, MGF1 hash or salt length
  // that the key's parameters forbid: that is a key/algorithm mismatch, reported per item.
  configured = configured && EVP_PKEY_CTX_set_signature_md(ctx.get(), md) == 1;
  if (configured && algorithm_.scheme == SignatureScheme::kRsaPss) {
    configured = EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), md) == 1;
    // An RSASSA-PSS key carries its own minimum salt length and OpenSSL applies it by default;
    // asking for "auto" would be rejected as shorter than that minimum.
    if (configured && salt_length_ != kAutoSalt) {
      configured = EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), salt_length_) == 1;
    } else if (configured && key.type == "rsa") {
      configured = EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), RSA_PSS_SALTLEN_AUTO) == 1;
    }
  }
  if (!configured) {
    TakeOpenSslErrors();
    error->emplace(ErrorCode::kKeyAlgorithmMismatch);
    (*error)->key_type = key.type;
    (*error)->algorithm = SignatureAlgorithmName(algorithm_);
    return nullptr;
  }
  return ctx.release();
}

}  // namespace kyso
