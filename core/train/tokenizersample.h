#pragma once

#include "data/snapshot.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace glossa::core::train {

// At most `limit` of the texts, for training a tokenizer, shared out evenly across their
// languages: a language with no more than its share gives all its texts, and what it leaves of
// its share goes to the others, until the limit is reached. Within a language a shuffle seeded
// by `seed` picks them. SentencePiece's own sampling draws from the whole, so a language with a
// fiftieth of the rows would get a fiftieth of the pieces. With `limit` texts or fewer, all of
// them, in their order; otherwise the sample keeps the texts' relative order.
std::vector<const data::SnapshotExample *>
languageBalancedSample(const std::vector<const data::SnapshotExample *> &texts, std::size_t limit, std::uint64_t seed);

} // namespace glossa::core::train
