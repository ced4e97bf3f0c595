#pragma once

// Tiny random Hugging Face model folders (config.json + model.safetensors) of every encoder
// family, written with Glossa's safetensors writer, and a tiny SentencePiece vocabulary, for
// the pretrained-encoder tests.

#include "testsupport.h"

#include "engine/model/pretrainedencoder.h"
#include "model/hfconfig.h"
#include "model/safetensors.h"

#include <QProcess>
#include <QStringList>

#include <c10/util/BFloat16.h>
#include <c10/util/Half.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace glossa::test {

inline core::model::HfEncoderConfig tinyConfig(core::model::EncoderFamily family)
{
    core::model::HfEncoderConfig config;
    config.family = family;
    const bool roberta = family == core::model::EncoderFamily::XlmRoberta;
    const bool distil = family == core::model::EncoderFamily::DistilBert;
    const bool deberta = family == core::model::EncoderFamily::DebertaV2;
    config.modelType = roberta ? "xlm-roberta" : distil ? "distilbert" : deberta ? "deberta-v2" : "bert";
    config.vocabSize = 120;
    config.hiddenSize = 32;
    config.layers = 2;
    config.heads = 4;
    config.intermediateSize = 64;
    config.padTokenId = roberta ? 1 : 0;
    config.maxPositions = roberta ? 42 : 40;
    config.typeVocabSize = roberta ? 1 : distil || deberta ? 0 : 2; // DistilBERT, DeBERTa-v3: no token types
    config.layerNormEps = roberta ? 1e-5 : deberta ? 1e-7 : 1e-12;
    if (distil)
        config.classifierDropout = 0.2; // seq_classif_dropout
    if (deberta) {
        // mDeBERTa-v3's switches, with 8 buckets (4 exact distances each side, then log-spaced up
        // to 12) so that an 8-token batch reaches the bucketed distances.
        auto &relative = config.relative;
        relative.buckets = 8;
        relative.maxRelativePositions = 12;
        relative.contentToPosition = true;
        relative.positionToContent = true;
        relative.shareKeys = true;
        relative.normaliseEmbeddings = true;
        relative.positionBiasedInput = false;
    }
    return config;
}

struct TinyCheckpointOptions
{
    bool prefixed = true;                                           // "roberta." / "bert." / "distilbert." first
    core::model::TensorDtype dtype = core::model::TensorDtype::F32; // F32, F16 or BF16
    std::vector<std::string> extraNames;                            // more F32 [4] tensors (lm_head.bias, ...)
    std::vector<std::string> leaveOut;                              // encoder weights not written
    bool positionIdsBuffer = false;                                 // an I64 embeddings.position_ids, as old BERT saves
};

// Writes folder/config.json and folder/model.safetensors from an encoder with random weights
// (larger than a trained model's, so that every difference shows) and returns that encoder.
inline core::model::PretrainedEncoder writeTinyCheckpoint(const std::filesystem::path &folder,
                                                          const core::model::HfEncoderConfig &config,
                                                          const TinyCheckpointOptions &options = {})
{
    using core::model::TensorDtype;
    std::filesystem::create_directories(folder);
    core::model::PretrainedEncoder encoder(config, /*withPooler=*/true);
    {
        torch::NoGradGuard noGrad;
        for (auto &parameter : encoder->parameters())
            parameter.normal_(0, 0.5);
    }
    std::vector<torch::Tensor> keep; // the bytes the writer reads
    std::vector<core::model::TensorToWrite> tensors;
    const std::string prefix = options.prefixed ? config.weightPrefix() + "." : "";
    for (const auto &item : encoder->named_parameters()) {
        if (std::find(options.leaveOut.begin(), options.leaveOut.end(), item.key()) != options.leaveOut.end())
            continue;
        torch::Tensor stored = item.value().detach().contiguous();
        if (options.dtype == TensorDtype::F16)
            stored = stored.to(torch::kHalf);
        else if (options.dtype == TensorDtype::BF16)
            stored = stored.to(torch::kBFloat16);
        keep.push_back(stored);
        tensors.push_back({prefix + item.key(), options.dtype,
                           std::vector<std::int64_t>(stored.sizes().begin(), stored.sizes().end()),
                           std::span<const std::byte>(static_cast<const std::byte *>(stored.data_ptr()),
                                                      static_cast<std::size_t>(stored.nbytes()))});
    }
    for (const auto &name : options.extraNames) {
        keep.push_back(torch::ones({4}));
        tensors.push_back({name,
                           TensorDtype::F32,
                           {4},
                           std::span<const std::byte>(static_cast<const std::byte *>(keep.back().data_ptr()), 16)});
    }
    if (options.positionIdsBuffer) {
        keep.push_back(torch::arange(config.maxPositions, torch::kLong).unsqueeze(0));
        tensors.push_back({prefix + "embeddings.position_ids",
                           TensorDtype::I64,
                           {1, config.maxPositions},
                           std::span<const std::byte>(static_cast<const std::byte *>(keep.back().data_ptr()),
                                                      static_cast<std::size_t>(keep.back().nbytes()))});
    }
    core::model::writeSafetensors(folder / "model.safetensors", tensors);
    std::ofstream(folder / "config.json") << core::model::hfConfigJson(config);
    return encoder;
}

// Trains a small SentencePiece model with XLM-R's layout (<unk> 0, <s> 1, </s> 2) into
// folder/sentencepiece.bpe.model with Debian's spm_train, as an XLM-R folder brings one; or, for
// DeBERTa-v2, with mDeBERTa-v3's ([PAD] 0, [CLS] 1, [SEP] 2, [UNK] 3) into folder/spm.model.
inline bool writeTinyVocabulary(const std::filesystem::path &folder, bool debertaLayout = false)
{
    QStringList sentences;
    const QStringList words{QStringLiteral("where"),  QStringLiteral("is"),    QStringLiteral("my"),
                            QStringLiteral("parcel"), QStringLiteral("order"), QStringLiteral("cancel"),
                            QStringLiteral("refund"), QStringLiteral("wo"),    QStringLiteral("ist"),
                            QStringLiteral("mein"),   QStringLiteral("paket"), QStringLiteral("包裹"),
                            QStringLiteral("在哪里"), QStringLiteral("取消"),  QStringLiteral("订单")};
    for (int i = 0; i < 300; ++i)
        sentences << words[i % words.size()] + QLatin1Char(' ') + words[(i * 7 + 3) % words.size()] + QLatin1Char(' ')
                         + words[(i * 11 + 5) % words.size()];
    const auto corpus = folder / "corpus.txt";
    writeFile(corpus, sentences.join(QLatin1Char('\n')).toUtf8());
    QProcess train;
    QStringList arguments{
        QStringLiteral("--input=%1").arg(QString::fromStdString(corpus.string())),
        QStringLiteral("--model_prefix=%1")
            .arg(QString::fromStdString((folder / (debertaLayout ? "spm" : "sentencepiece.bpe")).string())),
        QStringLiteral("--vocab_size=60"),
        QStringLiteral("--model_type=unigram"),
        QStringLiteral("--hard_vocab_limit=false"),
        QStringLiteral("--minloglevel=2")};
    if (debertaLayout)
        arguments << QStringLiteral("--pad_id=0") << QStringLiteral("--bos_id=1") << QStringLiteral("--eos_id=2")
                  << QStringLiteral("--unk_id=3") << QStringLiteral("--pad_piece=[PAD]")
                  << QStringLiteral("--bos_piece=[CLS]") << QStringLiteral("--eos_piece=[SEP]")
                  << QStringLiteral("--unk_piece=[UNK]");
    else
        arguments << QStringLiteral("--unk_id=0") << QStringLiteral("--bos_id=1") << QStringLiteral("--eos_id=2")
                  << QStringLiteral("--pad_id=-1");
    train.start(QStringLiteral("spm_train"), arguments);
    return train.waitForFinished(60000) && train.exitCode() == 0;
}

// Writes folder/vocab.txt, a small WordPiece vocabulary as a BERT folder brings one (special
// tokens first, words, single letters and their "##" continuations, CJK characters), and a
// tokenizer_config.json as bert-base-multilingual-cased's: no lower-casing. At most 120 tokens,
// within tinyConfig's vocabulary.
inline std::vector<std::string> tinyWordPieceTokens()
{
    std::vector<std::string> tokens{
        "[PAD]",  "[UNK]", "[CLS]",  "[SEP]",  "[MASK]", ".",   ",",    "?",     "!",  "where", "Where", "is",    "my",
        "parcel", "order", "cancel", "refund", "wo",     "ist", "mein", "Paket", "où", "est",   "mon",   "colis", "包",
        "裹",     "在",    "哪",     "里",     "我",     "的",  "取",   "消",    "订", "单",    "##ed"};
    for (char letter = 'a'; letter <= 'z'; ++letter) {
        tokens.emplace_back(1, letter);
        tokens.push_back(std::string("##") + letter);
    }
    return tokens;
}

inline void writeTinyWordPieceVocabulary(const std::filesystem::path &folder)
{
    std::ofstream vocabulary(folder / "vocab.txt");
    for (const auto &token : tinyWordPieceTokens())
        vocabulary << token << '\n';
    std::ofstream(folder / "tokenizer_config.json")
        << R"({"do_lower_case": false, "tokenizer_class": "BertTokenizer", "unk_token": "[UNK]", )"
        << R"("cls_token": {"content": "[CLS]", "special": true}, "sep_token": "[SEP]", "model_max_length": 512})";
}

// The same vocabulary as a folder saved with only the fast tokenizer has it: tokenizer.json with
// BERT's cased normaliser, pre-tokenizer and [CLS] $A [SEP] template.
inline void writeTinyTokenizerJson(const std::filesystem::path &folder)
{
    std::string vocab;
    const auto tokens = tinyWordPieceTokens();
    for (std::size_t id = 0; id < tokens.size(); ++id)
        vocab += (id ? ", \"" : "\"") + tokens[id] + "\": " + std::to_string(id);
    std::ofstream(folder / "tokenizer.json")
        << R"({"version": "1.0", "normalizer": {"type": "BertNormalizer", "clean_text": true, )"
        << R"("handle_chinese_chars": true, "strip_accents": null, "lowercase": false}, )"
        << R"("pre_tokenizer": {"type": "BertPreTokenizer"}, "post_processor": {"type": "TemplateProcessing", )"
        << R"("single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, )"
        << R"({"SpecialToken": {"id": "[SEP]", "type_id": 0}}]}, "model": {"type": "WordPiece", "unk_token": "[UNK]", )"
        << R"("continuing_subword_prefix": "##", "max_input_chars_per_word": 100, "vocab": {)" << vocab << "}}}";
}

} // namespace glossa::test
