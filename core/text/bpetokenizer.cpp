#include "text/bpetokenizer.h"

#include "text/unicodetext.h"
#include "util/error.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <queue>
#include <unordered_map>
#include <unordered_set>

namespace glossa::core::text {
namespace {

// Ids index the model's embedding rows; a tokenizer.json with larger ones is not a model's.
constexpr int maxIds = 4'000'000;

bool isContinuationByte(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// A token for a message: its first 40 bytes or so, cut between characters.
std::string quoted(std::string_view token)
{
    auto length = std::min<std::size_t>(token.size(), 40);
    while (length < token.size() && length > 0 && isContinuationByte(token[length]))
        --length;
    return "'" + std::string(token.substr(0, length)) + (length < token.size() ? "...'" : "'");
}

std::uint64_t pairKey(int left, int right)
{
    return (std::uint64_t(std::uint32_t(left)) << 32) | std::uint32_t(right);
}

struct Merge
{
    std::uint32_t rank = 0;
    int merged = 0;
};

// The code point that ends text, or starts it (text is valid UTF-8 and not empty).
char32_t lastCodePoint(std::string_view text)
{
    auto start = text.size() - 1;
    while (start > 0 && isContinuationByte(text[start]))
        --start;
    return decodeUtf8(text.substr(start)).front();
}

char32_t firstCodePoint(std::string_view text)
{
    std::size_t length = 1;
    while (length < text.size() && length < 4 && isContinuationByte(text[length]))
        ++length;
    return decodeUtf8(text.substr(0, length)).front();
}

// Where the run of whitespace that ends text[from, to) starts; where the one at text[from]
// ends.
std::size_t trailingSpaceStart(std::string_view text, std::size_t from, std::size_t to)
{
    while (to > from && isUnicodeWhitespace(lastCodePoint(text.substr(from, to - from)))) {
        --to;
        while (to > from && isContinuationByte(text[to]))
            --to;
    }
    return to;
}

std::size_t leadingSpaceEnd(std::string_view text, std::size_t from)
{
    while (from < text.size() && isUnicodeWhitespace(firstCodePoint(text.substr(from)))) {
        ++from;
        while (from < text.size() && isContinuationByte(text[from]))
            ++from;
    }
    return from;
}

// The added tokens matched in one text (the raw one, or a normalised piece of it), as the
// library's AddedVocabulary::find_matches: at the leftmost position where any starts, the
// longest; the search goes on after it, whether single_word keeps it or not.
class AddedTokenMatcher
{
public:
    struct Cut
    {
        std::size_t start = 0;
        std::size_t end = 0;
        const BpeAddedToken *token = nullptr; // nullptr: text between added tokens
    };

    void add(std::string pattern, const BpeAddedToken *token)
    {
        if (pattern.empty())
            return;
        auto &bucket = m_byFirstByte[static_cast<unsigned char>(pattern.front())];
        bucket.push_back({std::move(pattern), token});
        m_empty = false;
    }

    // After the last add: each bucket longest first, so the first that matches is the longest.
    void prepare()
    {
        for (auto &bucket : m_byFirstByte)
            std::stable_sort(bucket.begin(), bucket.end(),
                             [](const Pattern &a, const Pattern &b) { return a.text.size() > b.text.size(); });
    }

    std::vector<Cut> cuts(std::string_view text) const
    {
        std::vector<Cut> cuts;
        std::size_t done = 0;
        std::size_t at = 0;
        while (!m_empty && at < text.size()) {
            const auto *pattern = longestAt(text, at);
            if (!pattern) {
                ++at;
                continue;
            }
            auto start = at;
            auto end = at + pattern->text.size();
            at = end;
            const auto &token = *pattern->token;
            if (token.singleWord) {
                const bool wordBefore = start > 0 && isRegexWordCharacter(lastCodePoint(text.substr(0, start)));
                const bool wordAfter = end < text.size() && isRegexWordCharacter(firstCodePoint(text.substr(end)));
                if (wordBefore || wordAfter)
                    continue;
            }
            if (token.leftStrip)
                start = trailingSpaceStart(text, done, start);
            if (token.rightStrip)
                at = end = leadingSpaceEnd(text, end);
            if (done < start)
                cuts.push_back({done, start, nullptr});
            cuts.push_back({start, end, &token});
            done = end;
        }
        if (done < text.size())
            cuts.push_back({done, text.size(), nullptr});
        return cuts;
    }

private:
    struct Pattern
    {
        std::string text;
        const BpeAddedToken *token;
    };

    const Pattern *longestAt(std::string_view text, std::size_t at) const
    {
        for (const auto &pattern : m_byFirstByte[static_cast<unsigned char>(text[at])])
            if (text.substr(at).starts_with(pattern.text))
                return &pattern;
        return nullptr;
    }

    std::array<std::vector<Pattern>, 256> m_byFirstByte; // longest first
    bool m_empty = true;
};

} // namespace

struct BpeTokenizer::Impl
{
    BpeSpec spec;
    std::unordered_map<std::string, int> vocab; // the model's
    std::unordered_map<std::string, int> added;
    std::unordered_map<int, std::string> tokens; // by id (ids may leave gaps)
    std::unordered_map<std::uint64_t, Merge> merges;
    std::optional<int> unknownId;
    std::array<int, 256> byteIds{}; // <0xNN>, -1 where the vocabulary has none
    std::unordered_set<int> leftOutOfDecode;
    AddedTokenMatcher raw;
    AddedTokenMatcher normalized;
    int size = 0;

    void readVocab();
    void readMerges();
    void readAddedTokens();
    void tokenizeWord(std::string_view word, std::vector<int> &ids) const;
    void mergeAll(std::vector<int> &symbols) const;
};

void BpeTokenizer::Impl::readVocab()
{
    const auto &model = spec.model;
    vocab.reserve(model.vocab.size());
    std::unordered_map<int, const std::string *> byId;
    for (const auto &[token, id] : model.vocab) {
        if (id < 0 || id >= maxIds)
            throw Error("model.vocab: gives " + quoted(token) + " the id " + std::to_string(id) + ", not one of 0 to "
                        + std::to_string(maxIds - 1));
        if (const auto [other, fresh] = byId.emplace(id, &token); !fresh)
            throw Error("model.vocab: gives " + quoted(token) + " the id " + std::to_string(id) + ", which "
                        + quoted(*other->second) + " has too");
        vocab.emplace(token, id);
        size = std::max(size, id + 1);
    }
    if (model.unknownToken) {
        const auto found = vocab.find(*model.unknownToken);
        if (found == vocab.end())
            throw Error("model.unk_token: is " + quoted(*model.unknownToken) + ", which model.vocab does not hold");
        unknownId = found->second;
    }
    for (unsigned byte = 0; byte < 256; ++byte) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", byte);
        const auto found = vocab.find(name);
        byteIds[byte] = found == vocab.end() ? -1 : found->second;
    }
}

void BpeTokenizer::Impl::readMerges()
{
    const auto &model = spec.model;
    const auto prefixLength = model.continuingSubwordPrefix.size();
    merges.reserve(model.merges.size());
    for (std::size_t rank = 0; rank < model.merges.size(); ++rank) {
        const auto &[left, right] = model.merges[rank];
        const auto where = "model.merges[" + std::to_string(rank) + "]: ";
        const auto leftId = vocab.find(left);
        const auto rightId = vocab.find(right);
        for (const auto &[side, found] : {std::pair{&left, leftId}, {&right, rightId}})
            if (found == vocab.end())
                throw Error(where + "names " + quoted(*side) + ", which model.vocab does not hold");
        // The right token's continuing-subword prefix goes, as the library joins a merge.
        if (right.size() < prefixLength || (prefixLength < right.size() && isContinuationByte(right[prefixLength])))
            throw Error(where + quoted(right) + " does not start with the continuing_subword_prefix");
        const auto joined = left + right.substr(prefixLength);
        const auto mergedId = vocab.find(joined);
        if (mergedId == vocab.end())
            throw Error(where + "joins " + quoted(left) + " and " + quoted(right) + " into " + quoted(joined)
                        + ", which model.vocab does not hold");
        // A pair listed twice keeps its last rank, as the library's map does.
        merges[pairKey(leftId->second, rightId->second)] = {static_cast<std::uint32_t>(rank), mergedId->second};
    }
}

// The ids the library gives added tokens: the vocabulary's for a token it holds, else the
// next after the vocabulary (or after the largest added id beyond it). A file whose ids
// differ is refused rather than read with ids its model was not trained on.
void BpeTokenizer::Impl::readAddedTokens()
{
    const auto vocabularyLength = static_cast<int>(spec.model.vocab.size());
    std::optional<int> largestAdded;
    for (std::size_t i = 0; i < spec.addedTokens.size(); ++i) {
        const auto &token = spec.addedTokens[i];
        const auto where = "added_tokens[" + std::to_string(i) + "]: ";
        if (token.content.empty())
            continue; // the library skips it too
        if (added.contains(token.content))
            throw Error(where + "repeats " + quoted(token.content));
        int expected = vocabularyLength;
        if (const auto found = vocab.find(token.content); found != vocab.end())
            expected = found->second;
        else if (largestAdded && (*largestAdded >= vocabularyLength || vocabularyLength == 0))
            expected = *largestAdded + 1;
        if (token.id != expected)
            throw Error(where + "gives " + quoted(token.content) + " the id " + std::to_string(token.id)
                        + ", but the tokenizers library gives it " + std::to_string(expected)
                        + " (the vocabulary's id, or the next free one)");
        if (expected >= maxIds)
            throw Error(where + "has an id over " + std::to_string(maxIds - 1));
        added.emplace(token.content, expected);
        largestAdded = std::max(largestAdded.value_or(expected), expected);
        size = std::max(size, expected + 1);
        if (token.special)
            leftOutOfDecode.insert(expected);
    }
    for (const auto &token : spec.addedTokens) {
        if (token.content.empty())
            continue;
        if (token.normalized)
            normalized.add(normalize(token.content, spec.normalizers), &token);
        else
            raw.add(token.content, &token);
    }
    raw.prepare();
    normalized.prepare();
}

void BpeTokenizer::Impl::mergeAll(std::vector<int> &symbols) const
{
    struct Candidate
    {
        std::uint32_t rank;
        std::size_t position;
        int merged;
        bool operator>(const Candidate &other) const
        {
            return rank != other.rank ? rank > other.rank : position > other.position;
        }
    };
    const auto count = symbols.size();
    std::vector<std::size_t> next(count);
    std::vector<std::size_t> previous(count);
    std::vector<bool> gone(count, false);
    constexpr auto none = static_cast<std::size_t>(-1);
    for (std::size_t i = 0; i < count; ++i) {
        next[i] = i + 1 < count ? i + 1 : none;
        previous[i] = i > 0 ? i - 1 : none;
    }
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> queue;
    auto offer = [&](std::size_t position) {
        if (position == none || next[position] == none)
            return;
        const auto found = merges.find(pairKey(symbols[position], symbols[next[position]]));
        if (found != merges.end())
            queue.push({found->second.rank, position, found->second.merged});
    };
    for (std::size_t i = 0; i + 1 < count; ++i)
        offer(i);
    while (!queue.empty()) {
        const auto top = queue.top();
        queue.pop();
        const auto position = top.position;
        if (gone[position] || next[position] == none)
            continue;
        // A candidate whose pair has changed since it was offered is stale.
        const auto right = next[position];
        const auto found = merges.find(pairKey(symbols[position], symbols[right]));
        if (found == merges.end() || found->second.rank != top.rank || found->second.merged != top.merged)
            continue;
        symbols[position] = top.merged;
        gone[right] = true;
        next[position] = next[right];
        if (next[position] != none)
            previous[next[position]] = position;
        offer(previous[position]);
        offer(position);
    }
    std::size_t kept = 0;
    for (std::size_t i = 0; i < count; ++i)
        if (!gone[i])
            symbols[kept++] = symbols[i];
    symbols.resize(kept);
}

void BpeTokenizer::Impl::tokenizeWord(std::string_view word, std::vector<int> &ids) const
{
    const auto &model = spec.model;
    if (model.ignoreMerges)
        if (const auto found = vocab.find(std::string(word)); found != vocab.end()) {
            ids.push_back(found->second);
            return;
        }
    const auto points = decodeUtf8(word);
    std::vector<int> symbols;
    symbols.reserve(points.size());
    std::optional<int> pendingUnknown; // the library adds an unknown token when the next known one comes
    for (std::size_t i = 0; i < points.size(); ++i) {
        std::string piece = i > 0 ? model.continuingSubwordPrefix : std::string();
        appendUtf8(piece, points[i]);
        if (i + 1 == points.size())
            piece += model.endOfWordSuffix;
        if (const auto found = vocab.find(piece); found != vocab.end()) {
            if (pendingUnknown)
                symbols.push_back(*std::exchange(pendingUnknown, std::nullopt));
            symbols.push_back(found->second);
            continue;
        }
        if (model.byteFallback && std::all_of(piece.begin(), piece.end(), [&](char c) {
                return byteIds[static_cast<unsigned char>(c)] >= 0;
            })) {
            for (const char c : piece)
                symbols.push_back(byteIds[static_cast<unsigned char>(c)]);
            continue;
        }
        if (!unknownId)
            continue; // no unknown token: the character is dropped
        if (pendingUnknown && !model.fuseUnknown)
            symbols.push_back(*pendingUnknown);
        pendingUnknown = *unknownId;
    }
    if (pendingUnknown)
        symbols.push_back(*pendingUnknown);
    mergeAll(symbols);
    ids.insert(ids.end(), symbols.begin(), symbols.end());
}

BpeTokenizer::BpeTokenizer(std::shared_ptr<const Impl> impl)
    : m_impl(std::move(impl))
{
}

BpeTokenizer BpeTokenizer::fromSpec(BpeSpec spec)
{
    auto impl = std::make_shared<Impl>();
    impl->spec = std::move(spec);
    impl->readVocab();
    impl->readMerges();
    impl->readAddedTokens();
    for (const auto *part : {&impl->spec.prefix, &impl->spec.suffix})
        for (const auto &[token, id] : *part) {
            if (id < 0 || id >= maxIds)
                throw Error("post_processor: gives " + quoted(token) + " the id " + std::to_string(id)
                            + ", not one of 0 to " + std::to_string(maxIds - 1));
            impl->size = std::max(impl->size, id + 1);
            impl->leftOutOfDecode.insert(id);
        }
    for (const auto *map : {&impl->vocab, &impl->added})
        for (const auto &[token, id] : *map)
            impl->tokens[id] = token;
    return BpeTokenizer(std::move(impl));
}

std::vector<int> BpeTokenizer::textIds(std::string_view text) const
{
    const auto &d = *m_impl;
    const auto clean = encodeUtf8(decodeUtf8(text)); // invalid bytes as U+FFFD, as everywhere
    std::vector<int> ids;
    for (const auto &cut : d.raw.cuts(clean)) {
        if (cut.token) {
            ids.push_back(d.added.at(cut.token->content));
            continue;
        }
        const auto normalised =
            normalize(std::string_view(clean).substr(cut.start, cut.end - cut.start), d.spec.normalizers);
        for (const auto &inner : d.normalized.cuts(normalised)) {
            if (inner.token) {
                ids.push_back(d.added.at(inner.token->content));
                continue;
            }
            std::vector<PreToken> piece{
                {normalised.substr(inner.start, inner.end - inner.start), cut.start == 0 && inner.start == 0}};
            for (const auto &word : preTokenize(std::move(piece), d.spec.preTokenizers))
                d.tokenizeWord(word.text, ids);
        }
    }
    return ids;
}

std::vector<int> BpeTokenizer::encode(std::string_view text) const
{
    std::vector<int> ids;
    for (const auto &[token, id] : m_impl->spec.prefix)
        ids.push_back(id);
    const auto inner = textIds(text);
    ids.insert(ids.end(), inner.begin(), inner.end());
    for (const auto &[token, id] : m_impl->spec.suffix)
        ids.push_back(id);
    return ids;
}

std::vector<std::string> BpeTokenizer::encodePieces(std::string_view text) const
{
    std::vector<std::string> pieces;
    for (const int id : textIds(text))
        pieces.push_back(token(id));
    return pieces;
}

std::string BpeTokenizer::decode(std::span<const int> ids) const
{
    const auto &d = *m_impl;
    const auto &model = d.spec.model;
    const bool byteLevel = std::any_of(d.spec.preTokenizers.begin(), d.spec.preTokenizers.end(),
                                       [](const auto &step) { return step.kind == HfPreTokenizer::Kind::ByteLevel; });
    const HfPreTokenizer *metaspace = nullptr;
    for (const auto &step : d.spec.preTokenizers)
        if (step.kind == HfPreTokenizer::Kind::Metaspace)
            metaspace = &step;
    std::string bytes;
    for (const int id : ids) {
        const auto found = d.tokens.find(id);
        if (found == d.tokens.end() || d.leftOutOfDecode.contains(id))
            continue;
        std::string piece = found->second;
        if (d.added.contains(piece)) {
            bytes += piece;
            continue;
        }
        if (const auto byte = std::find(d.byteIds.begin(), d.byteIds.end(), id);
            model.byteFallback && byte != d.byteIds.end()) {
            bytes.push_back(static_cast<char>(byte - d.byteIds.begin()));
            continue;
        }
        if (!model.continuingSubwordPrefix.empty() && piece.starts_with(model.continuingSubwordPrefix))
            piece.erase(0, model.continuingSubwordPrefix.size());
        if (!model.endOfWordSuffix.empty() && piece.ends_with(model.endOfWordSuffix))
            piece.replace(piece.size() - model.endOfWordSuffix.size(), model.endOfWordSuffix.size(), " ");
        if (!byteLevel) {
            bytes += piece;
            continue;
        }
        for (const auto cp : decodeUtf8(piece)) {
            if (const auto byte = byteOfByteLevelCharacter(cp))
                bytes.push_back(static_cast<char>(*byte));
            else
                appendUtf8(bytes, cp);
        }
    }
    if (metaspace) {
        std::string spaced;
        for (std::size_t at = 0; at < bytes.size();) {
            if (bytes.compare(at, metaspace->replacement.size(), metaspace->replacement) == 0) {
                spaced.push_back(' ');
                at += metaspace->replacement.size();
            } else {
                spaced.push_back(bytes[at++]);
            }
        }
        bytes = std::move(spaced);
        if (metaspace->prepend != HfPreTokenizer::Prepend::Never && bytes.starts_with(' '))
            bytes.erase(0, 1);
    }
    return encodeUtf8(decodeUtf8(bytes));
}

int BpeTokenizer::vocabSize() const
{
    return m_impl->size;
}

std::optional<int> BpeTokenizer::idOf(std::string_view token) const
{
    const std::string key(token);
    if (const auto found = m_impl->added.find(key); found != m_impl->added.end())
        return found->second;
    if (const auto found = m_impl->vocab.find(key); found != m_impl->vocab.end())
        return found->second;
    return std::nullopt;
}

const std::string &BpeTokenizer::token(int id) const
{
    static const std::string none;
    const auto found = m_impl->tokens.find(id);
    return found == m_impl->tokens.end() ? none : found->second;
}

const BpeSpec &BpeTokenizer::spec() const
{
    return m_impl->spec;
}

bool BpeTokenizer::isByteLevel() const
{
    const auto &steps = m_impl->spec.preTokenizers;
    return steps.size() == 1 && steps.front().kind == HfPreTokenizer::Kind::ByteLevel && steps.front().useRegex;
}

} // namespace glossa::core::text
