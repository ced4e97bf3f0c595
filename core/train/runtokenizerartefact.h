#pragma once

#include "text/runtokenizer.h"

#include <string_view>

namespace glossa::core::store {
class RunStore;
struct RunInfo;
} // namespace glossa::core::store

namespace glossa::core::train {

// A run's tokenizer is its artefact in role "tokenizer": a SentencePiece model; or, stored with
// the kind "wordpiece-vocab", a BERT-family model's vocab.txt, whose options are the model's
// tokenizer_config.json kept in role "tokenizer-config" (BERT's defaults when it had none); or,
// stored with the kind "bpe-tokenizer-json", a BPE model's tokenizer.json (RoBERTa's).
inline constexpr std::string_view tokenizerRole = "tokenizer";
inline constexpr std::string_view tokenizerConfigRole = "tokenizer-config";
inline constexpr std::string_view wordPieceArtefactKind = "wordpiece-vocab";
inline constexpr std::string_view bpeTokenizerArtefactKind = "bpe-tokenizer-json";

// Each file checked against its stored hash first; throws Error naming the run and the file.
text::RunTokenizer loadRunTokenizer(store::RunStore &runs, const store::RunInfo &run);

} // namespace glossa::core::train
