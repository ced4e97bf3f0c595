#include "util/allocator.h"

#include <malloc.h>

#include <mutex>

namespace glossa::core {

void keepFreedMemoryForReuse()
{
    static std::once_flag once;
    std::call_once(once, [] {
        mallopt(M_MMAP_THRESHOLD, 32 << 20); // glibc's largest: bigger blocks are always mapped
        mallopt(M_TRIM_THRESHOLD, 256 << 20);
        mallopt(M_TOP_PAD, 16 << 20);
    });
}

} // namespace glossa::core
