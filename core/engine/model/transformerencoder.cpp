#include "engine/model/transformerencoder.h"

#include "util/error.h"

#include <cmath>
#include <limits>

namespace glossa::core::model {

namespace {

// BERT's and GPT-2's initialisation scale: small enough that a fresh model's logits are near
// zero and its attention near uniform, so training from scratch starts smooth.
constexpr double InitStd = 0.02;

void initLinear(const torch::nn::Linear &linear, double std)
{
    linear->weight.normal_(0.0, std);
    linear->bias.zero_();
}

} // namespace

// One pre-LayerNorm encoder block: x + attention(norm(x)), then x + feedForward(norm(x)).
// Normalising before each branch keeps the residual stream an identity path, so a model
// trained from scratch needs no long warm-up and no post-LayerNorm tuning.
class TransformerBlock : public torch::nn::Module
{
public:
    explicit TransformerBlock(const TransformerOptions &options)
        : m_heads(options.heads)
        , m_headDimension(options.dimension / options.heads)
        , m_dropout(options.dropout)
    {
        const auto d = options.dimension;
        m_attentionNorm = register_module("attention_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d})));
        m_qkv = register_module("qkv", torch::nn::Linear(d, 3 * d));
        m_projection = register_module("projection", torch::nn::Linear(d, d));
        m_feedForwardNorm =
            register_module("feed_forward_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d})));
        m_expand = register_module("expand", torch::nn::Linear(d, options.feedForward));
        m_contract = register_module("contract", torch::nn::Linear(options.feedForward, d));

        torch::NoGradGuard noGrad;
        // GPT-2: the 2 * layers residual branches add up in the stream, so the layers that write
        // into it start smaller and its scale stays the same at any depth.
        const double residualStd = InitStd / std::sqrt(2.0 * static_cast<double>(options.layers));
        initLinear(m_qkv, InitStd);
        initLinear(m_projection, residualStd);
        initLinear(m_expand, InitStd);
        initLinear(m_contract, residualStd);
    }

    // keyPadding: [B, 1, 1, T] bool, true where a key is padding.
    torch::Tensor forward(torch::Tensor x, const torch::Tensor &keyPadding)
    {
        const bool training = is_training();
        x = x + torch::dropout(attend(m_attentionNorm->forward(x), keyPadding), m_dropout, training);
        auto hidden = torch::gelu(m_expand->forward(m_feedForwardNorm->forward(x)));
        return x + torch::dropout(m_contract->forward(hidden), m_dropout, training);
    }

private:
    torch::Tensor attend(const torch::Tensor &x, const torch::Tensor &keyPadding)
    {
        const auto batch = x.size(0);
        const auto length = x.size(1);
        // One matmul for queries, keys and values; [3, B, heads, T, headDimension] views of it.
        const auto qkv = m_qkv->forward(x).view({batch, length, 3, m_heads, m_headDimension}).permute({2, 0, 3, 1, 4});
        // The 1/sqrt(d) scale on the queries costs T * d multiplications, on the scores T * T.
        const auto queries = qkv[0] * (1.0 / std::sqrt(static_cast<double>(m_headDimension)));
        auto scores = torch::matmul(queries, qkv[1].transpose(-2, -1));
        // -inf, not a large negative number: a padded key then gets exactly zero weight, so
        // neither extra padding nor a longer neighbour in the batch changes a real token's
        // output, and attributions at padding are exactly zero. Every row has a real token, so
        // no row is all -inf.
        scores.masked_fill_(keyPadding, -std::numeric_limits<double>::infinity());
        const auto weights = torch::softmax(scores, -1);
        const auto mixed = torch::matmul(weights, qkv[2]).transpose(1, 2).reshape({batch, length, -1});
        return m_projection->forward(mixed);
    }

    std::int64_t m_heads;
    std::int64_t m_headDimension;
    double m_dropout;
    torch::nn::LayerNorm m_attentionNorm{nullptr};
    torch::nn::Linear m_qkv{nullptr};
    torch::nn::Linear m_projection{nullptr};
    torch::nn::LayerNorm m_feedForwardNorm{nullptr};
    torch::nn::Linear m_expand{nullptr};
    torch::nn::Linear m_contract{nullptr};
};

/// Checks the options (throws Error naming the first bad one) and builds the model with
/// BERT/GPT-2 style initialisation.
TransformerEncoder::TransformerEncoder(const TransformerOptions &options)
    : m_options(options)
{
    const auto fail = [](const std::string &problem) { throw Error("transformer model: " + problem); };
    if (options.vocabSize <= 1)
        fail("the vocabulary size must be at least 2 (id 0 is padding), not " + std::to_string(options.vocabSize));
    if (options.dimension <= 0)
        fail("the dimension must be positive, not " + std::to_string(options.dimension));
    if (options.heads <= 0 || options.dimension % options.heads != 0)
        fail("the number of heads (" + std::to_string(options.heads) + ") must divide the dimension ("
             + std::to_string(options.dimension) + ")");
    if (options.layers <= 0)
        fail("at least one layer is needed, not " + std::to_string(options.layers));
    if (options.feedForward <= 0)
        fail("the feed-forward size must be positive, not " + std::to_string(options.feedForward));
    if (options.maxLength <= 0)
        fail("the maximum length must be positive, not " + std::to_string(options.maxLength));
    if (!(options.dropout >= 0.0 && options.dropout < 1.0))
        fail("dropout must be in [0, 1), not " + std::to_string(options.dropout));
    if (options.classes < 2)
        fail("at least two classes are needed, not " + std::to_string(options.classes));
    if (options.pooling == "mean")
        m_pooling = Pooling::Mean;
    else if (options.pooling == "max")
        m_pooling = Pooling::Max;
    else if (options.pooling == "cls")
        m_pooling = Pooling::Cls;
    else
        fail("unknown pooling \"" + options.pooling + "\" (expected mean, max or cls)");

    const auto d = options.dimension;
    m_tokens = register_module("tokens",
                               torch::nn::Embedding(torch::nn::EmbeddingOptions(options.vocabSize, d).padding_idx(0)));
    m_positions = register_parameter("positions", torch::empty({options.maxLength, d}));
    if (m_pooling == Pooling::Cls)
        m_cls = register_parameter("cls", torch::empty({d}));
    m_layers = register_module("layers", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < options.layers; ++i) {
        m_blocks.push_back(std::make_shared<TransformerBlock>(options));
        m_layers->push_back(m_blocks.back());
    }
    m_finalNorm = register_module("final_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d})));
    m_output = register_module("output", torch::nn::Linear(d, options.classes));

    // No sqrt(d) factor on the embeddings (as in "Attention is all you need"): every block
    // normalises its input, so their scale only balances them against the residual branches,
    // which start at the same 0.02.
    torch::NoGradGuard noGrad;
    m_tokens->weight.normal_(0.0, InitStd);
    m_tokens->weight[0].zero_(); // padding_idx keeps this row's gradient zero, not its value
    m_positions.normal_(0.0, InitStd);
    if (m_cls.defined())
        m_cls.normal_(0.0, InitStd);
    initLinear(m_output, InitStd);
}

int TransformerEncoder::classCount() const
{
    return m_options.classes;
}

torch::Tensor TransformerEncoder::logits(const Batch &batch)
{
    return logitsFromEmbeddings(embedTokens(batch.padded), batch.padded);
}

torch::Tensor TransformerEncoder::representation(const Batch &batch)
{
    return pooledFromEmbeddings(embedTokens(batch.padded), batch.padded);
}

torch::Tensor TransformerEncoder::embedTokens(const torch::Tensor &padded)
{
    return m_tokens->forward(padded);
}

/// The classifier head over pooledFromEmbeddings: positions, the encoder blocks and pooling
/// over the real tokens, from the token embeddings of embedTokens(padded) (or a tensor that stands for them, for
/// gradient x input attributions). Padding, found from the zero ids in padded, never
/// influences a real token: the logits do not change with extra padding columns.
torch::Tensor TransformerEncoder::logitsFromEmbeddings(const torch::Tensor &tokenEmbeddings,
                                                       const torch::Tensor &padded)
{
    const auto pooled = pooledFromEmbeddings(tokenEmbeddings, padded);
    return m_output->forward(torch::dropout(pooled, m_options.dropout, is_training()));
}

torch::Tensor TransformerEncoder::pooledFromEmbeddings(const torch::Tensor &tokenEmbeddings,
                                                       const torch::Tensor &padded)
{
    const auto batch = padded.size(0);
    const auto length = padded.size(1);
    if (length > m_options.maxLength)
        throw Error("transformer model: a text of " + std::to_string(length) + " tokens is longer than the "
                    + std::to_string(m_options.maxLength) + " this model was built for");
    auto x = tokenEmbeddings + m_positions.narrow(0, 0, length);
    auto padding = padded.eq(0);
    if (m_pooling == Pooling::Cls) {
        // Prepended inside the model, without a position: it is learned, so it needs none,
        // and the tokenizer needs no special piece for it.
        x = torch::cat({m_cls.expand({batch, 1, -1}), x}, 1);
        padding = torch::cat({torch::zeros({batch, 1}, padding.options()), padding}, 1);
    }
    x = torch::dropout(x, m_options.dropout, is_training());
    const auto keyPadding = padding.view({batch, 1, 1, -1});
    for (const auto &block : m_blocks)
        x = block->forward(x, keyPadding);

    torch::Tensor pooled;
    switch (m_pooling) {
    case Pooling::Cls:
        // The final norm is per position: normalising the one vector used is the same, and cheaper.
        pooled = m_finalNorm->forward(x.select(1, 0));
        break;
    case Pooling::Mean: {
        const auto real = (~padding).sum(1, true).to(x.scalar_type());
        pooled = m_finalNorm->forward(x).masked_fill(padding.unsqueeze(-1), 0.0).sum(1) / real;
        break;
    }
    case Pooling::Max:
        pooled = m_finalNorm->forward(x)
                     .masked_fill(padding.unsqueeze(-1), -std::numeric_limits<double>::infinity())
                     .amax(1);
        break;
    }
    return pooled;
}

} // namespace glossa::core::model
