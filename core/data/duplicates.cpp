#include "data/duplicates.h"

#include "data/minhash.h"
#include "text/comparabletext.h"
#include "util/error.h"

#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <numeric>
#include <optional>
#include <tuple>
#include <unordered_map>

namespace glossa::core::data {
namespace {

struct KeyHash
{
    size_t operator()(const XXH128_hash_t &key) const { return static_cast<size_t>(key.low64); }
};
struct KeyEqual
{
    bool operator()(const XXH128_hash_t &a, const XXH128_hash_t &b) const { return XXH128_isEqual(a, b) != 0; }
};

class UnionFind
{
public:
    explicit UnionFind(size_t size)
        : m_parent(size)
    {
        std::iota(m_parent.begin(), m_parent.end(), 0u);
    }
    std::uint32_t find(std::uint32_t x)
    {
        while (m_parent[x] != x) {
            m_parent[x] = m_parent[m_parent[x]];
            x = m_parent[x];
        }
        return x;
    }
    // The smaller root stays, so roots do not depend on the order links are found in.
    void join(std::uint32_t a, std::uint32_t b)
    {
        a = find(a);
        b = find(b);
        if (a != b)
            m_parent[std::max(a, b)] = std::min(a, b);
    }

private:
    std::vector<std::uint32_t> m_parent;
};

// The examples grouped by comparable text: groupOf[i] for each example, first[g] the example
// that opened group g.
struct ExactGroups
{
    std::vector<std::uint32_t> groupOf;
    std::vector<std::uint32_t> first;
    std::vector<std::uint32_t> size;
    // With near-duplicates asked for: each group's MinHash signature, and whether its text had
    // no shingle at all (an empty text, which matches nothing near).
    std::vector<std::uint32_t> signatures;
    std::vector<bool> empty;
};

void validate(const DuplicateOptions &options)
{
    if (!(options.nearThreshold > 0.0 && options.nearThreshold <= 1.0))
        throw Error("the near-duplicate threshold is a Jaccard similarity above 0 and at most 1 (got "
                    + std::to_string(options.nearThreshold) + ")");
    if (options.shingleChars < 1 || options.bands < 1 || options.rowsPerBand < 1 || options.bucketNeighbours < 1)
        throw Error("duplicate detection needs n-grams, bands, rows per band and bucket neighbours of at least 1");
}

int splitOrder(Split split)
{
    return split == Split::Train ? 0 : split == Split::Dev ? 1 : 2;
}

// Finds near-duplicate pairs between exact groups and joins them in links.
class NearSearch
{
public:
    NearSearch(const DatasetSnapshot &snapshot, const ExactGroups &groups, const DuplicateOptions &options)
        : m_snapshot(snapshot)
        , m_groups(groups)
        , m_options(options)
        , m_width(static_cast<size_t>(options.bands * options.rowsPerBand))
    {
    }

    bool run(UnionFind &links, const std::stop_token &stop)
    {
        for (int band = 0; band < m_options.bands; ++band) {
            if (stop.stop_requested())
                return false;
            compareBand(band, links);
        }
        return true;
    }

private:
    std::vector<std::uint64_t> shingles(std::uint32_t group) const
    {
        const auto &text = m_snapshot.examples[m_groups.first[group]].text;
        return shingleHashes(text::comparableText(text), m_options.shingleChars);
    }

    std::span<const std::uint32_t> signature(std::uint32_t group) const
    {
        return {m_groups.signatures.data() + group * m_width, m_width};
    }

    // Texts whose band of the signature agrees land in one bucket (one run of the sorted keys).
    void compareBand(int band, UnionFind &links)
    {
        const size_t rows = static_cast<size_t>(m_options.rowsPerBand);
        std::vector<std::pair<std::uint64_t, std::uint32_t>> keys;
        keys.reserve(m_groups.first.size());
        for (std::uint32_t g = 0; g < m_groups.first.size(); ++g)
            if (!m_groups.empty[g])
                keys.emplace_back(
                    XXH3_64bits(signature(g).data() + static_cast<size_t>(band) * rows, rows * sizeof(std::uint32_t)),
                    g);
        std::sort(keys.begin(), keys.end());
        const size_t neighbours = static_cast<size_t>(m_options.bucketNeighbours);
        for (size_t start = 0; start < keys.size();) {
            size_t end = start + 1;
            while (end < keys.size() && keys[end].first == keys[start].first)
                ++end;
            for (size_t i = start; i < end; ++i)
                for (size_t j = i + 1; j < end && j <= i + neighbours; ++j)
                    compare(keys[i].second, keys[j].second, links);
            start = end;
        }
    }

    void compare(std::uint32_t a, std::uint32_t b, UnionFind &links)
    {
        if (links.find(a) == links.find(b))
            return; // joined already, through this pair or others
        // The estimate's standard error is under 0.07 at 64 values: a pair well below the
        // threshold is not worth the exact comparison.
        if (MinHasher::estimate(signature(a), signature(b)) < m_options.nearThreshold - 0.2)
            return;
        if (jaccard(shingles(a), shingles(b)) >= m_options.nearThreshold)
            links.join(a, b);
    }

    const DatasetSnapshot &m_snapshot;
    const ExactGroups &m_groups;
    const DuplicateOptions &m_options;
    size_t m_width;
};

// One pass over the texts: each is normalised once, and a new text is signed at once.
ExactGroups groupExactly(const DatasetSnapshot &snapshot, const DuplicateOptions &options, const std::stop_token &stop)
{
    std::optional<MinHasher> hasher;
    if (!options.exactOnly)
        hasher.emplace(options.bands * options.rowsPerBand, options.seed);
    const size_t width = hasher ? static_cast<size_t>(hasher->size()) : 0;
    ExactGroups groups;
    groups.groupOf.resize(snapshot.examples.size());
    std::unordered_map<XXH128_hash_t, std::uint32_t, KeyHash, KeyEqual> byKey;
    byKey.reserve(snapshot.examples.size());
    for (size_t i = 0; i < snapshot.examples.size(); ++i) {
        if ((i & 1023u) == 0 && stop.stop_requested())
            return {};
        const auto comparable = text::comparableText(snapshot.examples[i].text);
        const auto key = XXH3_128bits(comparable.data(), comparable.size());
        const auto [it, added] = byKey.try_emplace(key, static_cast<std::uint32_t>(groups.first.size()));
        if (added) {
            groups.first.push_back(static_cast<std::uint32_t>(i));
            groups.size.push_back(0);
            if (hasher) {
                const auto shingles = shingleHashes(comparable, options.shingleChars);
                groups.empty.push_back(shingles.empty());
                groups.signatures.resize(groups.signatures.size() + width);
                hasher->signature(shingles, groups.signatures.data() + groups.signatures.size() - width);
            }
        }
        groups.groupOf[i] = it->second;
        ++groups.size[it->second];
    }
    return groups;
}

DuplicateCluster makeCluster(const DatasetSnapshot &snapshot, const ExactGroups &groups,
                             std::vector<std::uint32_t> rows, const DuplicateOptions &options)
{
    std::sort(rows.begin(), rows.end(), [&](std::uint32_t a, std::uint32_t b) {
        const auto &x = snapshot.examples[a];
        const auto &y = snapshot.examples[b];
        return std::pair(splitOrder(x.split), x.id) < std::pair(splitOrder(y.split), y.id);
    });
    DuplicateCluster cluster;
    std::unordered_map<std::uint32_t, int> localGroup;
    std::unordered_map<std::uint32_t, double> similarity;
    const std::uint32_t firstGroup = groups.groupOf[rows.front()];
    std::optional<std::vector<std::uint64_t>> firstShingles; // read once a member differs
    for (const auto row : rows) {
        const auto &example = snapshot.examples[row];
        const auto group = groups.groupOf[row];
        const auto [it, added] = localGroup.try_emplace(group, static_cast<int>(localGroup.size()));
        if (added && group != firstGroup) {
            if (!firstShingles)
                firstShingles =
                    shingleHashes(text::comparableText(snapshot.examples[rows.front()].text), options.shingleChars);
            similarity[group] =
                jaccard(*firstShingles, shingleHashes(text::comparableText(example.text), options.shingleChars));
        }
        DuplicateMember member;
        member.id = example.id;
        member.split = example.split;
        member.label = example.label;
        member.exactGroup = it->second;
        member.similarity = group == firstGroup ? 1.0 : similarity[group];
        cluster.members.push_back(member);
    }
    cluster.near = localGroup.size() > 1;
    cluster.crossesSplits = cluster.members.front().split != cluster.members.back().split;
    cluster.kind = cluster.labelCount() > 1 ? DuplicateKind::Conflict
                   : cluster.crossesSplits  ? DuplicateKind::CrossSplit
                                            : DuplicateKind::WithinSplit;
    return cluster;
}

// Sorts clusters into the review order.
void order(std::vector<DuplicateCluster> &clusters)
{
    auto rank = [](const DuplicateCluster &cluster) {
        const bool trainTest = cluster.hasSplit(Split::Train) && cluster.hasSplit(Split::Test);
        const bool trainDev = cluster.hasSplit(Split::Train) && cluster.hasSplit(Split::Dev);
        const int across = trainTest ? 0 : trainDev ? 1 : cluster.crossesSplits ? 2 : 3;
        return std::tuple(static_cast<int>(cluster.kind), across, -static_cast<std::int64_t>(cluster.members.size()),
                          cluster.members.front().id);
    };
    std::sort(clusters.begin(), clusters.end(),
              [&](const DuplicateCluster &a, const DuplicateCluster &b) { return rank(a) < rank(b); });
}

void countLeakage(const DatasetSnapshot &snapshot, const ExactGroups &groups, UnionFind &links, DuplicateReport &report)
{
    // Which exact groups and which clusters hold a training row.
    std::vector<bool> groupHasTrain(groups.first.size(), false);
    std::vector<bool> clusterHasTrain(groups.first.size(), false);
    for (size_t i = 0; i < snapshot.examples.size(); ++i)
        if (snapshot.examples[i].split == Split::Train) {
            groupHasTrain[groups.groupOf[i]] = true;
            clusterHasTrain[links.find(groups.groupOf[i])] = true;
        }
    for (size_t i = 0; i < snapshot.examples.size(); ++i) {
        const auto split = snapshot.examples[i].split;
        if (split == Split::Train)
            continue;
        auto &leakage = split == Split::Test ? report.test : report.dev;
        ++leakage.rows;
        const auto group = groups.groupOf[i];
        if (groupHasTrain[group])
            ++leakage.exact;
        else if (clusterHasTrain[links.find(group)])
            ++leakage.near;
    }
}

// 12345 -> "12,345", as the CLI prints counts.
std::string grouped(std::int64_t value)
{
    std::string digits = std::to_string(value);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<size_t>(i), ",");
    return digits;
}

} // namespace

std::string_view toString(DuplicateKind kind)
{
    switch (kind) {
    case DuplicateKind::Conflict: return "conflict";
    case DuplicateKind::CrossSplit: return "cross-split";
    case DuplicateKind::WithinSplit: break;
    }
    return "within-split";
}

bool DuplicateCluster::hasSplit(Split split) const
{
    return std::any_of(members.begin(), members.end(), [&](const DuplicateMember &m) { return m.split == split; });
}

int DuplicateCluster::labelCount() const
{
    std::vector<int> labels;
    for (const auto &member : members)
        if (member.label >= 0 && std::find(labels.begin(), labels.end(), member.label) == labels.end())
            labels.push_back(member.label);
    return static_cast<int>(labels.size());
}

std::int64_t DuplicateReport::clusterCount(DuplicateKind kind) const
{
    return std::count_if(clusters.begin(), clusters.end(), [&](const DuplicateCluster &c) { return c.kind == kind; });
}

std::int64_t DuplicateReport::rowCount(DuplicateKind kind) const
{
    std::int64_t rows = 0;
    for (const auto &cluster : clusters)
        if (cluster.kind == kind)
            rows += static_cast<std::int64_t>(cluster.members.size());
    return rows;
}

DuplicateReport findDuplicates(const DatasetSnapshot &snapshot, const DuplicateOptions &options, std::stop_token stop)
{
    validate(options);
    const auto started = std::chrono::steady_clock::now();
    if (snapshot.examples.size() >= std::numeric_limits<std::uint32_t>::max())
        throw Error("duplicate detection handles at most 4,294,967,294 examples");
    DuplicateReport report;
    report.options = options;
    auto stopped = [&] {
        DuplicateReport empty;
        empty.options = options;
        empty.stopped = true;
        return empty;
    };

    const auto groups = groupExactly(snapshot, options, stop);
    if (stop.stop_requested())
        return stopped();
    UnionFind links(groups.first.size());
    if (!options.exactOnly) {
        NearSearch search(snapshot, groups, options);
        if (!search.run(links, stop))
            return stopped();
    }

    // Clusters: the examples of joined groups, where there are two or more.
    std::vector<std::uint32_t> clusterSize(groups.first.size(), 0);
    for (std::uint32_t g = 0; g < groups.first.size(); ++g)
        clusterSize[links.find(g)] += groups.size[g];
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> rowsByRoot;
    for (size_t i = 0; i < snapshot.examples.size(); ++i) {
        const auto root = links.find(groups.groupOf[i]);
        if (clusterSize[root] > 1)
            rowsByRoot[root].push_back(static_cast<std::uint32_t>(i));
    }
    report.clusters.reserve(rowsByRoot.size());
    for (auto &[root, rows] : rowsByRoot) {
        if (stop.stop_requested())
            return stopped();
        report.clusters.push_back(makeCluster(snapshot, groups, std::move(rows), options));
    }
    order(report.clusters);
    countLeakage(snapshot, groups, links, report);
    report.examples = static_cast<std::int64_t>(snapshot.examples.size());
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

std::vector<std::string> leakageSentences(const DuplicateReport &report)
{
    std::vector<std::string> sentences;
    auto add = [&](const SplitLeakage &leakage, std::string_view split) {
        if (leakage.duplicating() == 0)
            return;
        const bool one = leakage.duplicating() == 1;
        sentences.push_back(grouped(leakage.duplicating()) + " of " + grouped(leakage.rows) + " " + std::string(split)
                            + (one ? " rows duplicates a training row" : " rows duplicate training rows") + " (exact "
                            + grouped(leakage.exact) + ", near " + grouped(leakage.near) + ")");
    };
    add(report.test, "test");
    add(report.dev, "dev");
    return sentences;
}

} // namespace glossa::core::data
