#include "engine/model/bagmean.h"

#include <torch/csrc/autograd/custom_function.h>
#include <torch/torch.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace glossa::core::model {

namespace {

// The table's gradient for one batch: for row r, the sum over bags b that hold it of
// (occurrences of r in b / size of b) * gradOutput[b]. Empty bags have a mean of zero and pass
// no gradient.
torch::Tensor tableGradient(const torch::Tensor &gradOutput, const torch::Tensor &ids, const torch::Tensor &offsets,
                            std::int64_t tableRows)
{
    const auto grads = gradOutput.contiguous();
    const auto width = grads.size(1);
    const auto *rowIds = ids.data_ptr<std::int64_t>();
    const auto *starts = offsets.data_ptr<std::int64_t>();
    const auto idCount = ids.size(0);
    const auto bagCount = offsets.size(0);

    constexpr std::int32_t unmarked = -1;
    std::vector<std::int32_t> slotOfRow(static_cast<std::size_t>(tableRows), unmarked);
    std::vector<std::int64_t> rows;
    rows.reserve(static_cast<std::size_t>(idCount));
    for (std::int64_t i = 0; i < idCount; ++i) {
        auto &slot = slotOfRow[static_cast<std::size_t>(rowIds[i])];
        if (slot == unmarked) {
            slot = 0;
            rows.push_back(rowIds[i]);
        }
    }
    std::sort(rows.begin(), rows.end());
    for (std::size_t k = 0; k < rows.size(); ++k)
        slotOfRow[static_cast<std::size_t>(rows[k])] = static_cast<std::int32_t>(k);

    const auto rowCount = static_cast<std::int64_t>(rows.size());
    auto values = torch::zeros({rowCount, width}, grads.options());
    auto *sums = values.data_ptr<float>();
    const auto *bagGrads = grads.data_ptr<float>();
    for (std::int64_t b = 0; b < bagCount; ++b) {
        const auto first = starts[b];
        const auto last = b + 1 < bagCount ? starts[b + 1] : idCount;
        if (last <= first)
            continue;
        const auto share = 1.0f / static_cast<float>(last - first);
        const float *bagGrad = bagGrads + b * width;
        for (auto i = first; i < last; ++i) {
            float *sum = sums + static_cast<std::int64_t>(slotOfRow[static_cast<std::size_t>(rowIds[i])]) * width;
            for (std::int64_t d = 0; d < width; ++d)
                sum[d] += share * bagGrad[d];
        }
    }
    auto indices = torch::from_blob(rows.data(), {1, rowCount}, torch::kInt64).clone();
    return torch::_sparse_coo_tensor_unsafe(indices, values, {tableRows, width}, grads.options().layout(torch::kSparse))
        ._coalesced_(true);
}

struct BagMeanFunction : public torch::autograd::Function<BagMeanFunction>
{
    static torch::Tensor forward(torch::autograd::AutogradContext *context, const torch::Tensor &table,
                                 const torch::Tensor &ids, const torch::Tensor &offsets)
    {
        context->save_for_backward({ids, offsets});
        context->saved_data["rows"] = table.size(0);
        return std::get<0>(torch::embedding_bag(table, ids, offsets, false, /*mode mean*/ 1));
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *context,
                                                   torch::autograd::variable_list gradOutputs)
    {
        const auto saved = context->get_saved_variables();
        const auto rows = context->saved_data["rows"].toInt();
        return {tableGradient(gradOutputs[0], saved[0], saved[1], rows), torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

torch::Tensor bagMean(const torch::Tensor &table, const torch::Tensor &ids, const torch::Tensor &offsets)
{
    return BagMeanFunction::apply(table, ids.contiguous(), offsets.contiguous());
}

void fillUniform(torch::Tensor &tensor, double low, double high)
{
    // splitmix64: tiny, fast and well mixed; two 24-bit draws per 64-bit step.
    auto state = static_cast<std::uint64_t>(
        torch::randint(std::numeric_limits<std::int64_t>::max(), {1}, torch::kInt64).item<std::int64_t>());
    auto next = [&state] {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    };
    const auto span = static_cast<float>(high - low);
    const auto base = static_cast<float>(low);
    constexpr float unit = 1.0f / 16777216.0f; // 2^-24
    auto *values = tensor.data_ptr<float>();
    const auto count = tensor.numel();
    for (std::int64_t i = 0; i < count; i += 2) {
        const auto bits = next();
        values[i] = base + span * (static_cast<float>(bits >> 40) * unit);
        if (i + 1 < count)
            values[i + 1] = base + span * (static_cast<float>((bits >> 16) & 0xffffff) * unit);
    }
}

} // namespace glossa::core::model
