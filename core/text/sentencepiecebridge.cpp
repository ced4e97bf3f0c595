#include "text/sentencepiecebridge.h"

#include "util/error.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>
#include <stdexcept>

namespace glossa::core::text {
namespace {

constexpr const char *moduleName = "libglossa_spm_bridge.so";

std::filesystem::path executableDir()
{
    std::error_code error;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
    return error ? std::filesystem::path() : exe.parent_path();
}

#if (defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)) && !defined(__clang__)
// AddressSanitizer and ThreadSanitizer end the process when dlopen is asked for RTLD_DEEPBIND
// (google/sanitizers#611): a library bound deep would find libc's malloc, pthread and string
// functions before the sanitizer's. Dropping the flag is no way out: LibTorch's protobuf would
// then come before SentencePiece's own copy (PLATFORM.md, trap 1). But a sanitizer build links
// the bridge with the sanitizer runtime as its first dependency, so within the bridge's own
// lookup scope the runtime's malloc and friends still come before libc's and the worry does not
// apply. So sanitizer builds keep RTLD_DEEPBIND and call glibc's dlopen past the interceptor;
// the runtime finds the module later by itself (symbolizer, leak checker), and scripts/sanitize.sh
// checks that the bridge's first dependency is the runtime. Tried with LibTorch loaded: this way
// trains and encodes without a report under ASan+UBSan and TSan; without RTLD_DEEPBIND
// SentencePiece aborts ("compiled against version 3.14.0 of the Protocol Buffer runtime").
// GCC only: clang links the runtime into the executable, not into the bridge, so there the
// bridge would find libc's malloc (the clang fuzz build has no LibTorch and drops the flag).
void *openModule(const char *path, int flags)
{
    using DlopenFunction = void *(*)(const char *, int);
    static const auto libcDlopen = [] {
        void *libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
        return libc ? reinterpret_cast<DlopenFunction>(dlsym(libc, "dlopen")) : nullptr;
    }();
    // Without glibc's own dlopen (before glibc 2.34) the sanitizer gets the call and says why.
    return libcDlopen ? libcDlopen(path, flags) : dlopen(path, flags);
}
#else
void *openModule(const char *path, int flags)
{
    return dlopen(path, flags);
}
#endif

template <typename Function> void resolve(void *module, const char *name, Function &out)
{
    out = reinterpret_cast<Function>(dlsym(module, name));
    if (!out)
        throw Error(std::string("the SentencePiece bridge lacks ") + name + "; rebuild Glossa");
}

SentencePieceBridge loadBridge()
{
    std::string tried;
    for (const auto &candidate : SentencePieceBridge::searchPaths()) {
        if (candidate.empty() || !std::filesystem::exists(candidate)) {
            tried += "\n  " + candidate.string() + " (missing)";
            continue;
        }
        // RTLD_DEEPBIND: the module resolves protobuf against its own copy first, not
        // LibTorch's (PLATFORM.md, trap 1).
        void *module = openModule(candidate.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
        if (!module) {
            tried += "\n  " + candidate.string() + " (" + dlerror() + ")";
            continue;
        }
        using AbiVersion = int (*)();
        auto abi = reinterpret_cast<AbiVersion>(dlsym(module, "glossa_spm_abi_version"));
        if (!abi || abi() != GLOSSA_SPM_BRIDGE_ABI) {
            tried += "\n  " + candidate.string() + " (built for another version of Glossa)";
            dlclose(module);
            continue;
        }
        SentencePieceBridge bridge;
        bridge.path = candidate;
        resolve(module, "glossa_spm_train", bridge.train);
        resolve(module, "glossa_spm_load", bridge.load);
        resolve(module, "glossa_spm_free", bridge.free);
        resolve(module, "glossa_spm_piece_count", bridge.pieceCount);
        resolve(module, "glossa_spm_special_id", bridge.specialId);
        resolve(module, "glossa_spm_piece_to_id", bridge.pieceToId);
        resolve(module, "glossa_spm_id_to_piece", bridge.idToPiece);
        resolve(module, "glossa_spm_encode_ids", bridge.encodeIds);
        resolve(module, "glossa_spm_encode_pieces", bridge.encodePieces);
        resolve(module, "glossa_spm_decode_ids", bridge.decodeIds);
        return bridge; // the module stays loaded for the life of the process
    }
    throw Error("the SentencePiece bridge (" + std::string(moduleName) + ") was not found; looked in:" + tried);
}

} // namespace

std::vector<std::filesystem::path> SentencePieceBridge::searchPaths()
{
    std::vector<std::filesystem::path> paths;
    if (const char *explicitPath = std::getenv("GLOSSA_SPM_BRIDGE"))
        paths.emplace_back(explicitPath);
    const auto exeDir = executableDir();
    if (!exeDir.empty()) {
        paths.push_back(exeDir / moduleName);
        paths.push_back(exeDir.parent_path() / "lib" / "glossa" / moduleName);
    }
    paths.emplace_back(GLOSSA_SPM_BRIDGE_BUILD_PATH);
    paths.emplace_back(GLOSSA_SPM_BRIDGE_INSTALL_PATH);
    return paths;
}

const SentencePieceBridge &SentencePieceBridge::instance()
{
    // Not a function-local static object: a failed load must be retried with the error
    // thrown each time, not leave a half-built bridge behind.
    static std::mutex mutex;
    static std::unique_ptr<SentencePieceBridge> bridge;
    std::lock_guard lock(mutex);
    if (!bridge)
        bridge = std::make_unique<SentencePieceBridge>(loadBridge());
    return *bridge;
}

} // namespace glossa::core::text
