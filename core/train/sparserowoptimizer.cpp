#include "train/sparserowoptimizer.h"

#include <torch/torch.h>

#include <cmath>

namespace glossa::core::train {

namespace {
constexpr double beta1 = 0.9;
constexpr double beta2 = 0.999;
constexpr double epsilon = 1e-8;
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
        grad = grad.coalesce();
    return grad;
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
        const auto denominator = (second / std::sqrt(correction2)).add_(epsilon);
        touched.addcdiv_(first, denominator, -learningRate / correction1);
    }
    m_weight.index_copy_(0, rows, touched);
}

} // namespace glossa::core::train
