// A SentencePiece model file (a run's tokenizer artefact, or sentencepiece.bpe.model in a model
// folder), loaded through the bridge module and used on a few texts in several scripts. The
// bridge promises to report every failure and never abort.

#include "fuzzinput.h"
#include "sanitizedbridge.h"

#include "text/sentencepiecebridge.h"
#include "text/sentencepiecetokenizer.h"
#include "util/error.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace glossa::core;

namespace {

constexpr std::string_view texts[] = {
    "Hello, world! Tokenizers split text into pieces.",
    "Grüße aus Köln – ça va? Ünïcödé ñ",
    "Всеобщая декларация прав человека",
    "日本語のテキストと中文文本，한국어 텍스트",
    "مرحبا بالعالم  नमस्ते दुनिया 👋🏽",
    "",
    " \t\r\n ",
    "\xff\xfe invalid \xc3 UTF-8 \xed\xa0\x80",
    std::string_view("nul\0inside", 10),
};

void useModel(const text::SentencePieceTokenizer &tokenizer)
{
    const int vocab = tokenizer.vocabSize();
    std::size_t checksum = static_cast<std::size_t>(vocab);
    for (const auto special : {tokenizer.unkId(), tokenizer.bosId(), tokenizer.eosId(), tokenizer.padId()})
        checksum += special.value_or(-1);
    for (const auto text : texts) {
        const auto ids = tokenizer.encode(text);
        for (const auto &piece : tokenizer.encodePieces(text))
            checksum += static_cast<std::size_t>(tokenizer.pieceToId(piece));
        checksum += tokenizer.decode(ids).size();
    }
    // Bounded, so a model with millions of pieces stays a fast input.
    for (int id = 0; id < std::min(vocab, 2000); ++id)
        checksum += tokenizer.idToPiece(id).size();
    glossa::fuzz::observe(checksum);
}

} // namespace

// Loads the bridge before fuzzing starts, so its coverage counters are there from the first
// input on.
extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    text::SentencePieceBridge::instance();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const glossa::fuzz::InputFile input("sentencepiece.model", data, size);
    try {
        useModel(text::SentencePieceTokenizer::load(input.path()));
    } catch (const Error &) {
        // The documented refusal: not a model, or text it cannot tokenize.
    }
    return 0;
}
