#pragma once

#include <cstdint>

namespace glossa::core::train {

// Sets the threads tensor operations use on this process: `configured` when above 0, else a
// choice measured to be fast. On a two-vCPU machine one thread trains the bag model 3.2x and
// the transformer 3x faster than two (the threads only fight over the core and its cache), so
// small machines get one, larger ones half their logical cores (the rest hyper-threads, the
// UI, the tokenizer). OpenBLAS, when it is the BLAS, gets one thread of its own: LibTorch
// already splits the work, and two pools on the same cores thrash.
// Returns the thread count chosen.
int useComputeThreads(std::int64_t configured);

} // namespace glossa::core::train
