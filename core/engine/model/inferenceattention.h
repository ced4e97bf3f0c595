#pragma once

#include <torch/types.h>

#include <cstdint>

namespace glossa::core::model {

// Multi-head scaled dot-product attention for a pass that needs no gradient, on the CPU in
// float32: softmax(q kᵀ · scale + keyBias) v for every head, the heads' results side by side.
// LibTorch's batched matmul multiplies each (text, head) pair's small matrices one call at a
// time: at 20 tokens it took longer than a 384 × 384 linear layer of the same batch. Here one
// parallel loop computes every pair's scores straight from the projections' rows and writes the
// context in [B, L, H] order, so no head is split off, copied or put back.
//
// q, k, v: [B, L, H], each row's H values contiguous (rows may lie further apart, as in views of
// one fused projection); keyBias: [B, L], added to every score of that key (0 for a token, the
// most negative float for padding). Returns [B, L, H], contiguous.
torch::Tensor inferenceAttention(const torch::Tensor &q, const torch::Tensor &k, const torch::Tensor &v,
                                 const torch::Tensor &keyBias, std::int64_t heads, double scale);

// Whether inferenceAttention can stand in for the autograd path on x: no gradient recorded,
// float32 on the CPU, and no attention dropout to apply.
bool canUseInferenceAttention(const torch::Tensor &x, bool dropoutActive);

} // namespace glossa::core::model
