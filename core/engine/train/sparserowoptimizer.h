#pragma once

#include <torch/types.h>

namespace torch::serialize {
class InputArchive;
class OutputArchive;
} // namespace torch::serialize

namespace glossa::core::train {

// Updates only the rows of a weight that a batch touched, from its sparse gradient: AdamW
// with moments per row (as PyTorch's SparseAdam, with decoupled weight decay on the touched
// rows), or plain SGD. A bag-of-subwords table has hundreds of thousands of rows and a batch
// touches a few thousand, so a dense optimizer would spend its time on rows that did not change.
class SparseRowOptimizer
{
public:
    enum class Kind { AdamW, Sgd };

    SparseRowOptimizer(torch::Tensor weight, Kind kind, double weightDecay);

    void step(double learningRate);
    void zeroGrad();
    // The touched rows' gradient as one dense [rows, dim] block with its row indices, after
    // coalescing; for clipping together with the dense parameters.
    torch::Tensor gradient();

    // The moments and step count, for a resumable checkpoint.
    void save(torch::serialize::OutputArchive &archive) const;
    void load(torch::serialize::InputArchive &archive);

private:
    static bool rowsAscend(const torch::Tensor &grad);
    void stepRowsOnCpu(const torch::Tensor &grad, double learningRate);

    torch::Tensor m_weight;
    Kind m_kind;
    double m_weightDecay;
    torch::Tensor m_firstMoment;
    torch::Tensor m_secondMoment;
    std::int64_t m_steps = 0;
};

} // namespace glossa::core::train
