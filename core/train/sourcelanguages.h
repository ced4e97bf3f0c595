#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::data {
struct DatasetSnapshot;
}

namespace glossa::core::train {

// A run restricted to source languages (eval.source_languages, "de,fr") learns zero-shot
// transfer: it trains on those languages' training rows, picks its checkpoint on their dev rows
// only, and is tested on every language's test rows. Nothing of another language's train or
// dev rows reaches it, not even the tokenizer (selecting a checkpoint on target-language dev
// data is what makes published zero-shot numbers too good).

// The codes in the order written, without repeats; empty: no restriction. Throws Error with
// sourceLanguagesProblem's words.
std::vector<std::string> parseSourceLanguages(std::string_view text);
// Why the text is not a list of language codes (letters, digits, '-' and '_', at most 35
// characters each, at most 200 of them); nullopt when it is one (or empty).
std::optional<std::string> sourceLanguagesProblem(std::string_view text);

// The snapshot as a source-restricted run sees it: train and dev rows of other languages left
// out, every test row kept. Ids, labels and hash are the snapshot's.
data::DatasetSnapshot restrictToSources(const data::DatasetSnapshot &snapshot,
                                        const std::vector<std::string> &languages);

} // namespace glossa::core::train
