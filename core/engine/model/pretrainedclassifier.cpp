#include "engine/model/pretrainedclassifier.h"

#include "model/foldervocabulary.h"
#include "model/safetensors.h"
#include "text/runtokenizer.h"
#include "util/atomicfile.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>

#include <fstream>
#include <unistd.h>

namespace glossa::core::model {
namespace {

// The weights a checkpoint may lack and still be the encoder it claims to be: the pooler,
// which sentence-embedding checkpoints (E5, MiniLM) drop and transformers initialises, and
// DistilBERT's sinusoidal positions, which are computed, not learnt.
bool isAllowedMissing(const std::string &name, const HfEncoderConfig &config)
{
    return name.find("pooler.") != std::string::npos
           || (config.sinusoidalPositions && name == "embeddings.position_embeddings.weight");
}

const TensorView *findEncoderTensor(const Checkpoint &checkpoint, const HfEncoderConfig &config,
                                    const std::string &name)
{
    if (const auto *tensor = checkpoint.find(config.weightPrefix() + "." + name))
        return tensor;
    return checkpoint.find(name);
}

std::string shapeText(const std::vector<std::int64_t> &shape)
{
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

std::int64_t physicalMemoryBytes()
{
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    return pages > 0 && pageSize > 0 ? static_cast<std::int64_t>(pages) * pageSize : std::int64_t(1) << 40;
}

// config.json's sizes against the checkpoint's own tensors and the machine's memory, before
// anything is allocated: a config.json that claims a million layers or a 25-million-word
// vocabulary is refused here instead of allocating gigabytes.
void requireConfigMatchesCheckpoint(const HfEncoderConfig &config, const Checkpoint &checkpoint,
                                    const std::filesystem::path &folder)
{
    const auto configFile = (folder / "config.json").string();
    const auto *words = findEncoderTensor(checkpoint, config, "embeddings.word_embeddings.weight");
    if (!words)
        throw Error(folder.string() + ": the checkpoint holds no word embeddings of a " + config.modelType
                    + " encoder, so it is not the model config.json describes; choose the folder of a Hugging Face "
                      "XLM-R, BERT, DistilBERT or DeBERTa-v2 model");
    const bool distil = config.family == EncoderFamily::DistilBert;
    const std::vector<std::int64_t> expected{config.vocabSize, config.hiddenSize};
    if (words->shape != expected)
        throw Error(configFile + ": vocab_size x " + (distil ? "dim" : "hidden_size") + " is " + shapeText(expected)
                    + ", but the checkpoint's word embeddings are " + shapeText(words->shape)
                    + "; config.json does not belong to these weights");
    std::int64_t layers = 0;
    const auto layerPrefix = config.layerPrefix();
    for (const auto *tensor : checkpoint.tensors()) {
        const auto at = tensor->name.find(layerPrefix);
        if (at == std::string::npos)
            continue;
        const auto digits = tensor->name.c_str() + at + layerPrefix.size();
        layers = std::max<std::int64_t>(layers, std::strtoll(digits, nullptr, 10) + 1);
    }
    if (layers != config.layers)
        throw Error(configFile + ": " + (distil ? "n_layers" : "num_hidden_layers") + " is "
                    + std::to_string(config.layers) + ", but the checkpoint holds " + std::to_string(layers)
                    + " layers; config.json does not belong to these weights");
    // Weights, and the copy a fine-tuning run keeps of the best ones.
    const auto needed = 2 * 4 * config.encoderParameters();
    if (needed > physicalMemoryBytes())
        throw Error(folder.string() + ": the model needs about " + std::to_string(needed >> 20)
                    + " MiB for its weights alone, more than this machine's "
                    + std::to_string(physicalMemoryBytes() >> 20) + " MiB of memory");
}

void requireEncoderWeights(const WeightLoadReport &loaded, const HfEncoderConfig &config,
                           const std::filesystem::path &folder)
{
    std::vector<std::string> missing;
    for (const auto &name : loaded.missing)
        if (!isAllowedMissing(name, config))
            missing.push_back(name);
    if (missing.empty())
        return;
    std::string listed;
    for (std::size_t i = 0; i < missing.size() && i < 5; ++i)
        listed += (i ? ", " : "") + missing[i];
    throw Error(folder.string() + ": the checkpoint lacks " + std::to_string(missing.size())
                + " of the encoder's weights (" + listed + (missing.size() > 5 ? ", ..." : "")
                + "), which would train from random values; choose the folder of the complete model (only the pooler "
                  "may be missing)");
}

} // namespace

namespace {

void initialiseLinear(torch::nn::Linear &linear, double range)
{
    torch::NoGradGuard noGrad;
    linear->weight.normal_(0, range);
    linear->bias.zero_();
}

// Tensors to write, with their bytes kept alive by `keep`.
struct TensorsToWrite
{
    std::vector<torch::Tensor> keep;
    std::vector<TensorToWrite> tensors;

    void add(const std::string &name, const torch::Tensor &value)
    {
        keep.push_back(value.detach().to(torch::kFloat).contiguous().cpu());
        const auto &stored = keep.back();
        tensors.push_back({name, TensorDtype::F32,
                           std::vector<std::int64_t>(stored.sizes().begin(), stored.sizes().end()),
                           std::span<const std::byte>(static_cast<const std::byte *>(stored.data_ptr()),
                                                      static_cast<std::size_t>(stored.nbytes()))});
    }
};

bool isAdapterName(const std::string &name)
{
    return name.find(".lora_A.") != std::string::npos || name.find(".lora_B.") != std::string::npos;
}

} // namespace

PretrainedClassifier::PretrainedClassifier(const HfEncoderConfig &config, int classes, const PretrainedOptions &options)
    : m_options(options)
    , m_classes(classes)
{
    if (classes < 2)
        throw Error("a classifier needs two classes or more");
    const auto h = config.hiddenSize;
    m_encoder = register_module(config.weightPrefix(),
                                PretrainedEncoder(config, /*withPooler=*/config.family == EncoderFamily::Bert));
    const double dropout = config.classifierDropout >= 0 ? config.classifierDropout : config.hiddenDropout;
    m_dropout = register_module("dropout", torch::nn::Dropout(dropout));
    switch (config.family) {
    case EncoderFamily::XlmRoberta: {
        auto head = std::make_shared<torch::nn::Module>();
        m_dense = head->register_module("dense", torch::nn::Linear(h, h));
        m_output = head->register_module("out_proj", torch::nn::Linear(h, classes));
        register_module("classifier", head);
        break;
    }
    case EncoderFamily::Bert: m_output = register_module("classifier", torch::nn::Linear(h, classes)); break;
    case EncoderFamily::DistilBert:
        m_dense = register_module("pre_classifier", torch::nn::Linear(h, h));
        m_output = register_module("classifier", torch::nn::Linear(h, classes));
        break;
    case EncoderFamily::DebertaV2: { // ContextPooler, then the classifier
        auto pooler = std::make_shared<torch::nn::Module>();
        m_dense = pooler->register_module("dense", torch::nn::Linear(h, h));
        m_poolerDropout = pooler->register_module("dropout", torch::nn::Dropout(config.relative.poolerDropout));
        register_module("pooler", pooler);
        m_output = register_module("classifier", torch::nn::Linear(h, classes));
        break;
    }
    }
    if (m_dense)
        initialiseLinear(m_dense, config.initializerRange);
    initialiseLinear(m_output, config.initializerRange);
    applyStrategy();
}

void PretrainedClassifier::applyStrategy()
{
    switch (m_options.strategy) {
    case FineTuning::Full: break;
    case FineTuning::Frozen: {
        if (m_options.frozenLayers > config().layers)
            throw Error("cannot freeze " + std::to_string(m_options.frozenLayers) + " layers of a model that has "
                        + std::to_string(config().layers));
        for (auto &item : m_encoder->named_parameters()) {
            const auto &name = item.key();
            // DeBERTa-v2's relative position table (and its LayerNorm) is every layer's input.
            bool frozen = name.rfind("embeddings.", 0) == 0 || name.rfind("encoder.rel_embeddings.", 0) == 0
                          || name.rfind("encoder.LayerNorm.", 0) == 0;
            for (std::int64_t i = 0; i < m_options.frozenLayers && !frozen; ++i)
                frozen = name.rfind(config().layerPrefix() + std::to_string(i) + ".", 0) == 0;
            if (frozen)
                item.value().set_requires_grad(false);
        }
        break;
    }
    case FineTuning::Lora:
        // Kept in the family's names: an adapter export lists them for peft.
        m_options.lora.targets = loraTargetsFor(config().family, m_options.lora.targets);
        applyLora(*m_encoder, m_options.lora);
        break;
    }
}

double PretrainedClassifier::learningRateFactor(const std::string &parameterName, double layerDecay) const
{
    // Names as transformers gives them: "roberta.embeddings.…", "roberta.encoder.layer.3.…"
    // or "distilbert.transformer.layer.3.…" (LoRA adapters included), then the pooler and the
    // head.
    const auto layers = config().layers;
    // DeBERTa-v2's relative position table, which every layer reads, decays as the embeddings.
    if (parameterName.find("embeddings.") != std::string::npos
        || parameterName.find("encoder.LayerNorm.") != std::string::npos)
        return std::pow(layerDecay, static_cast<double>(layers + 1));
    const std::string layerMarker = config().layerPrefix();
    if (const auto at = parameterName.find(layerMarker); at != std::string::npos) {
        const auto layer = std::stoll(parameterName.substr(at + layerMarker.size()));
        return std::pow(layerDecay, static_cast<double>(layers - layer));
    }
    return 1.0;
}

std::shared_ptr<PretrainedClassifier> PretrainedClassifier::fromFolder(const std::filesystem::path &folder, int classes,
                                                                       const PretrainedOptions &options,
                                                                       WeightLoadReport *report)
{
    const auto config = readHfEncoderConfig(folder);
    // The checkpoint is mapped, not read, so checking the sizes config.json claims against its
    // tensors costs nothing, and a config that would allocate gigabytes is refused first.
    const auto checkpoint = Checkpoint::open(folder);
    requireConfigMatchesCheckpoint(config, checkpoint, folder);
    // Weights load before the strategy adds adapters: the checkpoint holds none.
    auto plain = options;
    plain.strategy = FineTuning::Full;
    auto model = std::make_shared<PretrainedClassifier>(config, classes, plain);
    auto loaded = loadEncoderWeights(*model->m_encoder, checkpoint);
    requireEncoderWeights(loaded, config, folder);
    // A head of the right size (a fine-tuned checkpoint for the same labels) is kept.
    auto parameters = model->named_parameters();
    torch::NoGradGuard noGrad;
    std::vector<std::string> unusedHead;
    for (const auto &name : loaded.head) {
        const auto *tensor = checkpoint.find(name);
        auto *parameter = parameters.find(name);
        if (tensor && parameter && parameter->sizes() == c10::IntArrayRef(tensor->shape))
            parameter->copy_(tensorFrom(*tensor));
        else
            unusedHead.push_back(name);
    }
    loaded.head = unusedHead;
    if (report)
        *report = loaded;
    model->m_options = options;
    model->applyStrategy();

    auto list = [](const std::vector<std::string> &names) {
        std::string text;
        for (std::size_t i = 0; i < names.size() && i < 8; ++i)
            text += (i ? ", " : "") + names[i];
        return names.size() > 8 ? text + " and " + std::to_string(names.size() - 8) + " more" : text;
    };
    std::int64_t total = 0;
    std::int64_t trainable = 0;
    for (const auto &parameter : model->parameters()) {
        total += parameter.numel();
        trainable += parameter.requires_grad() ? parameter.numel() : 0;
    }
    auto &summary = model->m_loadSummary;
    summary.push_back("pretrained: " + folder.string() + " (" + config.modelType + ", " + std::to_string(config.layers)
                      + " layers x " + std::to_string(config.hiddenSize) + "), " + std::to_string(trainable) + " of "
                      + std::to_string(total) + " weights train");
    if (!loaded.missing.empty())
        summary.push_back("pretrained: not in the checkpoint, initialised: " + list(loaded.missing));
    if (!loaded.unexpected.empty())
        summary.push_back("pretrained: in the checkpoint, not used: " + list(loaded.unexpected));
    if (!loaded.head.empty())
        summary.push_back("pretrained: the checkpoint's head does not fit " + std::to_string(classes)
                          + " classes; a new one is trained");
    return model;
}

torch::Tensor PretrainedClassifier::logits(const Batch &batch)
{
    const auto mask = batch.mask.defined() ? batch.mask : torch::ones_like(batch.padded);
    // Padding holds the model's pad id, as its tokenizer pads (XLM-R counts positions past it).
    const auto ids = batch.padded.masked_fill(mask.eq(0), config().padTokenId);
    return head(m_encoder->forward(ids, mask));
}

torch::Tensor PretrainedClassifier::representation(const Batch &batch)
{
    const auto mask = batch.mask.defined() ? batch.mask : torch::ones_like(batch.padded);
    const auto ids = batch.padded.masked_fill(mask.eq(0), config().padTokenId);
    const auto hidden = m_encoder->forward(ids, mask);
    if (config().family == EncoderFamily::Bert)
        return m_encoder->pool(hidden);
    return hidden.select(1, 0);
}

torch::Tensor PretrainedClassifier::logitsFromWordEmbeddings(const torch::Tensor &wordEmbeddings,
                                                             const torch::Tensor &ids)
{
    return head(m_encoder->forwardFromWordEmbeddings(wordEmbeddings, ids, torch::ones_like(ids)));
}

torch::Tensor PretrainedClassifier::head(const torch::Tensor &hidden)
{
    switch (config().family) {
    case EncoderFamily::XlmRoberta: {
        auto x = m_dropout(hidden.select(1, 0));
        x = m_dropout(torch::tanh(m_dense(x)));
        return m_output(x);
    }
    case EncoderFamily::DistilBert: // no dropout before pre_classifier, as transformers
        return m_output(m_dropout(torch::relu(m_dense(hidden.select(1, 0)))));
    case EncoderFamily::DebertaV2: {
        const auto pooled = activate(m_dense(m_poolerDropout(hidden.select(1, 0))), config().relative.poolerAct);
        return m_output(m_dropout(pooled));
    }
    case EncoderFamily::Bert: break;
    }
    return m_output(m_dropout(m_encoder->pool(hidden)));
}

bool PretrainedClassifier::isHeadName(const std::string &parameterName)
{
    // A top-level pooler is DeBERTa-v2's ContextPooler; BERT's sits inside "bert.".
    return parameterName.rfind("classifier.", 0) == 0 || parameterName.rfind("pre_classifier.", 0) == 0
           || parameterName.rfind("pooler.", 0) == 0;
}

void PretrainedClassifier::exportHuggingFace(const std::filesystem::path &folder,
                                             const std::vector<std::string> &labels,
                                             const text::RunTokenizer *vocabulary, const std::string &baseModel,
                                             bool mergeLora)
{
    if (static_cast<int>(labels.size()) != m_classes)
        throw Error("export: " + std::to_string(labels.size()) + " labels for a model of " + std::to_string(m_classes)
                    + " classes");
    AtomicFolder output(folder);
    const auto &staging = output.staging();
    auto config = this->config();
    config.labels = labels;
    const bool adapters = m_options.strategy == FineTuning::Lora && !mergeLora;
    if (m_options.strategy == FineTuning::Lora && mergeLora)
        model::mergeLora(*m_encoder);

    if (adapters) {
        // peft's layout: names under base_model.model., without the adapter's name; the head
        // saved whole (modules_to_save).
        TensorsToWrite weights;
        for (const auto &item : named_parameters())
            if (isAdapterName(item.key()) || isHeadName(item.key()))
                weights.add("base_model.model." + item.key(), item.value());
        writeSafetensors(staging / "adapter_model.safetensors", weights.tensors);
        const auto &lora = m_options.lora;
        // The whole head trains beside the adapters, DistilBERT's pre_classifier included.
        const auto headModules =
            config.family == EncoderFamily::DistilBert  ? std::vector<std::string>{"pre_classifier", "classifier"}
            : config.family == EncoderFamily::DebertaV2 ? std::vector<std::string>{"pooler", "classifier"}
                                                        : std::vector<std::string>{"classifier"};
        nlohmann::ordered_json adapter{{"peft_type", "LORA"},
                                       {"task_type", "SEQ_CLS"},
                                       {"base_model_name_or_path", baseModel},
                                       {"r", lora.rank},
                                       {"lora_alpha", lora.alpha},
                                       {"lora_dropout", lora.dropout},
                                       {"target_modules", lora.targets},
                                       {"bias", "none"},
                                       {"modules_to_save", headModules},
                                       {"use_rslora", lora.rsLora},
                                       {"use_dora", false},
                                       {"fan_in_fan_out", false},
                                       {"init_lora_weights", true},
                                       {"inference_mode", true}};
        writeFileAtomically(staging / "adapter_config.json", adapter.dump(2) + "\n");
    } else {
        TensorsToWrite weights;
        for (const auto &item : named_parameters())
            if (!isAdapterName(item.key()))
                weights.add(item.key(), item.value());
        writeSafetensors(staging / "model.safetensors", weights.tensors);
    }
    auto configJson = nlohmann::ordered_json::parse(hfConfigJson(config));
    // A BERT encoder with XLM-R's vocabulary (multilingual MiniLM, E5 small) says so, as those
    // checkpoints do, so AutoTokenizer does not take it for BERT's WordPiece.
    if (vocabulary && vocabulary->sentencePiece() && config.family != EncoderFamily::XlmRoberta
        && config.family != EncoderFamily::DebertaV2)
        configJson["tokenizer_class"] = "XLMRobertaTokenizer";
    writeFileAtomically(staging / "config.json", configJson.dump(2) + "\n");
    if (vocabulary)
        writeHfTokenizerFiles(staging, *vocabulary, config.maxTokens(),
                              config.family == EncoderFamily::DistilBert ? "DistilBertTokenizer" : "BertTokenizer");
    output.commit();
}

} // namespace glossa::core::model
