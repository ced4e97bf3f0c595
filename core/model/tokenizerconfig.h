#pragma once

#include "text/wordpiecetokenizer.h"

#include <filesystem>

namespace glossa::core::model {

// A BERT-family folder's tokenizer_config.json, as far as WordPiece reads it: do_lower_case,
// strip_accents, tokenize_chinese_chars, and the special tokens (unk_token, cls_token,
// sep_token, pad_token, mask_token; a string, or an object whose "content" is the string, as
// transformers writes an AddedToken). An absent file or field keeps BertTokenizer's default.
// The file is untrusted: at most 1 MiB and 16 levels deep, every field of its expected type,
// else an Error naming the file and the field.
text::WordPieceOptions readWordPieceOptions(const std::filesystem::path &folder);
// The same from a tokenizer_config.json anywhere (a run keeps its model's as an artefact).
text::WordPieceOptions readWordPieceOptionsFile(const std::filesystem::path &file);

} // namespace glossa::core::model
