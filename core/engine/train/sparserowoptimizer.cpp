#include "engine/train/sparserowoptimizer.h"

#include "util/error.h"

#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>
#include <torch/torch.h>

#include <cmath>
#include <initializer_list>

namespace glossa::core::train {

namespace {
constexpr double beta1 = 0.9;
constexpr double beta2 = 0.999;
constexpr double epsilon = 1e-8;

constexpr std::int64_t prefetchDistance = 4;

void prefetchRow(std::int64_t offset, std::int64_t width, std::initializer_list<float *> tables)
{
    constexpr std::int64_t floatsPerCacheLine = 16;
    for (float *table : tables)
        for (std::int64_t d = 0; d < width; d += floatsPerCacheLine)
            __builtin_prefetch(table + offset + d, 1);
}
} // namespace

SparseRowOptimizer::SparseRowOptimizer(torch::Tensor weight, Kind kind, double weightDecay)
    : m_weight(std::move(weight))
    , m_kind(kind)
    , m_weightDecay(weightDecay)
{
    if (m_kind == Kind::AdamW) {
        m_firstMoment = torch::zeros_like(m_weight);
        m_secondMoment = torch::zeros_like(m_weight);
    }
}

torch::Tensor SparseRowOptimizer::gradient()
{
    auto &grad = m_weight.mutable_grad();
    if (grad.defined() && grad.is_sparse() && !grad.is_coalesced())
        grad = rowsAscend(grad) ? grad._coalesced_(true) : grad.coalesce();
    return grad;
}

// Autograd hands a leaf its sparse gradient without the "coalesced" mark, even when the
// backward made it so (the bag model's does): one look at the rows spares a sort and a merge.
bool SparseRowOptimizer::rowsAscend(const torch::Tensor &grad)
{
    if (!grad.is_cpu() || grad.sparse_dim() != 1)
        return false;
    const auto rows = grad._indices()[0].contiguous();
    const auto *row = rows.data_ptr<std::int64_t>();
    for (std::int64_t i = 1; i < rows.size(0); ++i)
        if (row[i] <= row[i - 1])
            return false;
    return true;
}

void SparseRowOptimizer::zeroGrad()
{
    m_weight.mutable_grad() = torch::Tensor();
}

void SparseRowOptimizer::step(double learningRate)
{
    const auto grad = gradient();
    if (!grad.defined())
        return;
    torch::NoGradGuard noGrad;
    if (grad.is_sparse() && m_weight.is_cpu() && m_weight.scalar_type() == torch::kFloat32
        && m_weight.is_contiguous()) {
        stepRowsOnCpu(grad, learningRate);
        return;
    }
    const auto rows =
        grad.is_sparse() ? grad.indices()[0] : torch::arange(m_weight.size(0), m_weight.options().dtype(torch::kLong));
    const auto values = grad.is_sparse() ? grad.values() : grad;
    auto touched = m_weight.index_select(0, rows);
    if (m_weightDecay > 0)
        touched.mul_(1.0 - learningRate * m_weightDecay);
    if (m_kind == Kind::Sgd) {
        touched.add_(values, -learningRate);
    } else {
        ++m_steps;
        auto first = m_firstMoment.index_select(0, rows).mul_(beta1).add_(values, 1.0 - beta1);
        auto second = m_secondMoment.index_select(0, rows).mul_(beta2).addcmul_(values, values, 1.0 - beta2);
        m_firstMoment.index_copy_(0, rows, first);
        m_secondMoment.index_copy_(0, rows, second);
        const double correction1 = 1.0 - std::pow(beta1, static_cast<double>(m_steps));
        const double correction2 = 1.0 - std::pow(beta2, static_cast<double>(m_steps));
        const auto denominator = (second.sqrt() / std::sqrt(correction2)).add_(epsilon);
        touched.addcdiv_(first, denominator, -learningRate / correction1);
    }
    m_weight.index_copy_(0, rows, touched);
}

// The same update in one pass over the touched rows, in place: the tensor version above makes
// a dozen row-sized temporaries per step, which was most of a bag model's training time.
void SparseRowOptimizer::stepRowsOnCpu(const torch::Tensor &grad, double learningRate)
{
    const auto rows = grad._indices()[0].contiguous();
    const auto values = grad._values().contiguous();
    const auto width = m_weight.size(1);
    const auto *rowIds = rows.data_ptr<std::int64_t>();
    const auto *gradients = values.data_ptr<float>();
    auto *weights = m_weight.data_ptr<float>();
    const auto decay = static_cast<float>(1.0 - learningRate * m_weightDecay);
    if (m_kind == Kind::Sgd) {
        const auto rate = static_cast<float>(learningRate);
        for (std::int64_t i = 0; i < rows.size(0); ++i) {
            float *w = weights + rowIds[i] * width;
            const float *g = gradients + i * width;
            for (std::int64_t d = 0; d < width; ++d)
                w[d] = w[d] * decay - rate * g[d];
        }
        return;
    }
    ++m_steps;
    auto *firstMoments = m_firstMoment.data_ptr<float>();
    auto *secondMoments = m_secondMoment.data_ptr<float>();
    const auto stepSize = static_cast<float>(learningRate / (1.0 - std::pow(beta1, static_cast<double>(m_steps))));
    const auto rootCorrection2 =
        static_cast<float>(1.0 / std::sqrt(1.0 - std::pow(beta2, static_cast<double>(m_steps))));
    const auto b1 = static_cast<float>(beta1);
    const auto b2 = static_cast<float>(beta2);
    const auto eps = static_cast<float>(epsilon);
    const auto rowCount = rows.size(0);
    for (std::int64_t i = 0; i < rowCount; ++i) {
        // The touched rows are scattered over tables of tens of MB, so the loop waits on memory;
        // fetching a later row's three slices while this one is updated hides most of that.
        if (i + prefetchDistance < rowCount)
            prefetchRow(rowIds[i + prefetchDistance] * width, width, {weights, firstMoments, secondMoments});
        const auto offset = rowIds[i] * width;
        float *w = weights + offset;
        float *m = firstMoments + offset;
        float *v = secondMoments + offset;
        const float *g = gradients + i * width;
        for (std::int64_t d = 0; d < width; ++d) {
            m[d] = b1 * m[d] + (1.0f - b1) * g[d];
            v[d] = b2 * v[d] + (1.0f - b2) * g[d] * g[d];
            w[d] = w[d] * decay - stepSize * m[d] / (std::sqrt(v[d]) * rootCorrection2 + eps);
        }
    }
}

void SparseRowOptimizer::save(torch::serialize::OutputArchive &archive) const
{
    archive.write("steps", torch::tensor(m_steps, torch::kInt64));
    if (m_kind == Kind::AdamW) {
        archive.write("first_moment", m_firstMoment.cpu());
        archive.write("second_moment", m_secondMoment.cpu());
    }
}

void SparseRowOptimizer::load(torch::serialize::InputArchive &archive)
{
    torch::Tensor steps;
    archive.read("steps", steps);
    if (m_kind == Kind::AdamW) {
        torch::Tensor first;
        torch::Tensor second;
        archive.read("first_moment", first);
        archive.read("second_moment", second);
        if (first.sizes() != m_firstMoment.sizes() || second.sizes() != m_secondMoment.sizes())
            throw Error("the checkpoint's optimizer state does not fit this model");
        torch::NoGradGuard noGrad;
        m_firstMoment.copy_(first);
        m_secondMoment.copy_(second);
    }
    m_steps = steps.item<std::int64_t>();
}

} // namespace glossa::core::train
