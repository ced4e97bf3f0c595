#include "util/hash.h"

#include "util/error.h"

#include <openssl/evp.h>
#include <xxhash.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>

namespace glossa::core {
namespace {

struct DigestContextDeleter
{
    void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
};
using DigestContext = std::unique_ptr<EVP_MD_CTX, DigestContextDeleter>;

DigestContext newSha256()
{
    DigestContext ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
        throw Error("SHA-256 is not available from OpenSSL");
    return ctx;
}

std::string finishHex(EVP_MD_CTX *ctx)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx, digest.data(), &length);
    static constexpr char hexDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        hex.push_back(hexDigits[digest[i] >> 4]);
        hex.push_back(hexDigits[digest[i] & 0xF]);
    }
    return hex;
}

} // namespace

std::string sha256Hex(std::string_view bytes)
{
    auto ctx = newSha256();
    EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size());
    return finishHex(ctx.get());
}

std::string sha256File(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path.string() + ": cannot be read");
    auto ctx = newSha256();
    std::array<char, 1 << 16> buffer{};
    while (in) {
        in.read(buffer.data(), buffer.size());
        EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<size_t>(in.gcount()));
    }
    return finishHex(ctx.get());
}

} // namespace glossa::core

namespace glossa::core {

ContentHash::ContentHash()
    : m_state(XXH3_createState())
{
    XXH3_128bits_reset(static_cast<XXH3_state_t *>(m_state));
}

ContentHash::~ContentHash()
{
    XXH3_freeState(static_cast<XXH3_state_t *>(m_state));
}

void ContentHash::add(std::string_view field)
{
    auto *state = static_cast<XXH3_state_t *>(m_state);
    const std::uint64_t length = field.size();
    XXH3_128bits_update(state, &length, sizeof length);
    XXH3_128bits_update(state, field.data(), field.size());
}

std::string ContentHash::hex() const
{
    const XXH128_hash_t digest = XXH3_128bits_digest(static_cast<XXH3_state_t *>(m_state));
    std::array<char, 33> text{};
    std::snprintf(text.data(), text.size(), "%016llx%016llx", static_cast<unsigned long long>(digest.high64),
                  static_cast<unsigned long long>(digest.low64));
    return std::string(text.data(), 32);
}

} // namespace glossa::core
