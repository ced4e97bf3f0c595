#include "engine/model/lora.h"

#include "engine/model/int8linear.h"
#include "engine/model/pretrainedencoder.h"
#include "util/error.h"

#include <torch/nn/init.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace glossa::core::model {

double LoraOptions::scaling() const
{
    return rsLora ? alpha / std::sqrt(static_cast<double>(rank)) : alpha / static_cast<double>(rank);
}

void LoraLinearImpl::attachLora(const LoraOptions &options)
{
    if (options.rank <= 0)
        throw Error("LoRA rank must be positive (got " + std::to_string(options.rank) + ")");
    const auto in = this->options.in_features();
    const auto out = this->options.out_features();
    m_a = register_module("lora_A", torch::nn::Linear(torch::nn::LinearOptions(in, options.rank).bias(false)));
    m_b = register_module("lora_B", torch::nn::Linear(torch::nn::LinearOptions(options.rank, out).bias(false)));
    m_dropout = register_module("lora_dropout", torch::nn::Dropout(options.dropout));
    m_scaling = options.scaling();
    torch::NoGradGuard noGrad;
    torch::nn::init::kaiming_uniform_(m_a->weight, std::sqrt(5.0));
    m_b->weight.zero_();
    weight.set_requires_grad(false);
    if (bias.defined())
        bias.set_requires_grad(false);
}

torch::Tensor LoraLinearImpl::deltaWeight() const
{
    return torch::matmul(m_b->weight, m_a->weight) * m_scaling;
}

torch::Tensor LoraLinearImpl::effectiveWeight() const
{
    return hasLora() && !m_merged ? weight + deltaWeight() : weight;
}

void LoraLinearImpl::merge()
{
    if (!hasLora() || m_merged)
        return;
    torch::NoGradGuard noGrad;
    weight.add_(deltaWeight());
    m_merged = true;
}

torch::Tensor LoraLinearImpl::forward(const torch::Tensor &input)
{
    // Int8 has no backward: a pass that needs the input's gradient (token attributions) takes
    // the float weights, kept beside.
    if (m_int8 && !input.requires_grad())
        return m_int8->forward(input);
    auto output = torch::nn::LinearImpl::forward(input);
    if (hasLora() && !m_merged)
        output = output + m_b(m_a(m_dropout(input))) * m_scaling;
    return output;
}

std::vector<std::string> loraTargetsFor(EncoderFamily family, const std::vector<std::string> &targets)
{
    using Names = std::map<std::string, std::vector<std::string>>;
    static const Names bertNames;
    static const Names distilBertNames{
        {"query", {"q_lin"}}, {"key", {"k_lin"}}, {"value", {"v_lin"}}, {"dense", {"out_lin", "lin1", "lin2"}}};
    // DeBERTa-v2's projections (their dense layers are BERT's); peft's default targets too.
    static const Names debertaNames{{"query", {"query_proj"}}, {"key", {"key_proj"}}, {"value", {"value_proj"}}};
    const auto &names = family == EncoderFamily::DistilBert  ? distilBertNames
                        : family == EncoderFamily::DebertaV2 ? debertaNames
                                                             : bertNames;
    std::vector<std::string> own;
    auto add = [&](const std::string &name) {
        if (std::find(own.begin(), own.end(), name) == own.end())
            own.push_back(name);
    };
    for (const auto &target : targets) {
        if (const auto renamed = names.find(target); renamed != names.end())
            std::for_each(renamed->second.begin(), renamed->second.end(), add);
        else
            add(target);
    }
    return own;
}

std::vector<std::string> applyLora(PretrainedEncoderImpl &encoder, const LoraOptions &options)
{
    std::vector<std::string> adapted;
    std::vector<bool> matched(options.targets.size(), false);
    std::set<std::string> layerNames; // the last parts, for the message when a target matches nothing
    for (const auto &item : encoder.named_modules(/*name_prefix=*/"", /*include_self=*/false)) {
        auto *linear = dynamic_cast<LoraLinearImpl *>(item.value().get());
        if (!linear)
            continue;
        const auto &name = item.key();
        layerNames.insert(name.substr(name.rfind('.') + 1));
        for (std::size_t t = 0; t < options.targets.size(); ++t) {
            const auto &target = options.targets[t];
            const bool hit =
                name == target
                || (name.size() > target.size() && name.compare(name.size() - target.size(), target.size(), target) == 0
                    && name[name.size() - target.size() - 1] == '.');
            if (!hit)
                continue;
            matched[t] = true;
            adapted.push_back(name);
        }
    }
    std::string known;
    for (const auto &name : layerNames)
        known += (known.empty() ? "" : ", ") + name;
    for (std::size_t t = 0; t < options.targets.size(); ++t)
        if (!matched[t])
            throw Error("LoRA target '" + options.targets[t] + "' names no linear layer of the encoder (it has " + known
                        + ")");
    // Everything of the encoder is frozen; the adapters, made after, are the trainable part.
    for (auto &parameter : encoder.parameters())
        parameter.set_requires_grad(false);
    for (const auto &name : adapted)
        if (auto *linear = dynamic_cast<LoraLinearImpl *>(encoder.named_modules()[name].get()))
            linear->attachLora(options);
    return adapted;
}

void mergeLora(PretrainedEncoderImpl &encoder)
{
    for (const auto &module : encoder.modules(/*include_self=*/false))
        if (auto *linear = dynamic_cast<LoraLinearImpl *>(module.get()))
            linear->merge();
}

} // namespace glossa::core::model
