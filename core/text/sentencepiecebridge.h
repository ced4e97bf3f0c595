#pragma once

#include "text/sentencepiecebridgeapi.h"

#include <filesystem>
#include <string>
#include <vector>

namespace glossa::core::text {

// The dlopen'ed SentencePiece bridge module: loaded once per process, on first use.
struct SentencePieceBridge
{
    decltype(&glossa_spm_train) train = nullptr;
    decltype(&glossa_spm_load) load = nullptr;
    decltype(&glossa_spm_free) free = nullptr;
    decltype(&glossa_spm_piece_count) pieceCount = nullptr;
    decltype(&glossa_spm_special_id) specialId = nullptr;
    decltype(&glossa_spm_piece_to_id) pieceToId = nullptr;
    decltype(&glossa_spm_id_to_piece) idToPiece = nullptr;
    decltype(&glossa_spm_encode_ids) encodeIds = nullptr;
    decltype(&glossa_spm_encode_pieces) encodePieces = nullptr;
    decltype(&glossa_spm_decode_ids) decodeIds = nullptr;
    std::filesystem::path path;

    // Throws Error naming every place it looked when the module cannot be loaded.
    static const SentencePieceBridge &instance();
    // Where the bridge is looked for, in order: $GLOSSA_SPM_BRIDGE, beside the executable,
    // ../lib/glossa from the executable, the build tree, the install prefix.
    static std::vector<std::filesystem::path> searchPaths();
};

} // namespace glossa::core::text
