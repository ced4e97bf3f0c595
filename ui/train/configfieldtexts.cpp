#include "ui/train/configfieldtexts.h"

#include <QCoreApplication>

namespace glossa::ui {

namespace {

// Every group, label, description and unit of TrainConfig::schema(), word for word. A field
// whose texts are missing here still shows (in English), but tst_configeditor fails.
const char *const fieldTexts[] = {
    // Groups
    QT_TRANSLATE_NOOP("ConfigField", "Model"),
    QT_TRANSLATE_NOOP("ConfigField", "Tokenizer"),
    QT_TRANSLATE_NOOP("ConfigField", "Optimizer"),
    QT_TRANSLATE_NOOP("ConfigField", "Evaluation"),
    QT_TRANSLATE_NOOP("ConfigField", "Runtime"),

    // Units
    QT_TRANSLATE_NOOP("ConfigField", "tokens"),
    QT_TRANSLATE_NOOP("ConfigField", "pieces"),
    QT_TRANSLATE_NOOP("ConfigField", "texts"),
    QT_TRANSLATE_NOOP("ConfigField", "examples"),
    QT_TRANSLATE_NOOP("ConfigField", "batches"),
    QT_TRANSLATE_NOOP("ConfigField", "epochs"),
    QT_TRANSLATE_NOOP("ConfigField", "steps"),
    QT_TRANSLATE_NOOP("ConfigField", "evaluations"),
    QT_TRANSLATE_NOOP("ConfigField", "threads"),

    // Model (one description split over two lines, as in the schema)
    // NOLINTNEXTLINE(bugprone-suspicious-missing-comma)
    QT_TRANSLATE_NOOP("ConfigField", "bag: subwords and their n-grams into a linear layer (fast, strong baseline); "
                                     "transformer: a small encoder trained from scratch; pretrained: fine-tune an "
                                     "XLM-R, BERT-family, DistilBERT or DeBERTa-v2 model"),
    QT_TRANSLATE_NOOP("ConfigField", "Embedding size"),
    QT_TRANSLATE_NOOP("ConfigField", "Width of the token vectors (and of the transformer's layers)"),
    QT_TRANSLATE_NOOP("ConfigField", "Layers"),
    QT_TRANSLATE_NOOP("ConfigField", "Encoder layers"),
    QT_TRANSLATE_NOOP("ConfigField", "Attention heads"),
    QT_TRANSLATE_NOOP("ConfigField", "Must divide the embedding size"),
    QT_TRANSLATE_NOOP("ConfigField", "Feed-forward size"),
    QT_TRANSLATE_NOOP("ConfigField", "Width of each layer's feed-forward block"),
    QT_TRANSLATE_NOOP("ConfigField", "Pooling"),
    QT_TRANSLATE_NOOP("ConfigField", "How token vectors become one text vector"),
    QT_TRANSLATE_NOOP("ConfigField", "Subword n-grams"),
    QT_TRANSLATE_NOOP("ConfigField", "Longest run of subwords hashed as one feature (1: subwords only)"),
    QT_TRANSLATE_NOOP("ConfigField", "Hash buckets"),
    QT_TRANSLATE_NOOP("ConfigField", "Embedding rows shared by all n-grams; more rows, fewer collisions. 0 picks from "
                                     "the training examples (65,536 to 262,144)"),
    QT_TRANSLATE_NOOP("ConfigField", "Dropout"),
    QT_TRANSLATE_NOOP("ConfigField", "Share of activations dropped while training"),
    QT_TRANSLATE_NOOP("ConfigField", "Maximum length"),
    QT_TRANSLATE_NOOP("ConfigField", "Longer texts are cut to this many subword tokens"),
    QT_TRANSLATE_NOOP("ConfigField", "Model folder"),
    // NOLINTNEXTLINE(bugprone-suspicious-missing-comma)
    QT_TRANSLATE_NOOP("ConfigField", "A Hugging Face folder of an XLM-R, BERT-family, DistilBERT or DeBERTa-v2 "
                                     "model: config.json, model.safetensors and its vocabulary "
                                     "(sentencepiece.bpe.model, spm.model, vocab.txt or tokenizer.json)"),
    QT_TRANSLATE_NOOP("ConfigField", "Quantization"),
    // NOLINTNEXTLINE(bugprone-suspicious-missing-comma)
    QT_TRANSLATE_NOOP("ConfigField", "int8: predictions and embeddings run the encoder's linear layers in 8-bit "
                                     "integers on the CPU, faster with scores a little different (the log "
                                     "reports how close on the dev split); training always uses float32"),
    QT_TRANSLATE_NOOP("ConfigField", "Fine-tuning"),
    // NOLINTNEXTLINE(bugprone-suspicious-missing-comma)
    QT_TRANSLATE_NOOP("ConfigField", "full: every weight; frozen: the embeddings and the bottom layers stay as loaded; "
                                     "lora: small adapters and the head only; features: the model stays as loaded, "
                                     "each text's vector is computed once and kept in the project, and only a small "
                                     "head trains on them (seconds per retrain, fast on a CPU)"),
    QT_TRANSLATE_NOOP("ConfigField", "Head"),
    // NOLINTNEXTLINE(bugprone-suspicious-missing-comma)
    QT_TRANSLATE_NOOP("ConfigField", "What trains on the text vectors: linear (one layer, the classes from the "
                                     "vector) or hidden (a hidden layer with GELU and dropout first, for "
                                     "classes a straight cut cannot separate)"),
    QT_TRANSLATE_NOOP("ConfigField", "Hidden width"),
    QT_TRANSLATE_NOOP("ConfigField", "Width of the head's hidden layer"),
    QT_TRANSLATE_NOOP("ConfigField", "units"),
    QT_TRANSLATE_NOOP("ConfigField", "Head dropout"),
    QT_TRANSLATE_NOOP("ConfigField", "Share of the text vector (and hidden layer) dropped while the head trains"),
    QT_TRANSLATE_NOOP("ConfigField", "Text vector"),
    // NOLINTNEXTLINE(bugprone-suspicious-missing-comma)
    QT_TRANSLATE_NOOP("ConfigField", "How the model's token vectors become the text's vector: mean (the average, "
                                     "usually best for a frozen model) or cls (the first token's)"),
    QT_TRANSLATE_NOOP("ConfigField", "Frozen layers"),
    QT_TRANSLATE_NOOP("ConfigField", "The bottom layers kept as loaded (the embeddings always are)"),
    QT_TRANSLATE_NOOP("ConfigField", "layers"),
    QT_TRANSLATE_NOOP("ConfigField", "LoRA rank"),
    QT_TRANSLATE_NOOP("ConfigField", "Width of each adapter"),
    QT_TRANSLATE_NOOP("ConfigField", "LoRA alpha"),
    QT_TRANSLATE_NOOP("ConfigField", "Adapters are scaled by alpha / rank"),
    QT_TRANSLATE_NOOP("ConfigField", "LoRA dropout"),
    QT_TRANSLATE_NOOP("ConfigField", "Dropout on the adapters' input"),
    QT_TRANSLATE_NOOP("ConfigField", "LoRA targets"),
    QT_TRANSLATE_NOOP("ConfigField", "Comma-separated layer names the adapters go on (query, key, value, dense)"),

    // Tokenizer
    QT_TRANSLATE_NOOP("ConfigField", "Algorithm"),
    QT_TRANSLATE_NOOP("ConfigField", "SentencePiece subword algorithm"),
    QT_TRANSLATE_NOOP("ConfigField", "Vocabulary size"),
    QT_TRANSLATE_NOOP("ConfigField", "Subword pieces; shrinks when the data has fewer, grows when its characters need "
                                     "more. 0 picks from the training texts (4,000, more above 64,000 texts)"),
    QT_TRANSLATE_NOOP("ConfigField", "Character coverage"),
    QT_TRANSLATE_NOOP("ConfigField", "Share of characters the vocabulary must cover (rarer ones become <unk>)"),
    QT_TRANSLATE_NOOP("ConfigField", "Training sentences"),
    QT_TRANSLATE_NOOP("ConfigField", "Larger datasets are sampled down to this many texts for the tokenizer, the same "
                                     "number from each language where they have it. 0 picks a quarter of the training "
                                     "texts, 5,000 to 50,000"),

    // Optimizer
    QT_TRANSLATE_NOOP("ConfigField", "AdamW, or SGD with momentum"),
    QT_TRANSLATE_NOOP("ConfigField", "Learning rate"),
    // NOLINTNEXTLINE(bugprone-suspicious-missing-comma)
    QT_TRANSLATE_NOOP("ConfigField", "Peak step size; 0 picks one suited to the model (2e-2 bag, 5e-4 transformer, "
                                     "3e-5 pretrained, 2e-4 with LoRA, 1e-3 for a head on features)"),
    QT_TRANSLATE_NOOP("ConfigField", "Weight decay"),
    QT_TRANSLATE_NOOP("ConfigField", "Decoupled L2 shrinkage of the weights per step"),
    QT_TRANSLATE_NOOP("ConfigField", "Layer-wise rate decay"),
    QT_TRANSLATE_NOOP("ConfigField", "Each layer learns at this share of the rate of the layer above it, the "
                                     "embeddings least; 1: one rate for all"),
    QT_TRANSLATE_NOOP("ConfigField", "Momentum"),
    QT_TRANSLATE_NOOP("ConfigField", "SGD momentum"),
    QT_TRANSLATE_NOOP("ConfigField", "Batch size"),
    QT_TRANSLATE_NOOP("ConfigField", "Examples per step"),
    QT_TRANSLATE_NOOP("ConfigField", "Gradient accumulation"),
    QT_TRANSLATE_NOOP("ConfigField", "Batches summed before each optimizer step (a larger batch in less memory)"),
    QT_TRANSLATE_NOOP("ConfigField", "Epochs"),
    QT_TRANSLATE_NOOP("ConfigField", "Passes over the training split. 0 picks: for the bag model enough to see about "
                                     "130,000 examples (3 to 10), for the others 10"),
    QT_TRANSLATE_NOOP("ConfigField", "Warm-up"),
    QT_TRANSLATE_NOOP("ConfigField", "Share of the steps over which the learning rate rises from 0"),
    QT_TRANSLATE_NOOP("ConfigField", "Schedule"),
    QT_TRANSLATE_NOOP("ConfigField", "How the learning rate decays after warm-up"),
    QT_TRANSLATE_NOOP("ConfigField", "Gradient clipping"),
    QT_TRANSLATE_NOOP("ConfigField", "Largest gradient norm per step; 0 turns clipping off"),
    QT_TRANSLATE_NOOP("ConfigField", "Label smoothing"),
    QT_TRANSLATE_NOOP("ConfigField",
                      "Probability mass spread from the gold label to the others (keeps probabilities honest)"),
    QT_TRANSLATE_NOOP("ConfigField", "Class weighting"),
    QT_TRANSLATE_NOOP("ConfigField",
                      "Loss weight of rare classes: none, inverse frequency (balanced) or its square root"),

    // Evaluation
    QT_TRANSLATE_NOOP("ConfigField", "Evaluation interval"),
    QT_TRANSLATE_NOOP("ConfigField", "Steps between evaluations on the dev split; 0: once per epoch"),
    QT_TRANSLATE_NOOP("ConfigField", "Early-stopping metric"),
    QT_TRANSLATE_NOOP("ConfigField", "Dev metric that picks the best checkpoint and stops training"),
    QT_TRANSLATE_NOOP("ConfigField", "Patience"),
    QT_TRANSLATE_NOOP("ConfigField", "Evaluations without improvement before stopping; 0 never stops early. "
                                     "Evaluations during warm-up do not count"),
    QT_TRANSLATE_NOOP("ConfigField", "Cross-validation folds"),
    QT_TRANSLATE_NOOP("ConfigField", "Folds when the dev or test split is too small to trust (fewer than 30 labelled "
                                     "examples) and the run is scored by cross-validation instead"),
    QT_TRANSLATE_NOOP("ConfigField", "folds"),
    QT_TRANSLATE_NOOP("ConfigField", "Minimum epochs"),
    QT_TRANSLATE_NOOP("ConfigField", "Epochs trained before early stopping may end the run (at most the epochs set)"),
    QT_TRANSLATE_NOOP("ConfigField", "Source languages"),
    QT_TRANSLATE_NOOP("ConfigField", "Train and pick the checkpoint on these languages' rows only (codes, comma-"
                                     "separated), and test on every language: zero-shot transfer. Empty: all"),

    // Runtime
    QT_TRANSLATE_NOOP("ConfigField", "Seed"),
    QT_TRANSLATE_NOOP("ConfigField", "Same seed, same data: the same model on CPU"),
    QT_TRANSLATE_NOOP("ConfigField", "Device"),
    QT_TRANSLATE_NOOP("ConfigField", "auto (a GPU when there is one), cpu, or cuda:N"),
    QT_TRANSLATE_NOOP("ConfigField", "CPU threads"),
    QT_TRANSLATE_NOOP("ConfigField",
                      "Threads for tensor operations; 0 picks (1 on two-core machines, else half the cores)"),
    QT_TRANSLATE_NOOP("ConfigField", "Mixed precision"),
    QT_TRANSLATE_NOOP("ConfigField", "bf16 autocast where the device supports it"),
};

struct ChoiceName
{
    const char *value;
    const char *name;
};

// Names kept short so the combo boxes stay narrow; the field's tooltip explains the choice.
const ChoiceName choiceNames[] = {
    {"bag", QT_TRANSLATE_NOOP("ConfigChoice", "Bag of subwords")},
    {"transformer", QT_TRANSLATE_NOOP("ConfigChoice", "Transformer")},
    {"pretrained", QT_TRANSLATE_NOOP("ConfigChoice", "Pretrained encoder")},
    {"full", QT_TRANSLATE_NOOP("ConfigChoice", "Full")},
    {"frozen", QT_TRANSLATE_NOOP("ConfigChoice", "Frozen bottom")},
    {"lora", QT_TRANSLATE_NOOP("ConfigChoice", "LoRA")},
    {"features", QT_TRANSLATE_NOOP("ConfigChoice", "Features (frozen, cached)")},
    {"hidden", QT_TRANSLATE_NOOP("ConfigChoice", "One hidden layer")},
    {"mean", QT_TRANSLATE_NOOP("ConfigChoice", "Mean")},
    {"max", QT_TRANSLATE_NOOP("ConfigChoice", "Max")},
    {"cls", QT_TRANSLATE_NOOP("ConfigChoice", "CLS token")},
    {"unigram", QT_TRANSLATE_NOOP("ConfigChoice", "Unigram")},
    {"bpe", QT_TRANSLATE_NOOP("ConfigChoice", "BPE")},
    {"adamw", QT_TRANSLATE_NOOP("ConfigChoice", "AdamW")},
    {"sgd", QT_TRANSLATE_NOOP("ConfigChoice", "SGD")},
    {"linear", QT_TRANSLATE_NOOP("ConfigChoice", "Linear")},
    {"cosine", QT_TRANSLATE_NOOP("ConfigChoice", "Cosine")},
    {"constant", QT_TRANSLATE_NOOP("ConfigChoice", "Constant")},
    {"none", QT_TRANSLATE_NOOP("ConfigChoice", "None")},
    {"balanced", QT_TRANSLATE_NOOP("ConfigChoice", "Balanced")},
    {"sqrt", QT_TRANSLATE_NOOP("ConfigChoice", "Square root")},
    {"macro_f1", QT_TRANSLATE_NOOP("ConfigChoice", "Macro F1")},
    {"accuracy", QT_TRANSLATE_NOOP("ConfigChoice", "Accuracy")},
    {"loss", QT_TRANSLATE_NOOP("ConfigChoice", "Loss")},
    {"off", QT_TRANSLATE_NOOP("ConfigChoice", "Off")},
    {"bf16", QT_TRANSLATE_NOOP("ConfigChoice", "bf16")},
    {"int8", QT_TRANSLATE_NOOP("ConfigChoice", "int8")},
};

} // namespace

QString translatedConfigText(const std::string &english)
{
    if (english.empty())
        return {};
    return QCoreApplication::translate("ConfigField", english.c_str());
}

QString choiceDisplayName(const std::string &value)
{
    for (const auto &choice : choiceNames)
        if (value == choice.value)
            return QCoreApplication::translate("ConfigChoice", choice.name);
    return QString::fromStdString(value);
}

QStringList configFieldSourceTexts()
{
    QStringList texts;
    for (const char *text : fieldTexts)
        texts.append(QString::fromUtf8(text));
    return texts;
}

QStringList namedChoiceValues()
{
    QStringList values;
    for (const auto &choice : choiceNames)
        values.append(QString::fromUtf8(choice.value));
    return values;
}

} // namespace glossa::ui
