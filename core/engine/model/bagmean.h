#pragma once

#include <torch/types.h>

namespace glossa::core::model {

// The mean of each bag's rows of an embedding table, as torch::embedding_bag in mean mode, with
// a backward pass written for the bag-of-subwords model on CPU: it gives the table's gradient
// already coalesced (each touched row once, sorted), summing straight from the bags' [B, D]
// gradient. LibTorch's own backward first writes one gradient row per occurrence (megabytes per
// batch) and then needs a sort to merge them; that was a quarter of a demo run's training time.
//
// ids: [N] int64, every bag's rows one after another; offsets: [B] int64, where each bag starts.
// For a float32 table on the CPU only; elsewhere, and without gradients, use embedding_bag.
torch::Tensor bagMean(const torch::Tensor &table, const torch::Tensor &ids, const torch::Tensor &offsets);

// Fills a float32 CPU tensor with uniform values in [low, high), drawing its seed from
// LibTorch's default generator, so torch::manual_seed fixes it as it fixes uniform_. About
// twenty times faster than uniform_, which a table of millions of entries notices.
void fillUniform(torch::Tensor &tensor, double low, double high);

} // namespace glossa::core::model
