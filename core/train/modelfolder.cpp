#include "train/modelfolder.h"

#include "train/trainconfig.h"
#include "train/trainsettings.h"
#include "util/boundedfile.h"
#include "util/error.h"
#include "util/names.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <sys/stat.h>

namespace glossa::core::train {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// The largest vocabulary a tokenizer model may claim (a SentencePiece model is at most
// 256 MiB, so this is far beyond any real one) and the most labels a folder may list.
constexpr std::int64_t maxVocabulary = std::int64_t(1) << 24;
constexpr std::size_t maxLabels = 100000;

class ConfigReader
{
public:
    ConfigReader(const json &root, std::string file)
        : m_root(root)
        , m_file(std::move(file))
    {
    }

    [[noreturn]] void fail(const std::string &field, const std::string &problem) const
    {
        throw Error(m_file + ": " + field + " " + problem);
    }

    const json &object(const std::string &name) const
    {
        const auto found = m_root.find(name);
        if (found == m_root.end())
            fail(name, "is missing");
        if (!found->is_object())
            fail(name, "must be an object");
        return *found;
    }

    // An integer field of parent, within [minimum, maximum].
    std::int64_t integer(const json &parent, const std::string &path, const std::string &name, std::int64_t minimum,
                         std::int64_t maximum) const
    {
        const auto field = path.empty() ? name : path + "." + name;
        const auto found = parent.find(name);
        if (found == parent.end())
            fail(field, "is missing");
        if (!found->is_number_integer())
            fail(field, "must be a whole number");
        // A number beyond int64 is parsed as unsigned (or refused above as a float).
        if (found->is_number_unsigned() && found->get<std::uint64_t>() > std::uint64_t(INT64_MAX))
            fail(field, "is out of range");
        const auto value = found->get<std::int64_t>();
        if (value < minimum || value > maximum)
            fail(field, "must be from " + std::to_string(minimum) + " to " + std::to_string(maximum) + " (got "
                            + std::to_string(value) + ")");
        return value;
    }

    // The same, with the range of the training setting it stands for.
    std::int64_t setting(const json &parent, const std::string &path, const std::string &name,
                         std::string_view settingKey) const
    {
        const auto &spec = TrainConfig::field(settingKey);
        return integer(parent, path, name, static_cast<std::int64_t>(spec.minimum),
                       static_cast<std::int64_t>(spec.maximum));
    }

    std::string text(const json &parent, const std::string &field, const std::string &name) const
    {
        const auto found = parent.find(name);
        if (found == parent.end())
            fail(field, "is missing");
        if (!found->is_string())
            fail(field, "must be a string");
        return found->get<std::string>();
    }

private:
    const json &m_root;
    std::string m_file;
};

ModelFolderConfig parseConfig(const json &root, const std::string &file)
{
    ConfigReader reader(root, file);
    if (!root.is_object())
        throw Error(file + ": not a model folder's config (expected a JSON object)");
    const auto format = root.find("format");
    if (format == root.end() || !format->is_string() || format->get<std::string>() != modelFolderFormat)
        throw Error(file + ": format is not \"" + std::string(modelFolderFormat)
                    + "\", so this is not a Glossa model folder (glossa-cli export --run R --output DIR writes one)");
    const auto version = reader.integer(root, "", "format_version", 1, INT64_MAX);
    if (version > modelFolderFormatVersion)
        throw Error(file + ": format_version " + std::to_string(version)
                    + " was written by a newer Glossa; this one reads " + std::to_string(modelFolderFormatVersion));

    ModelFolderConfig config;
    config.modelType = reader.text(root, "model_type", "model_type");
    if (config.modelType != "bag" && config.modelType != "transformer")
        reader.fail("model_type", "must be bag or transformer (got '" + escapeForTerminal(config.modelType) + "')");

    const auto labels = root.find("labels");
    if (labels == root.end())
        reader.fail("labels", "is missing");
    if (!labels->is_array() || labels->size() < 2 || labels->size() > maxLabels)
        reader.fail("labels", "must be a list of 2 to " + std::to_string(maxLabels) + " label names");
    std::set<std::string, std::less<>> seen;
    for (std::size_t i = 0; i < labels->size(); ++i) {
        const auto &label = (*labels)[i];
        const auto field = "labels[" + std::to_string(i) + "]";
        if (!label.is_string() || label.get<std::string>().empty())
            reader.fail(field, "must be a label name (a non-empty string)");
        const auto name = label.get<std::string>();
        if (const auto problem = nameProblem(name))
            reader.fail(field, "'" + escapeForTerminal(name) + "' " + *problem);
        if (!seen.insert(name).second)
            reader.fail(field, "'" + escapeForTerminal(name) + "' is listed twice");
        config.labels.push_back(name);
    }

    const auto &tokenizer = reader.object("tokenizer");
    const auto tokenizerType = reader.text(tokenizer, "tokenizer.type", "type");
    if (tokenizerType != "sentencepiece")
        reader.fail("tokenizer.type", "must be sentencepiece (got '" + escapeForTerminal(tokenizerType) + "')");
    const auto tokenizerFile = reader.text(tokenizer, "tokenizer.file", "file");
    if (tokenizerFile != modelFolderTokenizerFile)
        reader.fail("tokenizer.file", "must be " + std::string(modelFolderTokenizerFile));
    config.vocabSize = reader.integer(tokenizer, "tokenizer", "vocab_size", 2, maxVocabulary);
    config.maxLength = reader.setting(tokenizer, "tokenizer", "max_length", "model.max_length");

    if (config.modelType == "bag") {
        const auto &bag = reader.object("bag");
        config.dimension = reader.setting(bag, "bag", "dimension", "model.embedding_dim");
        config.ngramOrder = reader.setting(bag, "bag", "ngram_order", "model.ngram_order");
        config.hashBuckets = reader.setting(bag, "bag", "hash_buckets", "model.hash_buckets");
        const auto hash = reader.text(bag, "bag.ngram_hash", "ngram_hash");
        if (hash != "fnv1a-64")
            reader.fail("bag.ngram_hash", "must be fnv1a-64 (got '" + escapeForTerminal(hash) + "')");
    } else {
        const auto &transformer = reader.object("transformer");
        config.dimension = reader.setting(transformer, "transformer", "dimension", "model.embedding_dim");
        config.layers = reader.setting(transformer, "transformer", "layers", "model.layers");
        config.heads = reader.setting(transformer, "transformer", "heads", "model.heads");
        config.feedForward = reader.setting(transformer, "transformer", "feed_forward", "model.ff_dim");
        config.pooling = reader.text(transformer, "transformer.pooling", "pooling");
        const auto &choices = TrainConfig::field("model.pooling").choices;
        if (std::find(choices.begin(), choices.end(), config.pooling) == choices.end())
            reader.fail("transformer.pooling",
                        "must be mean, max or cls (got '" + escapeForTerminal(config.pooling) + "')");
        if (config.dimension % config.heads != 0)
            reader.fail("transformer.heads", "(" + std::to_string(config.heads)
                                                 + ") must divide transformer.dimension ("
                                                 + std::to_string(config.dimension) + ")");
    }
    return config;
}

json parseBounded(const std::filesystem::path &file)
{
    const auto text = readBoundedFile(file, maxModelFolderConfigBytes, "model folder's config.json");
    if (jsonNestsDeeperThan(text, maxModelFolderConfigDepth))
        throw Error(file.string() + ": nested deeper than " + std::to_string(maxModelFolderConfigDepth)
                    + " levels, which no model folder's config is");
    try {
        return json::parse(text);
    } catch (const json::exception &e) {
        throw Error(file.string() + ": not valid JSON: " + e.what());
    }
}

} // namespace

TrainConfig ModelFolderConfig::toTrainConfig() const
{
    TrainConfig config;
    config.set("model.type", modelType);
    config.set("model.embedding_dim", dimension);
    config.set("model.max_length", maxLength);
    if (modelType == "bag") {
        config.set("model.ngram_order", ngramOrder);
        config.set("model.hash_buckets", hashBuckets);
    } else {
        config.set("model.layers", layers);
        config.set("model.heads", heads);
        config.set("model.ff_dim", feedForward);
        config.set("model.pooling", pooling);
    }
    return config;
}

ModelFolderConfig ModelFolderConfig::fromRun(const TrainSettings &settings, std::vector<std::string> labels,
                                             std::int64_t vocabSize)
{
    ModelFolderConfig config;
    const auto &model = settings.model;
    if (model.type != ModelType::Bag && model.type != ModelType::Transformer)
        throw Error("only bag and transformer models export as Glossa model folders (this is a "
                    + std::string(name(model.type)) + " model)");
    config.modelType = std::string(name(model.type));
    config.labels = std::move(labels);
    config.vocabSize = vocabSize;
    config.maxLength = model.maxLength;
    config.dimension = model.embeddingDim;
    if (model.type == ModelType::Bag) {
        config.ngramOrder = model.ngramOrder;
        config.hashBuckets = model.hashBuckets;
    } else {
        config.layers = model.layers;
        config.heads = model.heads;
        config.feedForward = model.ffDim;
        config.pooling = model.pooling;
    }
    return config;
}

std::vector<ExpectedTensor> expectedTensors(const ModelFolderConfig &config)
{
    const auto d = config.dimension;
    const auto classes = static_cast<std::int64_t>(config.labels.size());
    std::vector<ExpectedTensor> tensors;
    if (config.modelType == "bag") {
        // SubwordFeatures: the vocabulary, then the hash buckets.
        tensors.push_back({"embeddings.weight", {config.vocabSize + config.hashBuckets, d}});
    } else {
        tensors.push_back({"tokens.weight", {config.vocabSize, d}});
        tensors.push_back({"positions", {config.maxLength, d}});
        if (config.pooling == "cls")
            tensors.push_back({"cls", {d}});
        for (std::int64_t i = 0; i < config.layers; ++i) {
            const auto layer = "layers." + std::to_string(i) + ".";
            tensors.push_back({layer + "attention_norm.weight", {d}});
            tensors.push_back({layer + "attention_norm.bias", {d}});
            tensors.push_back({layer + "qkv.weight", {3 * d, d}});
            tensors.push_back({layer + "qkv.bias", {3 * d}});
            tensors.push_back({layer + "projection.weight", {d, d}});
            tensors.push_back({layer + "projection.bias", {d}});
            tensors.push_back({layer + "feed_forward_norm.weight", {d}});
            tensors.push_back({layer + "feed_forward_norm.bias", {d}});
            tensors.push_back({layer + "expand.weight", {config.feedForward, d}});
            tensors.push_back({layer + "expand.bias", {config.feedForward}});
            tensors.push_back({layer + "contract.weight", {d, config.feedForward}});
            tensors.push_back({layer + "contract.bias", {d}});
        }
        tensors.push_back({"final_norm.weight", {d}});
        tensors.push_back({"final_norm.bias", {d}});
    }
    tensors.push_back({"output.weight", {classes, d}});
    tensors.push_back({"output.bias", {classes}});
    return tensors;
}

std::string modelFolderConfigJson(const ModelFolderConfig &config, std::string_view glossaVersion,
                                  const nlohmann::json &settings, const nlohmann::ordered_json &source)
{
    ordered_json root;
    root["format"] = std::string(modelFolderFormat);
    root["format_version"] = modelFolderFormatVersion;
    root["glossa_version"] = std::string(glossaVersion);
    root["model_type"] = config.modelType;
    root["labels"] = config.labels;
    root["tokenizer"] = ordered_json{{"type", "sentencepiece"},
                                     {"file", std::string(modelFolderTokenizerFile)},
                                     {"vocab_size", config.vocabSize},
                                     {"max_length", config.maxLength}};
    if (config.modelType == "bag")
        root["bag"] = ordered_json{{"dimension", config.dimension},
                                   {"ngram_order", config.ngramOrder},
                                   {"hash_buckets", config.hashBuckets},
                                   {"ngram_hash", "fnv1a-64"},
                                   {"feature_count", config.vocabSize + config.hashBuckets}};
    else
        root["transformer"] = ordered_json{{"dimension", config.dimension}, {"layers", config.layers},
                                           {"heads", config.heads},         {"feed_forward", config.feedForward},
                                           {"pooling", config.pooling},     {"norm", "pre-layernorm"},
                                           {"activation", "gelu"},          {"layer_norm_eps", 1e-5}};
    root["weights"] = ordered_json{{"file", std::string(modelFolderWeightsFile)}, {"dtype", "F32"}};
    root["source"] = source;
    root["settings"] = settings;
    return root.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

ModelFolderConfig readModelFolderConfig(const std::filesystem::path &folder)
{
    const auto file = modelFolderFile(folder, modelFolderConfigFile);
    return parseConfig(parseBounded(file), file.string());
}

bool isModelFolder(const std::filesystem::path &folder)
{
    try {
        const auto root = parseBounded(modelFolderFile(folder, modelFolderConfigFile));
        const auto format = root.find("format");
        return root.is_object() && format != root.end() && format->is_string()
               && format->get<std::string>() == modelFolderFormat;
    } catch (const Error &) {
        return false;
    }
}

void requireReplaceableModelFolder(const std::filesystem::path &folder)
{
    // What exportModelFolder and PretrainedClassifier::exportHuggingFace write.
    static const std::set<std::string, std::less<>> exported{std::string(modelFolderConfigFile),
                                                             std::string(modelFolderWeightsFile),
                                                             std::string(modelFolderTokenizerFile),
                                                             "sentencepiece.bpe.model",
                                                             "spm.model",
                                                             "vocab.txt",
                                                             "tokenizer.json",
                                                             "vocab.json",
                                                             "merges.txt",
                                                             "glossa_head.json",
                                                             "glossa_head.safetensors",
                                                             "tokenizer_config.json",
                                                             "special_tokens_map.json",
                                                             "adapter_config.json",
                                                             "adapter_model.safetensors"};
    struct stat info
    {
    };
    if (::lstat(folder.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
        return; // absent, or refused by AtomicFolder for what it is
    std::vector<std::string> others;
    std::error_code error;
    for (std::filesystem::directory_iterator entry(folder, error), end; !error && entry != end;
         entry.increment(error)) {
        const auto name = entry->path().filename().string();
        if (!exported.contains(name) || entry->is_symlink() || !entry->is_regular_file())
            others.push_back(name);
    }
    if (error)
        throw Error(folder.string() + ": cannot be read to check it may be replaced: " + error.message());
    if (others.empty())
        return;
    std::sort(others.begin(), others.end());
    std::string listed;
    for (std::size_t i = 0; i < others.size() && i < 3; ++i)
        listed += (i ? ", " : "") + escapeForTerminal(others[i]);
    if (others.size() > 3)
        listed += " and " + std::to_string(others.size() - 3) + " more";
    throw Error(folder.string() + ": holds " + listed
                + ", which no model export writes; an export replaces the whole folder, so choose a new or empty "
                  "folder (nothing was written)");
}

std::filesystem::path modelFolderFile(const std::filesystem::path &folder, std::string_view name)
{
    auto file = folder / name;
    struct stat info
    {
    };
    if (::lstat(file.c_str(), &info) != 0)
        throw Error(file.string() + ": missing from the model folder (it needs " + std::string(modelFolderConfigFile)
                    + ", " + std::string(modelFolderWeightsFile) + " and " + std::string(modelFolderTokenizerFile)
                    + ")");
    if (S_ISLNK(info.st_mode))
        throw Error(file.string()
                    + ": is a symbolic link; a model folder is read only from its own files, so copy the file in");
    if (!S_ISREG(info.st_mode))
        throw Error(file.string() + ": is " + fileKindName(info.st_mode) + ", not a file");
    return file;
}

} // namespace glossa::core::train
