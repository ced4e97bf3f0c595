#include "engine/train/inference.h"

#include "engine/train/batching.h"

#include <ATen/autocast_mode.h>
#include <torch/utils.h>

namespace glossa::core::train {
namespace {

constexpr std::size_t inferenceBatchSize = 256;

} // namespace

AutocastScope::AutocastScope(bool enabled, torch::Device device)
    : m_enabled(enabled)
    , m_cuda(device.is_cuda())
{
    if (!m_enabled)
        return;
    if (m_cuda) {
        at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
        at::autocast::set_enabled(true);
    } else {
        at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
        at::autocast::set_cpu_enabled(true);
    }
}

AutocastScope::~AutocastScope()
{
    if (!m_enabled)
        return;
    if (m_cuda)
        at::autocast::set_enabled(false);
    else
        at::autocast::set_cpu_enabled(false);
    at::autocast::clear_cache();
}

torch::Tensor logitsOf(model::TextClassifier &model, const EncodedExamples &examples, bool sequence,
                       torch::Device device, bool mixedPrecision)
{
    const bool wasTraining = model.is_training();
    model.eval();
    torch::NoGradGuard noGrad;
    auto all = torch::empty({static_cast<std::int64_t>(examples.size()), model.classCount()}, torch::kFloat32);
    for (const auto &rows : inferenceBatches(examples, inferenceBatchSize, sequence)) {
        torch::Tensor logits;
        {
            AutocastScope autocast(mixedPrecision, device);
            logits = model.logits(makeBatch(examples, rows, sequence, device));
        }
        const auto index = torch::tensor(std::vector<std::int64_t>(rows.begin(), rows.end()), torch::kInt64);
        all.index_copy_(0, index, logits.to(torch::kFloat32).cpu());
    }
    if (wasTraining)
        model.train();
    return all;
}

} // namespace glossa::core::train
