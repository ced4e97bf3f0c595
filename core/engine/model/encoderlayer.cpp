#include "engine/model/encoderlayer.h"

#include <torch/nn/functional/activation.h>

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

} // namespace glossa::core::model
