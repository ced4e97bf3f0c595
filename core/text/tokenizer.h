#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::text {

// Turns text into token ids and back. Models see only ids; views show pieces.
class Tokenizer
{
public:
    virtual ~Tokenizer() = default;

    virtual std::vector<int> encode(std::string_view text) const = 0;
    virtual std::vector<std::string> encodePieces(std::string_view text) const = 0;
    virtual std::string decode(std::span<const int> ids) const = 0;
    virtual int vocabSize() const = 0;
};

} // namespace glossa::core::text
