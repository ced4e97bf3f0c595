#include "engine/train/computethreads.h"

#include <torch/utils.h>

#include <algorithm>
#include <dlfcn.h>
#include <thread>

namespace glossa::core::train {
namespace {

// Found at run time: LibTorch reaches OpenBLAS through libblas.so.3, which Debian's
// alternatives may point at the reference BLAS instead, where this symbol does not exist.
void limitBlasThreads()
{
    using SetThreads = void (*)(int);
    if (auto *set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
        set(1);
}

} // namespace

int useComputeThreads(std::int64_t configured)
{
    limitBlasThreads();
    const int logical = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const int threads = configured > 0 ? static_cast<int>(configured) : (logical <= 2 ? 1 : logical / 2);
    if (torch::get_num_threads() != threads)
        torch::set_num_threads(threads);
    return threads;
}

} // namespace glossa::core::train
