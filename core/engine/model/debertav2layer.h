#pragma once

#include "engine/model/bertlayer.h"

#include <memory>

namespace glossa::core::model {

// query - key for every pair of L positions, as DeBERTa-v2's build_relative_position gives
// them: beyond buckets / 2 the distance is log-bucketed so that maxDistance lands on the last of
// the buckets / 2 rows each side (make_log_bucket_position, in float32 as transformers computes
// it); no buckets (<= 0) leaves it as it is. [L, L] int64.
torch::Tensor relativePositionBuckets(std::int64_t length, std::int64_t buckets, std::int64_t maxDistance);

// A DeBERTa-v2 layer as transformers computes it (modeling_deberta_v2.py's DebertaV2Layer),
// under its names: attention.self.{query_proj, key_proj, value_proj} (and pos_key_proj /
// pos_query_proj when keys are not shared), attention.output, intermediate, output, the latter
// three BERT's.
//
// Disentangled attention: the content-to-content score q.k is joined by content-to-position,
// q_i . Kr[delta(i, j)], and position-to-content, k_j . Qr[delta(j, i)], where Kr and Qr are the
// relative position table projected by the key and query projections (or their own) and delta
// the bucketed distance shifted into the table's 2 x span rows; each term is divided by
// sqrt(head size x the number of terms). Scores of pairs with padding on either side are
// masked, and those rows' probabilities zeroed (XSoftmax).
class DebertaV2Layer final : public EncoderLayer
{
public:
    explicit DebertaV2Layer(const HfEncoderConfig &config);

    torch::Tensor forward(const torch::Tensor &x, const LayerInputs &inputs) override;

private:
    struct SelfAttention;
    struct Attention;

    torch::Tensor disentangledBias(const torch::Tensor &query, const torch::Tensor &key, const LayerInputs &inputs,
                                   double scale);

    HfEncoderConfig m_config;
    std::shared_ptr<Attention> m_attention;
    std::shared_ptr<BertIntermediate> m_intermediate;
    std::shared_ptr<BertDenseNorm> m_output;
};

} // namespace glossa::core::model
