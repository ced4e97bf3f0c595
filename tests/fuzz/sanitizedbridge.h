#pragma once

// Included by the one source file of a fuzz target that loads the SentencePiece bridge.

#include <dlfcn.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GLOSSA_FUZZ_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define GLOSSA_FUZZ_ASAN 1
#endif

#ifdef GLOSSA_FUZZ_ASAN
// AddressSanitizer refuses dlopen(RTLD_DEEPBIND) and ends the process (google/sanitizers#611).
// The bridge is loaded that way only to keep SentencePiece's protobuf away from LibTorch's
// (PLATFORM.md, trap 1); this process has no LibTorch, so the flag is dropped here and the
// module loads under the sanitizer's own dlopen, its allocations checked like the rest.
extern "C" void *__interceptor_dlopen(const char *file, int flags);
extern "C" void *dlopen(const char *file, int flags)
{
    return __interceptor_dlopen(file, flags & ~RTLD_DEEPBIND);
}
#endif

