#pragma once

// The narrow C interface of the SentencePiece bridge module (libglossa_spm_bridge.so).
//
// Debian's libsentencepiece carries its own protobuf and crashes any process that also links
// LibTorch (PLATFORM.md, trap 1). So only the bridge links SentencePiece, and the core loads it
// with dlopen(RTLD_LOCAL | RTLD_DEEPBIND), which keeps the two protobufs apart. Nothing but
// plain C types crosses this line; every function reports failure through error_sink and a
// non-zero return, never by aborting.

#include <stddef.h>

#define GLOSSA_SPM_BRIDGE_ABI 1

extern "C" {

// Receives bytes: a serialized model, a piece, decoded text or an error message.
typedef void (*glossa_spm_sink)(void *context, const char *data, size_t size);
typedef void (*glossa_spm_id_sink)(void *context, const int *ids, size_t count);
// Hands out the next training sentence; returns 0 when there are no more.
typedef int (*glossa_spm_next_sentence)(void *context, const char **data, size_t *size);

int glossa_spm_abi_version(void);

// Trains a model. Options are SentencePiece trainer flags as key/value strings
// (model_type, vocab_size, character_coverage, input_sentence_size, ...); "seed" seeds
// SentencePiece's sampler. The serialized model goes to model_sink.
int glossa_spm_train(const char *const *keys, const char *const *values, size_t option_count,
                     glossa_spm_next_sentence next_sentence, void *sentence_context, glossa_spm_sink model_sink,
                     void *model_context, glossa_spm_sink error_sink, void *error_context);

// Loads a model from a serialized proto; returns a handle or NULL.
void *glossa_spm_load(const char *data, size_t size, glossa_spm_sink error_sink, void *error_context);
void glossa_spm_free(void *handle);

int glossa_spm_piece_count(const void *handle);
// which: 0 unk, 1 bos, 2 eos, 3 pad; -1 when the model has none.
int glossa_spm_special_id(const void *handle, int which);
int glossa_spm_piece_to_id(const void *handle, const char *piece, size_t size);
int glossa_spm_id_to_piece(const void *handle, int id, glossa_spm_sink piece_sink, void *context);

int glossa_spm_encode_ids(const void *handle, const char *text, size_t size, glossa_spm_id_sink id_sink, void *context,
                          glossa_spm_sink error_sink, void *error_context);
// Calls piece_sink once per piece.
int glossa_spm_encode_pieces(const void *handle, const char *text, size_t size, glossa_spm_sink piece_sink,
                             void *context, glossa_spm_sink error_sink, void *error_context);
int glossa_spm_decode_ids(const void *handle, const int *ids, size_t count, glossa_spm_sink text_sink, void *context,
                          glossa_spm_sink error_sink, void *error_context);
}
