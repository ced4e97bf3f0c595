// The only translation unit that includes SentencePiece. Built as a MODULE library and loaded
// with dlopen; see sentencepiecebridgeapi.h for why.

#include "text/sentencepiecebridgeapi.h"
#include "util/utf8decode.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#define GLOSSA_BRIDGE_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

void report(glossa_spm_sink sink, void *context, const std::string &message)
{
    if (sink)
        sink(context, message.data(), message.size());
}

// True when the text holds a character that survives SentencePiece's normalisation: not a
// space of any kind, not a control or format character.
bool hasVisibleCharacter(std::string_view text)
{
    for (size_t i = 0; i < text.size();) {
        const char32_t c = glossa::core::nextCodePoint(text, i);
        const bool invisible = c <= 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0xAD || c == 0x1680 || c == 0x180E
                               || (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F)
                               || (c >= 0x205F && c <= 0x206F) || c == 0x3000 || c == 0xFEFF
                               || (c >= 0xFFF9 && c <= 0xFFFB) || (c >= 0xE0000 && c <= 0xE007F);
        if (!invisible)
            return true;
    }
    return false;
}

// Feeds SentencePiece's trainer from the caller's callback, so a dataset streams from the
// project into the trainer without a temporary file.
class CallbackSentences final : public sentencepiece::SentenceIterator
{
public:
    CallbackSentences(glossa_spm_next_sentence next, void *context)
        : m_next(next)
        , m_context(context)
    {
        Next();
    }
    bool done() const override { return m_done; }
    // Skips sentences that normalise to nothing (only spaces, controls, zero-width marks):
    // SentencePiece's unigram trainer ends the process when no character is left at all.
    void Next() override
    {
        const char *data = nullptr;
        size_t size = 0;
        while (!(m_done = m_next(m_context, &data, &size) == 0)) {
            if (hasVisibleCharacter({data, size})) {
                m_value.assign(data, size);
                return;
            }
        }
    }
    const std::string &value() const override { return m_value; }
    sentencepiece::util::Status status() const override { return {}; }

private:
    glossa_spm_next_sentence m_next;
    void *m_context;
    std::string m_value;
    bool m_done = false;
};

// SentencePiece terminates the process on some bad inputs (CHECK failures) instead of
// returning a status, so the arguments that reach those paths are checked here first.
std::string validateOptions(const std::unordered_map<std::string, std::string> &options)
{
    auto number = [&](const char *key, double &out) -> bool {
        auto it = options.find(key);
        if (it == options.end())
            return false;
        try {
            size_t used = 0;
            out = std::stod(it->second, &used);
            return used == it->second.size();
        } catch (...) {
            out = -1;
            return true;
        }
    };
    double value = 0;
    if (number("vocab_size", value) && (value < 8 || value > 1000000 || value != static_cast<int>(value)))
        return "vocabulary size must be a whole number from 8 to 1,000,000";
    if (number("character_coverage", value) && (value < 0.98 || value > 1.0))
        return "character coverage must be from 0.98 to 1";
    if (number("num_threads", value) && (value < 1 || value > 128))
        return "the tokenizer trainer takes 1 to 128 threads";
    if (auto it = options.find("model_type"); it != options.end() && it->second != "unigram" && it->second != "bpe"
                                              && it->second != "char" && it->second != "word")
        return "unknown model type '" + it->second + "' (unigram, bpe, char or word)";
    return {};
}

} // namespace

GLOSSA_BRIDGE_EXPORT int glossa_spm_abi_version(void)
{
    return GLOSSA_SPM_BRIDGE_ABI;
}

GLOSSA_BRIDGE_EXPORT int glossa_spm_train(const char *const *keys, const char *const *values, size_t option_count,
                                          glossa_spm_next_sentence next_sentence, void *sentence_context,
                                          glossa_spm_sink model_sink, void *model_context, glossa_spm_sink error_sink,
                                          void *error_context)
{
    try {
        std::unordered_map<std::string, std::string> options;
        for (size_t i = 0; i < option_count; ++i)
            options[keys[i]] = values[i];
        if (auto it = options.find("seed"); it != options.end()) {
            sentencepiece::SetRandomGeneratorSeed(static_cast<unsigned int>(std::stoul(it->second)));
            options.erase(it);
        }
        if (auto problem = validateOptions(options); !problem.empty()) {
            report(error_sink, error_context, problem);
            return 1;
        }
        std::unique_ptr<CallbackSentences> sentences;
        if (next_sentence)
            sentences = std::make_unique<CallbackSentences>(next_sentence, sentence_context);
        if (sentences && sentences->done()) {
            report(error_sink, error_context, "no training text (the input is empty or only white space)");
            return 1;
        }
        std::string model;
        const auto status = sentencepiece::SentencePieceTrainer::Train(options, sentences.get(), &model);
        if (!status.ok()) {
            report(error_sink, error_context, status.ToString());
            return 1;
        }
        if (model_sink)
            model_sink(model_context, model.data(), model.size());
        return 0;
    } catch (const std::exception &e) {
        report(error_sink, error_context, std::string("tokenizer training failed: ") + e.what());
        return 1;
    }
}

GLOSSA_BRIDGE_EXPORT void *glossa_spm_load(const char *data, size_t size, glossa_spm_sink error_sink,
                                           void *error_context)
{
    try {
        auto processor = std::make_unique<sentencepiece::SentencePieceProcessor>();
        const auto status = processor->LoadFromSerializedProto({data, size});
        if (!status.ok()) {
            report(error_sink, error_context, "not a SentencePiece model: " + status.ToString());
            return nullptr;
        }
        return processor.release();
    } catch (const std::exception &e) {
        report(error_sink, error_context, std::string("cannot load the tokenizer: ") + e.what());
        return nullptr;
    }
}

GLOSSA_BRIDGE_EXPORT void glossa_spm_free(void *handle)
{
    delete static_cast<sentencepiece::SentencePieceProcessor *>(handle);
}

namespace {
const sentencepiece::SentencePieceProcessor &processor(const void *handle)
{
    return *static_cast<const sentencepiece::SentencePieceProcessor *>(handle);
}
} // namespace

GLOSSA_BRIDGE_EXPORT int glossa_spm_piece_count(const void *handle)
{
    return processor(handle).GetPieceSize();
}

GLOSSA_BRIDGE_EXPORT int glossa_spm_special_id(const void *handle, int which)
{
    const auto &sp = processor(handle);
    switch (which) {
    case 0: return sp.unk_id();
    case 1: return sp.bos_id();
    case 2: return sp.eos_id();
    case 3: return sp.pad_id();
    default: return -1;
    }
}

GLOSSA_BRIDGE_EXPORT int glossa_spm_piece_to_id(const void *handle, const char *piece, size_t size)
{
    return processor(handle).PieceToId({piece, size});
}

GLOSSA_BRIDGE_EXPORT int glossa_spm_id_to_piece(const void *handle, int id, glossa_spm_sink piece_sink, void *context)
{
    const auto &sp = processor(handle);
    if (id < 0 || id >= sp.GetPieceSize())
        return 1;
    const auto &piece = sp.IdToPiece(id);
    piece_sink(context, piece.data(), piece.size());
    return 0;
}

GLOSSA_BRIDGE_EXPORT int glossa_spm_encode_ids(const void *handle, const char *text, size_t size,
                                               glossa_spm_id_sink id_sink, void *context, glossa_spm_sink error_sink,
                                               void *error_context)
{
    try {
        std::vector<int> ids;
        const auto status = processor(handle).Encode({text, size}, &ids);
        if (!status.ok()) {
            report(error_sink, error_context, status.ToString());
            return 1;
        }
        id_sink(context, ids.data(), ids.size());
        return 0;
    } catch (const std::exception &e) {
        report(error_sink, error_context, e.what());
        return 1;
    }
}

GLOSSA_BRIDGE_EXPORT int glossa_spm_encode_pieces(const void *handle, const char *text, size_t size,
                                                  glossa_spm_sink piece_sink, void *context, glossa_spm_sink error_sink,
                                                  void *error_context)
{
    try {
        std::vector<std::string> pieces;
        const auto status = processor(handle).Encode({text, size}, &pieces);
        if (!status.ok()) {
            report(error_sink, error_context, status.ToString());
            return 1;
        }
        for (const auto &piece : pieces)
            piece_sink(context, piece.data(), piece.size());
        return 0;
    } catch (const std::exception &e) {
        report(error_sink, error_context, e.what());
        return 1;
    }
}

GLOSSA_BRIDGE_EXPORT int glossa_spm_decode_ids(const void *handle, const int *ids, size_t count,
                                               glossa_spm_sink text_sink, void *context, glossa_spm_sink error_sink,
                                               void *error_context)
{
    try {
        const auto &sp = processor(handle);
        std::vector<int> input(ids, ids + count);
        for (const int id : input) {
            if (id < 0 || id >= sp.GetPieceSize()) {
                report(error_sink, error_context,
                       "token id " + std::to_string(id) + " is outside the vocabulary (0.."
                           + std::to_string(sp.GetPieceSize() - 1) + ")");
                return 1;
            }
        }
        std::string text;
        const auto status = sp.Decode(input, &text);
        if (!status.ok()) {
            report(error_sink, error_context, status.ToString());
            return 1;
        }
        text_sink(context, text.data(), text.size());
        return 0;
    } catch (const std::exception &e) {
        report(error_sink, error_context, e.what());
        return 1;
    }
}
