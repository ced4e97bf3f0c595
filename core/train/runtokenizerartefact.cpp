#include "train/runtokenizerartefact.h"

#include "model/foldervocabulary.h"
#include "store/runstore.h"

namespace glossa::core::train {

text::RunTokenizer loadRunTokenizer(store::RunStore &runs, const store::RunInfo &run)
{
    const auto tokenizer = runs.requireRunArtefact(run, tokenizerRole);
    if (tokenizer.kind == bpeTokenizerArtefactKind)
        return model::loadVocabulary({model::VocabularyFormat::TokenizerJson, tokenizer.path, {}});
    if (tokenizer.kind != wordPieceArtefactKind)
        return text::SentencePieceTokenizer::load(tokenizer.path);
    model::FolderVocabulary vocabulary{model::VocabularyFormat::WordPiece, tokenizer.path, {}};
    if (runs.runArtefact(run.id, tokenizerConfigRole))
        vocabulary.tokenizerConfig = runs.requireRunArtefact(run, tokenizerConfigRole).path;
    return model::loadVocabulary(vocabulary);
}

} // namespace glossa::core::train
