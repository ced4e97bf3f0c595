#include "engine/model/encoderlayer.h"

#include "engine/model/int8linear.h"

#include <c10/util/BFloat16.h>
#include <c10/util/Half.h>
#include <torch/nn/functional/activation.h>

#include <limits>

namespace glossa::core::model {

void EncoderLayer::setProjections(LoraLinear query, LoraLinear key, LoraLinear value)
{
    m_query = std::move(query);
    m_key = std::move(key);
    m_value = std::move(value);
}

std::vector<const LoraLinearImpl *> EncoderLayer::fuseInt8Projections(bool fuse)
{
    m_fusedInt8.reset();
    if (!fuse || !m_query)
        return {};
    const bool biased = m_query->bias.defined();
    if (m_key->bias.defined() != biased || m_value->bias.defined() != biased)
        return {}; // the three layers stay apart
    torch::NoGradGuard noGrad;
    const auto weight =
        torch::cat({m_query->effectiveWeight(), m_key->effectiveWeight(), m_value->effectiveWeight()}, 0);
    const auto bias = biased ? torch::cat({m_query->bias, m_key->bias, m_value->bias}, 0) : torch::Tensor();
    m_fusedInt8 = std::make_shared<const Int8Linear>(weight, bias);
    return {m_query.get(), m_key.get(), m_value.get()};
}

std::array<torch::Tensor, 3> EncoderLayer::projectQkv(const torch::Tensor &x)
{
    // As LoraLinear: a pass that needs the input's gradient takes the float weights.
    if (m_fusedInt8 && !x.requires_grad()) {
        const auto parts = m_fusedInt8->forward(x).chunk(3, -1);
        return {parts[0], parts[1], parts[2]};
    }
    return {m_query(x), m_key(x), m_value(x)};
}

torch::Tensor activate(const torch::Tensor &x, const std::string &name)
{
    if (name == "gelu")
        return torch::gelu(x); // the exact erf form, as transformers' "gelu"
    if (name == "gelu_new" || name == "gelu_fast")
        return torch::gelu(x, "tanh");
    if (name == "relu")
        return torch::relu(x);
    if (name == "silu" || name == "swish")
        return torch::silu(x);
    return x * torch::sigmoid(1.702 * x); // quick_gelu
}

torch::nn::LayerNorm encoderLayerNorm(const HfEncoderConfig &config)
{
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.hiddenSize}).eps(config.layerNormEps));
}

double mostNegative(c10::ScalarType type)
{
    switch (type) {
    case c10::ScalarType::Half: return static_cast<float>(std::numeric_limits<c10::Half>::lowest());
    case c10::ScalarType::BFloat16: return static_cast<float>(std::numeric_limits<c10::BFloat16>::lowest());
    case c10::ScalarType::Double: return std::numeric_limits<double>::lowest();
    default: return std::numeric_limits<float>::lowest();
    }
}

} // namespace glossa::core::model
