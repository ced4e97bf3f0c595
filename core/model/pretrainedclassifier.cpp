#include "model/pretrainedclassifier.h"

#include "model/safetensors.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

namespace glossa::core::model {
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
    const bool roberta = config.family == EncoderFamily::XlmRoberta;
    m_encoder = register_module(config.weightPrefix(), PretrainedEncoder(config, /*withPooler=*/!roberta));
    const double dropout = config.classifierDropout >= 0 ? config.classifierDropout : config.hiddenDropout;
    m_dropout = register_module("dropout", torch::nn::Dropout(dropout));
    auto head = std::make_shared<torch::nn::Module>();
    if (roberta) {
        m_dense = head->register_module("dense", torch::nn::Linear(config.hiddenSize, config.hiddenSize));
        m_output = head->register_module("out_proj", torch::nn::Linear(config.hiddenSize, classes));
        initialiseLinear(m_dense, config.initializerRange);
        register_module("classifier", head);
    } else {
        m_output = register_module("classifier", torch::nn::Linear(config.hiddenSize, classes));
    }
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
            bool frozen = name.rfind("embeddings.", 0) == 0;
            for (std::int64_t i = 0; i < m_options.frozenLayers && !frozen; ++i)
                frozen = name.rfind("encoder.layer." + std::to_string(i) + ".", 0) == 0;
            if (frozen)
                item.value().set_requires_grad(false);
        }
        break;
    }
    case FineTuning::Lora: applyLora(*m_encoder, m_options.lora); break;
    }
}

double PretrainedClassifier::learningRateFactor(const std::string &parameterName, double layerDecay) const
{
    // Names as transformers gives them: "roberta.embeddings.…", "roberta.encoder.layer.3.…"
    // (LoRA adapters included), then the pooler and the head.
    const auto layers = config().layers;
    if (parameterName.find("embeddings.") != std::string::npos)
        return std::pow(layerDecay, static_cast<double>(layers + 1));
    const std::string layerMarker = "encoder.layer.";
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
    // Weights load before the strategy adds adapters: the checkpoint holds none.
    auto plain = options;
    plain.strategy = FineTuning::Full;
    auto model = std::make_shared<PretrainedClassifier>(config, classes, plain);
    const auto checkpoint = Checkpoint::open(folder);
    auto loaded = loadEncoderWeights(*model->m_encoder, checkpoint);
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

torch::Tensor PretrainedClassifier::logitsFromWordEmbeddings(const torch::Tensor &wordEmbeddings,
                                                             const torch::Tensor &ids)
{
    return head(m_encoder->forwardFromWordEmbeddings(wordEmbeddings, ids, torch::ones_like(ids)));
}

torch::Tensor PretrainedClassifier::head(const torch::Tensor &hidden)
{
    if (config().family == EncoderFamily::XlmRoberta) {
        auto x = m_dropout(hidden.select(1, 0));
        x = m_dropout(torch::tanh(m_dense(x)));
        return m_output(x);
    }
    return m_output(m_dropout(m_encoder->pool(hidden)));
}

void PretrainedClassifier::exportHuggingFace(const std::filesystem::path &folder,
                                             const std::vector<std::string> &labels,
                                             const std::filesystem::path &tokenizerFolder, bool mergeLora)
{
    if (static_cast<int>(labels.size()) != m_classes)
        throw Error("export: " + std::to_string(labels.size()) + " labels for a model of " + std::to_string(m_classes)
                    + " classes");
    std::filesystem::create_directories(folder);
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
            if (isAdapterName(item.key()) || item.key().rfind("classifier.", 0) == 0)
                weights.add("base_model.model." + item.key(), item.value());
        writeSafetensors(folder / "adapter_model.safetensors", weights.tensors);
        const auto &lora = m_options.lora;
        nlohmann::ordered_json adapter{{"peft_type", "LORA"},
                                       {"task_type", "SEQ_CLS"},
                                       {"base_model_name_or_path", tokenizerFolder.string()},
                                       {"r", lora.rank},
                                       {"lora_alpha", lora.alpha},
                                       {"lora_dropout", lora.dropout},
                                       {"target_modules", lora.targets},
                                       {"bias", "none"},
                                       {"modules_to_save", {"classifier"}},
                                       {"use_rslora", lora.rsLora},
                                       {"use_dora", false},
                                       {"fan_in_fan_out", false},
                                       {"init_lora_weights", true},
                                       {"inference_mode", true}};
        std::ofstream(folder / "adapter_config.json") << adapter.dump(2) << "\n";
    } else {
        TensorsToWrite weights;
        for (const auto &item : named_parameters())
            if (!isAdapterName(item.key()))
                weights.add(item.key(), item.value());
        writeSafetensors(folder / "model.safetensors", weights.tensors);
    }
    std::ofstream configFile(folder / "config.json");
    configFile << hfConfigJson(config);
    if (!configFile)
        throw Error((folder / "config.json").string() + ": cannot write");
    for (const char *name :
         {"sentencepiece.bpe.model", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"}) {
        const auto source = tokenizerFolder / name;
        if (std::filesystem::exists(source))
            std::filesystem::copy_file(source, folder / name, std::filesystem::copy_options::overwrite_existing);
    }
}

} // namespace glossa::core::model
