// A Hugging Face tokenizer.json, as a model folder without other vocabulary files brings it:
// read as the tokenizer it was converted from (WordPiece, or XLM-R's Unigram rebuilt as a
// SentencePiece model) or as the BPE tokenizer it is, used on texts (encoded, decoded), and
// written back as the files a run keeps and exports, which must read as the same tokenizer.

#include "fuzzinput.h"
#include "sanitizedbridge.h"

#include "model/foldervocabulary.h"
#include "model/tokenizerjson.h"
#include "util/error.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

using namespace glossa::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const glossa::fuzz::InputFile input("tokenizer.json", data, size);
    try {
        const auto tokenizer = model::readTokenizerJson(input.path());
        const auto folder = input.path().parent_path() / "written";
        std::filesystem::create_directories(folder);
        model::writeHfTokenizerFiles(folder, tokenizer, 512);
        const auto reread = model::loadFolderTokenizer(folder);
        for (const char *text : {"Where is my parcel?", "我的包裹在哪里", "  ", "e\xcc\x81 caf\xc3\xa9",
                                 "<s>it's  <mask> \xf0\x9f\x91\x8d\n\xe0\xa4\xa8\xe0\xa5\x8d \xff</s>"}) {
            const auto ids = tokenizer.pieces().encode(text);
            glossa::fuzz::observe(ids.size());
            glossa::fuzz::observe(tokenizer.pieces().decode(ids).size());
            glossa::fuzz::observe(tokenizer.pieces().encodePieces(text).size());
            if (reread.pieces().encode(text) != ids) {
                std::fprintf(stderr, "glossa fuzz: the tokenizer files written from tokenizer.json read differently\n");
                std::abort();
            }
        }
        std::filesystem::remove_all(folder);
    } catch (const Error &) {
        // The documented refusal of a tokenizer.json Glossa cannot read.
    }
    return 0;
}
