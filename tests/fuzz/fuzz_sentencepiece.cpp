// A SentencePiece model file (a run's tokenizer artefact, or sentencepiece.bpe.model in a model
// folder), loaded through the bridge module and used on a few texts in several scripts. The
// bridge promises to report every failure and never abort.

#include "fuzzinput.h"

#include "text/sentencepiecebridge.h"
#include "text/sentencepiecetokenizer.h"
#include "util/error.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace glossa::core;

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GLOSSA_FUZZ_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define GLOSSA_FUZZ_ASAN 1
#endif

#ifdef GLOSSA_FUZZ_ASAN
// AddressSanitizer refuses dlopen(RTLD_DEEPBIND) and ends the process (google/sanitizers#611).
// The bridge is loaded that way only to keep SentencePiece's protobuf away from LibTorch's
// (PLATFORM.md, trap 1); this process has no LibTorch, so the flag is dropped here and the
// module loads under the sanitizer's own dlopen, its allocations checked like the rest.
extern "C" void *__interceptor_dlopen(const char *file, int flags);
extern "C" void *dlopen(const char *file, int flags)
{
    return __interceptor_dlopen(file, flags & ~RTLD_DEEPBIND);
}
#endif

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
