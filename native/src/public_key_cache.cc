#include "public_key_cache.h"

#include <openssl/x509.h>

#include <cctype>
#include <cstring>
#include <functional>
#include <string_view>

#include "openssl_util.h"

namespace kyso {

PublicKeyCache::~PublicKeyCache() {
  for (Slot& slot : slots_) EVP_PKEY_free(slot.result.key);
}

size_t PublicKeyCache::Intern(const uint8_t* der, size_t length) {
  auto known = slot_by_address_.find(der);
  if (known != slot_by_address_.end() && known->second.first == length) return known->second.second;

  std::string_view bytes(reinterpret_cast<const char*>(der), length);
  std::vector<size_t>& candidates = slots_by_hash_[std::hash<std::string_view>{}(bytes)];
  size_t slot = slots_.size();
  for (size_t candidate : candidates) {
    if (slots_[candidate].der == bytes) slot = candidate;
  }
  if (slot == slots_.size()) {
    slots_.emplace_back();
    slots_.back().der.assign(bytes);
    candidates.push_back(slot);
  }
  slot_by_address_[der] = {length, slot};
  return slot;
}

const DecodedKey& PublicKeyCache::Get(size_t index) {
  Slot& slot = slots_[index];
  std::call_once(slot.decoded, [&slot] {
    const auto* start = reinterpret_cast<const unsigned char*>(slot.der.data());
    const unsigned char* cursor = start;
    EVP_PKEY* key = d2i_PUBKEY(nullptr, &cursor, static_cast<long>(slot.der.size()));
    // d2i_PUBKEY stops after the outer SEQUENCE: bytes left over mean this is not one SPKI.
    if (key == nullptr || cursor != start + slot.der.size()) {
      EVP_PKEY_free(key);
      TakeOpenSslErrors();
      slot.result.error.emplace(ErrorCode::kInvalidPublicKey);
      return;
    }
    slot.result.key = key;
    const char* name = EVP_PKEY_get0_type_name(key);
    slot.result.type = name != nullptr ? name : "unknown";
    for (char& c : slot.result.type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  return slot.result;
}

}  // namespace kyso
