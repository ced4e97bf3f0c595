#pragma once

#include "text/runtokenizer.h"

#include <filesystem>

namespace glossa::core::model {

// A Hugging Face tokenizer.json (the tokenizers library's format) read as the tokenizer it was
// converted from, for folders that ship no other vocabulary file:
//
// a WordPiece model with BERT's normaliser and pre-tokenizer (multilingual BERT, LaBSE,
// DistilBERT) becomes the WordPieceTokenizer of its vocabulary and options: lower-casing,
// accents and CJK as BertNormalizer says, [CLS] and [SEP] as the post-processor names them;
//
// a Unigram model in XLM-R's layout (<s> <pad> </s> <unk>, the pieces, <mask>) with a
// Precompiled normaliser and Metaspace (XLM-R, multilingual MiniLM and E5, bge-m3) becomes the
// SentencePiece model it was converted from, so it reads as sentencepiece.bpe.model does.
//
// a BPE model (RoBERTa's and GPT-2's byte-level BPE, and others) becomes a BpeTokenizer that
// runs it as the tokenizers library does: its vocabulary and merges (either form), unk_token,
// fuse_unk, byte_fallback, the continuing-subword prefix and end-of-word suffix; NFC, NFD,
// NFKC, NFKD and Lowercase normalisers; ByteLevel, Whitespace, WhitespaceSplit and Metaspace
// pre-tokenizers; added_tokens; a Roberta, Bert or Template post-processor. It keeps the
// file's bytes, which a run keeps and an export writes back.
//
// Anything else (another normaliser, pre-tokenizer or post-processor, BPE dropout, another
// layout) is refused with an Error naming the file and the component or field. The file is
// untrusted: at most 64 MiB and 64 levels deep, every field checked.
text::RunTokenizer readTokenizerJson(const std::filesystem::path &file);

} // namespace glossa::core::model
