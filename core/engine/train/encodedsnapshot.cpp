#include "engine/train/encodedsnapshot.h"

#include "data/snapshot.h"

namespace glossa::core::train {

EncodedSnapshot::EncodedSnapshot(std::span<const data::SnapshotExample *const> examples, const ModelInput &input,
                                 const text::Tokenizer &tokenizer)
    : m_input(input)
    , m_encoded(std::make_shared<const EncodedInputs>(encodeInputs(examples, input, tokenizer)))
{
    m_rowOfId.reserve(examples.size());
    for (std::size_t row = 0; row < examples.size(); ++row)
        m_rowOfId.emplace(examples[row]->id, row);
}

std::optional<EncodedExamples> EncodedSnapshot::select(std::span<const data::SnapshotExample *const> examples,
                                                       const ModelInput &input) const
{
    if (!(input == m_input))
        return std::nullopt;
    EncodedExamples out;
    out.encoded = m_encoded;
    out.rows.reserve(examples.size());
    out.labels.reserve(examples.size());
    out.languages.reserve(examples.size());
    for (const auto *example : examples) {
        const auto row = m_rowOfId.find(example->id);
        if (row == m_rowOfId.end())
            return std::nullopt;
        out.rows.push_back(row->second);
        out.labels.push_back(example->label);
        out.languages.push_back(example->lang);
    }
    return out;
}

EncodedExamples encodeExamples(std::span<const data::SnapshotExample *const> examples, const ModelInput &input,
                               const text::Tokenizer &tokenizer, const EncodedSnapshot *encoded)
{
    if (encoded)
        if (auto known = encoded->select(examples, input))
            return std::move(*known);
    return encodeExamples(examples, input, tokenizer);
}

} // namespace glossa::core::train
