#pragma once

#include "train/logmessage.h"

namespace glossa::core::data {
struct DatasetSnapshot;
}

namespace glossa::core::train {

class Predictor;

// The run's model in int8 against the same model in float32 on the snapshot's labelled dev
// examples (its test examples when dev has none): the representations' mean cosine, the share
// of labels that agree and both macro-F1s. The predictor runs in int8 again afterwards. An
// empty agreement (0 examples) when the snapshot has neither.
QuantizationAgreement measureInt8Agreement(Predictor &predictor, const data::DatasetSnapshot &snapshot);

} // namespace glossa::core::train
