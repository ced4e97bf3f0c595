#include "engine/train/classweights.h"

#include <cmath>
#include <vector>

namespace glossa::core::train {

torch::Tensor classWeightsFor(std::span<const int> labels, int classes, ClassWeighting weighting)
{
    if (weighting == ClassWeighting::None)
        return {};
    std::vector<double> counts(static_cast<std::size_t>(classes), 0.0);
    for (const int label : labels)
        counts[static_cast<std::size_t>(label)] += 1;
    std::vector<float> weights;
    for (const double count : counts) {
        const double inverse = count > 0 ? static_cast<double>(labels.size()) / (classes * count) : 0.0;
        weights.push_back(static_cast<float>(weighting == ClassWeighting::Sqrt ? std::sqrt(inverse) : inverse));
    }
    return torch::tensor(weights);
}

} // namespace glossa::core::train
