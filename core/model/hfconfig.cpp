#include "model/hfconfig.h"

#include "model/jsonobjectfile.h"

#include "util/boundedfile.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>

namespace glossa::core::model {
namespace {

const std::vector<std::string> knownActivations{"gelu", "gelu_new", "gelu_fast", "relu", "silu", "swish", "quick_gelu"};

constexpr std::size_t maxConfigBytes = 1 << 20;
constexpr int maxConfigDepth = 16;

// What a family's config.json calls each field: BertConfig's names (XLM-R's too), or
// DistilBertConfig's own.
struct FieldNames
{
    const char *hidden = "hidden_size";
    const char *layers = "num_hidden_layers";
    const char *heads = "num_attention_heads";
    const char *intermediate = "intermediate_size";
    const char *activation = "hidden_act";
    const char *hiddenDropout = "hidden_dropout_prob";
    const char *attentionDropout = "attention_probs_dropout_prob";
    const char *classifierDropout = "classifier_dropout";
};

constexpr FieldNames bertNames;
constexpr FieldNames distilBertNames{"dim",        "n_layers", "n_heads",           "hidden_dim",
                                     "activation", "dropout",  "attention_dropout", "seq_classif_dropout"};
constexpr FieldNames debertaNames{.classifierDropout = "cls_dropout"};

const FieldNames &namesOf(EncoderFamily family)
{
    switch (family) {
    case EncoderFamily::DistilBert: return distilBertNames;
    case EncoderFamily::DebertaV2: return debertaNames;
    default: return bertNames;
    }
}

// Far above every published XLM-R and BERT model (XLM-R XXL: 250,002 words, 4,096 wide, 48
// layers, 10,240 feed-forward), far below what would exhaust memory before the checkpoint is
// compared with them.
std::int64_t largestSize(std::string_view field)
{
    if (field == "vocab_size")
        return 4'000'000;
    if (field == "hidden_size" || field == "dim")
        return 16'384;
    if (field == "num_hidden_layers" || field == "n_layers")
        return 256;
    if (field == "num_attention_heads" || field == "n_heads")
        return 1'024;
    if (field == "intermediate_size" || field == "hidden_dim")
        return 131'072;
    if (field == "max_position_embeddings")
        return 131'072;
    if (field == "type_vocab_size")
        return 1'024;
    if (field == "position_buckets" || field == "max_relative_positions")
        return 131'072;
    return 1'000'000'000;
}

} // namespace

std::int64_t HfEncoderConfig::maxRelativeDistance() const
{
    return relative.maxRelativePositions < 1 ? maxPositions : relative.maxRelativePositions;
}

std::int64_t HfEncoderConfig::attentionSpan() const
{
    return relative.buckets > 0 ? relative.buckets : maxRelativeDistance();
}

std::int64_t HfEncoderConfig::maxTokens() const
{
    return family == EncoderFamily::XlmRoberta ? maxPositions - (padTokenId + 1) : maxPositions;
}

std::string HfEncoderConfig::weightPrefix() const
{
    switch (family) {
    case EncoderFamily::XlmRoberta: return "roberta";
    case EncoderFamily::Bert: return "bert";
    case EncoderFamily::DistilBert: return "distilbert";
    case EncoderFamily::DebertaV2: return "deberta";
    }
    return "bert";
}

std::string HfEncoderConfig::layerPrefix() const
{
    return family == EncoderFamily::DistilBert ? "transformer.layer." : "encoder.layer.";
}

std::int64_t HfEncoderConfig::encoderParameters() const
{
    const std::int64_t h = hiddenSize;
    const bool deberta = family == EncoderFamily::DebertaV2;
    const std::int64_t positions = deberta && !relative.positionBiasedInput ? 0 : maxPositions;
    std::int64_t embeddings = (vocabSize + positions + typeVocabSize) * h + 2 * h;
    std::int64_t attention = 4 * (h * h + h) + 2 * h;
    if (deberta) {
        // The relative position table and its LayerNorm; separate position projections.
        embeddings += 2 * attentionSpan() * h + 2 * h;
        if (!relative.shareKeys)
            attention += (relative.contentToPosition + relative.positionToContent) * (h * h + h);
    }
    const std::int64_t feedForward = h * intermediateSize + intermediateSize + intermediateSize * h + h + 2 * h;
    return embeddings + layers * (attention + feedForward);
}

std::int64_t HfEncoderConfig::trainingMemoryBytes(std::int64_t batch, std::int64_t length, bool adaptersOnly) const
{
    const std::int64_t parameters = encoderParameters() + hiddenSize * hiddenSize;
    // Weights; gradients and two AdamW moments of what trains (about 1% with adapters).
    const std::int64_t weights = 4 * parameters * (adaptersOnly ? 1 : 4);
    // Per layer and token: a dozen hidden-size tensors (projections, norms, residuals), the
    // feed-forward's two, and the attention scores and probabilities.
    const std::int64_t perToken = 14 * hiddenSize + 2 * intermediateSize + 2 * heads * length;
    const std::int64_t activations = 4 * layers * batch * length * perToken;
    return weights + activations;
}

HfEncoderConfig readHfEncoderConfig(const std::filesystem::path &folder)
{
    const auto file = folder / "config.json";
    if (!std::filesystem::exists(file))
        throw Error(file.string() + ": cannot read (is " + folder.string() + " a Hugging Face model folder?)");
    return readHfEncoderConfigFile(file);
}

namespace {

// config.json's fields read as what they must be, each Error naming the file and the field.
class ConfigFields
{
public:
    explicit ConfigFields(const std::filesystem::path &file)
        // Real ones are a few kilobytes; a few nesting levels.
        : m_file(file)
        , m_json(readJsonObjectFile(file, maxConfigBytes, maxConfigDepth, "config.json"))
    {
    }

    std::string where(const std::string &field) const { return m_file.string() + ": " + field; }
    const nlohmann::json &json() const { return m_json; }

    std::int64_t integer(const char *field, std::int64_t fallback) const
    {
        const auto found = m_json.find(field);
        if (found == m_json.end() || found->is_null())
            return fallback;
        if (!found->is_number_integer() || found->get<std::int64_t>() < 0)
            throw Error(where(field) + " is " + found->dump() + ", not a count");
        const auto value = found->get<std::int64_t>();
        if (value > largestSize(field))
            throw Error(where(field) + " is " + std::to_string(value) + ", more than the "
                        + std::to_string(largestSize(field)) + " any encoder Glossa reads has");
        return value;
    }

    double real(const char *field, double fallback) const
    {
        const auto found = m_json.find(field);
        if (found == m_json.end() || found->is_null())
            return fallback;
        if (!found->is_number())
            throw Error(where(field) + " is " + found->dump() + ", not a number");
        return found->get<double>();
    }

private:
    std::filesystem::path m_file;
    nlohmann::json m_json;
};

// The family by model_type, with the defaults its transformers config class has.
HfEncoderConfig familyDefaults(const ConfigFields &fields)
{
    const auto &json = fields.json();
    HfEncoderConfig config;
    if (const auto type = json.find("model_type"); type != json.end() && !type->is_string())
        throw Error(fields.where("model_type") + " is " + type->dump() + ", not a name");
    config.modelType = json.value("model_type", std::string());
    if (config.modelType == "xlm-roberta" || config.modelType == "roberta") { // one architecture
        config.family = EncoderFamily::XlmRoberta;
    } else if (config.modelType == "bert") {
        config.family = EncoderFamily::Bert;
        config.padTokenId = 0;
    } else if (config.modelType == "distilbert") {
        config.family = EncoderFamily::DistilBert;
        config.padTokenId = 0;
        config.layers = 6;
        config.typeVocabSize = 0;                  // DistilBERT reads no token types
        config.classifierDropout = 0.2;            // seq_classif_dropout's default
    } else if (config.modelType == "deberta-v2") { // DebertaV2Config's defaults
        config.family = EncoderFamily::DebertaV2;
        config.vocabSize = 128100;
        config.padTokenId = 0;
        config.typeVocabSize = 0;
        config.layerNormEps = 1e-7;
    } else {
        throw Error(fields.where("model_type") + " is '" + config.modelType
                    + "'; Glossa fine-tunes xlm-roberta, bert, distilbert and deberta-v2 models (XLM-R, multilingual "
                      "BERT, MiniLM, E5, DistilBERT, mDeBERTa-v3)");
    }
    return config;
}

// Sizes, dropouts and the activation, under the family's own field names.
void readSizes(const ConfigFields &fields, HfEncoderConfig &config)
{
    const bool distil = config.family == EncoderFamily::DistilBert;
    const auto &names = namesOf(config.family);
    config.vocabSize = fields.integer("vocab_size", config.vocabSize);
    config.hiddenSize = fields.integer(names.hidden, config.hiddenSize);
    config.layers = fields.integer(names.layers, config.layers);
    config.heads = fields.integer(names.heads, config.heads);
    // DistilBertConfig's hidden_dim defaults to 4 x 768, whatever dim is.
    config.intermediateSize = fields.integer(names.intermediate, config.intermediateSize);
    if (distil) { // DistilBertConfig's attribute_map: BERT's names, when given, set its own
        config.hiddenSize = fields.integer("hidden_size", config.hiddenSize);
        config.layers = fields.integer("num_hidden_layers", config.layers);
        config.heads = fields.integer("num_attention_heads", config.heads);
    }
    config.maxPositions = fields.integer("max_position_embeddings", config.maxPositions);
    if (!distil)
        config.typeVocabSize = fields.integer("type_vocab_size", config.typeVocabSize);
    config.padTokenId = fields.integer("pad_token_id", config.padTokenId);
    config.hiddenDropout = fields.real(names.hiddenDropout, config.hiddenDropout);
    config.attentionDropout = fields.real(names.attentionDropout, config.attentionDropout);
    // DistilBERT's LayerNorms are built with eps 1e-12 whatever config.json says.
    if (!distil)
        config.layerNormEps = fields.real("layer_norm_eps", config.layerNormEps);
    config.initializerRange = fields.real("initializer_range", config.initializerRange);
    config.classifierDropout = fields.real(names.classifierDropout, config.classifierDropout);
    const auto &json = fields.json();
    if (json.contains(names.activation)) {
        if (!json[names.activation].is_string())
            throw Error(fields.where(names.activation) + " is not a name");
        config.hiddenAct = json[names.activation].get<std::string>();
    }
    if (std::find(knownActivations.begin(), knownActivations.end(), config.hiddenAct) == knownActivations.end())
        throw Error(fields.where(names.activation) + " is '" + config.hiddenAct + "', which Glossa does not implement");
}

const nlohmann::json *optionalField(const ConfigFields &fields, const char *field)
{
    const auto &json = fields.json();
    const auto found = json.find(field);
    return found == json.end() || found->is_null() ? nullptr : &*found;
}

bool flag(const ConfigFields &fields, const char *field, bool fallback)
{
    const auto *value = optionalField(fields, field);
    if (!value)
        return fallback;
    if (!value->is_boolean())
        throw Error(fields.where(field) + " is " + value->dump() + ", not true or false");
    return value->get<bool>();
}

// "a|b" or ["a", "b"], lower-cased and trimmed, as DebertaV2Config splits pos_att_type and
// norm_rel_ebd.
std::vector<std::string> nameList(const ConfigFields &fields, const char *field)
{
    std::vector<std::string> names;
    const auto *value = optionalField(fields, field);
    if (!value)
        return names;
    auto add = [&](std::string name) {
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        const auto first = name.find_first_not_of(" \t");
        const auto last = name.find_last_not_of(" \t");
        if (first != std::string::npos)
            names.push_back(name.substr(first, last - first + 1));
    };
    if (value->is_string()) {
        const auto text = value->get<std::string>();
        for (std::size_t begin = 0; begin <= text.size();) {
            const auto end = std::min(text.find('|', begin), text.size());
            add(text.substr(begin, end - begin));
            begin = end + 1;
        }
    } else if (value->is_array() && value->size() <= 8) {
        for (const auto &item : *value) {
            if (!item.is_string())
                throw Error(fields.where(field) + " is " + value->dump() + ", not a list of names");
            add(item.get<std::string>());
        }
    } else {
        throw Error(fields.where(field) + " is " + value->dump() + ", not names joined by |");
    }
    return names;
}

// DebertaV2Config's -1 for "not given" (any value below 1 means it), else a count.
std::int64_t countOrUnset(const ConfigFields &fields, const char *field)
{
    const auto *value = optionalField(fields, field);
    if (value && !value->is_number_integer())
        throw Error(fields.where(field) + " is " + value->dump() + ", not a count");
    return !value || value->get<std::int64_t>() < 1 ? -1 : fields.integer(field, -1);
}

bool contains(const std::vector<std::string> &names, const std::string &name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

// DeBERTa-v2's disentangled attention, and the parts of DebertaV2Model Glossa does not build
// (no published multilingual checkpoint uses them) refused by name.
void readRelativeAttention(const ConfigFields &fields, HfEncoderConfig &config)
{
    auto &relative = config.relative;
    if (!flag(fields, "relative_attention", false))
        throw Error(fields.where("relative_attention")
                    + " is not true; Glossa reads DeBERTa-v2 models with relative attention, as every published one "
                      "is");
    relative.buckets = countOrUnset(fields, "position_buckets");
    relative.maxRelativePositions = countOrUnset(fields, "max_relative_positions");
    for (const auto &type : nameList(fields, "pos_att_type")) {
        if (type == "c2p")
            relative.contentToPosition = true;
        else if (type == "p2c")
            relative.positionToContent = true;
        else
            throw Error(fields.where("pos_att_type") + " names '" + type
                        + "'; Glossa computes c2p and p2c attention, as DebertaV2Model does");
    }
    relative.shareKeys = flag(fields, "share_att_key", false);
    relative.normaliseEmbeddings = contains(nameList(fields, "norm_rel_ebd"), "layer_norm");
    relative.positionBiasedInput = flag(fields, "position_biased_input", true);
    // ContextPooler's dense reads the hidden state with pooler_hidden_size inputs.
    if (fields.integer("pooler_hidden_size", config.hiddenSize) != config.hiddenSize)
        throw Error(fields.where("pooler_hidden_size") + " differs from hidden_size, which the pooler reads");
    relative.poolerDropout = fields.real("pooler_dropout", 0);
    if (const auto *act = optionalField(fields, "pooler_hidden_act")) {
        if (!act->is_string())
            throw Error(fields.where("pooler_hidden_act") + " is not a name");
        relative.poolerAct = act->get<std::string>();
    }
    if (std::find(knownActivations.begin(), knownActivations.end(), relative.poolerAct) == knownActivations.end())
        throw Error(fields.where("pooler_hidden_act") + " is '" + relative.poolerAct
                    + "', which Glossa does not implement");
    if (fields.integer("conv_kernel_size", 0) > 0)
        throw Error(fields.where("conv_kernel_size")
                    + " asks for DeBERTa-v2's convolution layer (xlarge and xxlarge models), which Glossa does not "
                      "build");
    if (fields.integer("embedding_size", config.hiddenSize) != config.hiddenSize)
        throw Error(fields.where("embedding_size")
                    + " differs from hidden_size; Glossa does not build DeBERTa-v2's "
                      "embedding projection");
    if (fields.integer("attention_head_size", config.headDim()) != config.headDim())
        throw Error(fields.where("attention_head_size") + " is not hidden_size / num_attention_heads");
}

// Absolute positions, except DeBERTa-v2's relative ones; DistilBERT's may be its fixed sinusoids.
void readPositions(const ConfigFields &fields, HfEncoderConfig &config)
{
    const auto &json = fields.json();
    if (config.family == EncoderFamily::DebertaV2) {
        readRelativeAttention(fields, config);
        return;
    }
    if (const auto sinusoidal = json.find("sinusoidal_pos_embds");
        config.family == EncoderFamily::DistilBert && sinusoidal != json.end()) {
        if (!sinusoidal->is_boolean())
            throw Error(fields.where("sinusoidal_pos_embds") + " is " + sinusoidal->dump() + ", not true or false");
        config.sinusoidalPositions = sinusoidal->get<bool>();
    }
    if (const auto type = json.find("position_embedding_type"); type != json.end() && !type->is_string())
        throw Error(fields.where("position_embedding_type") + " is " + type->dump() + ", not a name");
    const auto positions = json.value("position_embedding_type", std::string("absolute"));
    if (positions != "absolute")
        throw Error(fields.where("position_embedding_type") + " is '" + positions
                    + "'; only absolute position embeddings are supported");
}

// Sizes that fit together, so no tensor is built from a contradiction.
void requireConsistentSizes(const ConfigFields &fields, const std::filesystem::path &file,
                            const HfEncoderConfig &config)
{
    const bool distil = config.family == EncoderFamily::DistilBert;
    const bool tokenTypesOptional = distil || config.family == EncoderFamily::DebertaV2;
    const auto &names = namesOf(config.family);
    if (config.hiddenSize == 0 || config.heads == 0 || config.hiddenSize % config.heads != 0)
        throw Error(fields.where(names.heads) + " (" + std::to_string(config.heads) + ") does not divide "
                    + names.hidden + " (" + std::to_string(config.hiddenSize) + ")");
    if (config.layers == 0 || config.vocabSize == 0 || config.intermediateSize == 0
        || (!tokenTypesOptional && config.typeVocabSize == 0))
        throw Error(file.string() + ": " + names.layers + ", vocab_size, " + names.intermediate
                    + (tokenTypesOptional ? std::string() : ", type_vocab_size") + " must be positive");
    if (config.padTokenId >= config.vocabSize)
        throw Error(fields.where("pad_token_id") + " is outside the vocabulary");
    if (config.maxTokens() < 2)
        throw Error(fields.where("max_position_embeddings") + " leaves no room for a text");
    if (config.family == EncoderFamily::DebertaV2 && config.relative.buckets > 0
        && (config.relative.buckets < 4 || config.maxRelativeDistance() <= config.relative.buckets / 2))
        throw Error(fields.where("position_buckets") + " (" + std::to_string(config.relative.buckets)
                    + ") must be at least 4, and its half below the largest relative distance ("
                    + std::to_string(config.maxRelativeDistance()) + ")");
}

// id2label in id order, every id from 0 present once.
std::vector<std::string> readLabels(const ConfigFields &fields)
{
    std::vector<std::string> labels;
    const auto &json = fields.json();
    const auto found = json.find("id2label");
    if (found == json.end() || !found->is_object())
        return labels;
    std::map<std::int64_t, std::string> byId;
    for (const auto &[id, name] : found->items()) {
        std::size_t used = 0;
        std::int64_t value = -1;
        try {
            value = std::stoll(id, &used);
        } catch (const std::exception &) {
        }
        if (used != id.size() || value < 0 || !name.is_string())
            throw Error(fields.where("id2label") + " maps '" + id + "', not an id to a name");
        byId[value] = name.get<std::string>();
    }
    for (std::int64_t i = 0; i < static_cast<std::int64_t>(byId.size()); ++i) {
        if (!byId.contains(i))
            throw Error(fields.where("id2label") + " skips id " + std::to_string(i));
        labels.push_back(byId[i]);
    }
    return labels;
}

} // namespace

HfEncoderConfig readHfEncoderConfigFile(const std::filesystem::path &file)
{
    const ConfigFields fields(file);
    auto config = familyDefaults(fields);
    readSizes(fields, config);
    readPositions(fields, config);
    requireConsistentSizes(fields, file, config);
    config.labels = readLabels(fields);
    return config;
}

namespace {

// The sizes, dropouts and ids under BertConfig's names, which XLM-R's and DeBERTa-v2's
// configs share.
void writeBertSizes(nlohmann::ordered_json &json, const HfEncoderConfig &config)
{
    json["vocab_size"] = config.vocabSize;
    json["hidden_size"] = config.hiddenSize;
    json["num_hidden_layers"] = config.layers;
    json["num_attention_heads"] = config.heads;
    json["intermediate_size"] = config.intermediateSize;
    json["hidden_act"] = config.hiddenAct;
    json["hidden_dropout_prob"] = config.hiddenDropout;
    json["attention_probs_dropout_prob"] = config.attentionDropout;
    json["max_position_embeddings"] = config.maxPositions;
    json["type_vocab_size"] = config.typeVocabSize;
    json["layer_norm_eps"] = config.layerNormEps;
    json["pad_token_id"] = config.padTokenId;
    json["initializer_range"] = config.initializerRange;
}

// BertConfig's names (XLM-R's too).
void writeBertFields(nlohmann::ordered_json &json, const HfEncoderConfig &config)
{
    const bool roberta = config.family == EncoderFamily::XlmRoberta;
    const bool plainRoberta = config.modelType == "roberta";
    json["architectures"] = {plainRoberta ? "RobertaForSequenceClassification"
                             : roberta    ? "XLMRobertaForSequenceClassification"
                                          : "BertForSequenceClassification"};
    json["model_type"] = plainRoberta ? "roberta" : roberta ? "xlm-roberta" : "bert";
    writeBertSizes(json, config);
    json["position_embedding_type"] = "absolute";
    if (config.classifierDropout >= 0)
        json["classifier_dropout"] = config.classifierDropout;
}

// DebertaV2Config's names.
void writeDebertaFields(nlohmann::ordered_json &json, const HfEncoderConfig &config)
{
    const auto &relative = config.relative;
    json["architectures"] = {"DebertaV2ForSequenceClassification"};
    json["model_type"] = "deberta-v2";
    writeBertSizes(json, config);
    json["relative_attention"] = true;
    json["position_buckets"] = relative.buckets;
    json["max_relative_positions"] = relative.maxRelativePositions;
    std::string types;
    if (relative.positionToContent)
        types = "p2c";
    if (relative.contentToPosition)
        types += types.empty() ? "c2p" : "|c2p";
    json["pos_att_type"] = types;
    json["share_att_key"] = relative.shareKeys;
    json["norm_rel_ebd"] = relative.normaliseEmbeddings ? "layer_norm" : "none";
    json["position_biased_input"] = relative.positionBiasedInput;
    json["pooler_hidden_size"] = config.hiddenSize;
    json["pooler_hidden_act"] = relative.poolerAct;
    json["pooler_dropout"] = relative.poolerDropout;
    if (config.classifierDropout >= 0)
        json["cls_dropout"] = config.classifierDropout;
}

// DistilBertConfig's own names.
void writeDistilBertFields(nlohmann::ordered_json &json, const HfEncoderConfig &config)
{
    json["architectures"] = {"DistilBertForSequenceClassification"};
    json["model_type"] = "distilbert";
    json["vocab_size"] = config.vocabSize;
    json["dim"] = config.hiddenSize;
    json["n_layers"] = config.layers;
    json["n_heads"] = config.heads;
    json["hidden_dim"] = config.intermediateSize;
    json["activation"] = config.hiddenAct;
    json["dropout"] = config.hiddenDropout;
    json["attention_dropout"] = config.attentionDropout;
    json["max_position_embeddings"] = config.maxPositions;
    json["sinusoidal_pos_embds"] = config.sinusoidalPositions;
    json["pad_token_id"] = config.padTokenId;
    json["initializer_range"] = config.initializerRange;
    json["seq_classif_dropout"] = config.classifierDropout >= 0 ? config.classifierDropout : 0.2;
}

} // namespace

std::string hfConfigJson(const HfEncoderConfig &config)
{
    nlohmann::ordered_json json;
    if (config.family == EncoderFamily::DistilBert)
        writeDistilBertFields(json, config);
    else if (config.family == EncoderFamily::DebertaV2)
        writeDebertaFields(json, config);
    else
        writeBertFields(json, config);
    if (!config.labels.empty()) {
        nlohmann::ordered_json id2label = nlohmann::ordered_json::object();
        nlohmann::ordered_json label2id = nlohmann::ordered_json::object();
        for (std::size_t i = 0; i < config.labels.size(); ++i) {
            id2label[std::to_string(i)] = config.labels[i];
            label2id[config.labels[i]] = i;
        }
        json["id2label"] = id2label;
        json["label2id"] = label2id;
    }
    return json.dump(2) + "\n";
}

} // namespace glossa::core::model
