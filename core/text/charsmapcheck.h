#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace glossa::core::text {

// SentencePiece reads a model's precompiled normalisation rules (a double-array trie and the
// strings it points at) without checking them: a damaged or forged sentencepiece.bpe.model
// makes it read past its buffers (found by fuzzing the bridge). This walks the model's
// protobuf wire format to those rules, in the normaliser and the denormaliser, and checks what
// the library relies on: the trie's size, every child position inside the trie, every value
// inside the strings, and the strings ending in a NUL. Returns what is wrong, or nullopt.
std::optional<std::string> charsMapProblem(std::string_view modelBytes);

} // namespace glossa::core::text
