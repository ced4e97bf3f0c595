#include "engine/model/encoderlayer.h"

#include <c10/util/BFloat16.h>
#include <c10/util/Half.h>
#include <torch/nn/functional/activation.h>

#include <limits>

namespace glossa::core::model {

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
