#include "engine/model/int8linear.h"

#include "engine/model/encoderlayer.h"
#include "engine/model/lora.h"
#include "engine/model/pretrainedencoder.h"
#include "util/error.h"

#include <ATen/Context.h>
#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/native/quantized/PackedParams.h>
#include <torch/nn/module.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <set>

namespace glossa::core::model {
namespace {

// The quantised engine to pack weights for: fbgemm where the build has it (PyTorch's own choice
// on x86), else oneDNN, which ran MiniLM-sized int8 layers about six times faster than QNNPACK
// here (Debian's LibTorch has no fbgemm); QNNPACK last (ARM).
std::optional<at::QEngine> fastestEngine()
{
    const auto &supported = at::globalContext().supportedQEngines();
    for (const auto engine : {at::QEngine::FBGEMM, at::QEngine::ONEDNN, at::QEngine::QNNPACK})
        if (std::find(supported.begin(), supported.end(), engine) != supported.end())
            return engine;
    return std::nullopt;
}

// Packs under the chosen engine and gives the process's setting back: the packed weights run
// with the engine they were packed for, whatever is set later.
class EngineScope
{
public:
    explicit EngineScope(at::QEngine engine)
        : m_previous(at::globalContext().qEngine())
    {
        at::globalContext().setQEngine(engine);
    }
    ~EngineScope() { at::globalContext().setQEngine(m_previous); }
    EngineScope(const EngineScope &) = delete;
    EngineScope &operator=(const EngineScope &) = delete;

private:
    at::QEngine m_previous;
};

// Per output channel, symmetric, the whole int8 range (PerChannelMinMaxObserver with
// per_channel_symmetric, as quantize_dynamic's per-channel configuration): scale =
// max(|min|, |max|) / 127.5, zero point 0. Per channel keeps a row of small weights from
// sharing the scale of the layer's largest: on MiniLM-sized random layers its relative error
// was 0.0127 against per-tensor's 0.0150, at a speed this machine could not tell apart.
torch::Tensor quantizedWeight(const torch::Tensor &weight)
{
    const auto absMax = std::get<0>(weight.abs().max(1));
    const auto scales = (absMax / 127.5).clamp_min(std::numeric_limits<float>::epsilon()).to(torch::kDouble);
    const auto zeroPoints = torch::zeros({weight.size(0)}, torch::kLong);
    return at::quantize_per_channel(weight.contiguous(), scales, zeroPoints, 0, torch::kQInt8);
}

} // namespace

struct Int8Linear::Packed
{
    c10::intrusive_ptr<LinearPackedParamsBase> params;
};

Int8Linear::Int8Linear(const torch::Tensor &weight, const torch::Tensor &bias)
    : m_packed(std::make_unique<Packed>())
{
    const auto engine = fastestEngine();
    if (!engine)
        throw Error("this LibTorch has no quantised engine (fbgemm, onednn or qnnpack) for int8 layers; "
                    "set model.quantize=none");
    if (!weight.device().is_cpu())
        throw Error("int8 layers run on the CPU only; predict on the CPU or set model.quantize=none");
    torch::NoGradGuard noGrad;
    static const auto prepack =
        c10::Dispatcher::singleton()
            .findSchemaOrThrow("quantized::linear_prepack", "")
            .typed<c10::intrusive_ptr<LinearPackedParamsBase>(at::Tensor, c10::optional<at::Tensor>)>();
    const EngineScope scope(*engine);
    const auto floatWeight = weight.detach().to(torch::kFloat32);
    c10::optional<at::Tensor> floatBias;
    if (bias.defined())
        floatBias = bias.detach().to(torch::kFloat32).contiguous();
    m_packed->params = prepack.call(quantizedWeight(floatWeight), floatBias);
}

Int8Linear::~Int8Linear() = default;

torch::Tensor Int8Linear::forward(const torch::Tensor &input) const
{
    // reduce_range false: the inputs keep all 8 bits. Python's dynamic Linear passes true, a
    // guard for fbgemm's overflow-prone AVX2 kernel; on oneDNN it only raises the error by about
    // half (0.024 against 0.015 relative) and gains no speed.
    return m_packed->params->apply_dynamic(input.to(torch::kFloat32).contiguous(), /*reduce_range=*/false);
}

bool int8Available()
{
    return fastestEngine().has_value();
}

std::size_t quantizeEncoderInt8(PretrainedEncoderImpl &encoder, bool int8)
{
    torch::NoGradGuard noGrad;
    // Fused query/key/value products first, so those three layers are not quantised twice.
    std::set<const LoraLinearImpl *> fused;
    for (const auto &layer : encoder.encoderLayers())
        for (const auto *projection : layer->fuseInt8Projections(int8))
            fused.insert(projection);
    std::size_t changed = 0;
    for (const auto &module : encoder.modules(/*include_self=*/false)) {
        auto *linear = dynamic_cast<LoraLinearImpl *>(module.get());
        if (!linear)
            continue; // the pooler is a plain Linear: one token a text, nothing to gain
        const bool ownWeights = int8 && !fused.contains(linear);
        linear->useInt8(ownWeights ? std::make_shared<const Int8Linear>(linear->effectiveWeight(), linear->bias)
                                   : nullptr);
        ++changed;
    }
    return changed;
}

} // namespace glossa::core::model
