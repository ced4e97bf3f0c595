// Duplicate detection (data::findDuplicates) on generated multilingual examples: time, peak
// memory and how many planted duplicates it finds, and, on a sample, its near-duplicate pairs
// against the exact all-pairs answer (every pair's true Jaccard), the peer it replaces. Prints
// figures only.
//
// The examples are sentences of made-up words in Latin, Cyrillic and Arabic letters and runs of
// Han characters, in ten labels and an 80/10/10 split; 1% are then copied with other case,
// spacing or full-width letters (exact duplicates) and 1% with one word changed or words
// appended (near-duplicates), most of the copies into another split.
//
// Usage: bench_duplicates [--rows N] [--sample N] [--threshold X]

#include "data/duplicates.h"
#include "data/minhash.h"
#include "text/comparabletext.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

using namespace glossa::core;

namespace {

double peakMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void appendCodePoint(std::string &out, char32_t c)
{
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// A made-up word of 2-4 syllables in one script, or a run of Han characters.
std::string word(std::mt19937_64 &random, int script)
{
    std::string out;
    const int syllables = 2 + static_cast<int>(random() % 3);
    for (int s = 0; s < syllables; ++s) {
        switch (script) {
        case 0: // Latin
            out += static_cast<char>('b' + random() % 20);
            out += "aeiou"[random() % 5];
            break;
        case 1: // Cyrillic
            appendCodePoint(out, 0x0431 + static_cast<char32_t>(random() % 20));
            appendCodePoint(out, U"аеиоу"[random() % 5]);
            break;
        case 2: // Arabic
            appendCodePoint(out, 0x0628 + static_cast<char32_t>(random() % 18));
            break;
        default: // Han, no spaces between
            appendCodePoint(out, 0x4E00 + static_cast<char32_t>(random() % 2500));
        }
    }
    return out;
}

std::string sentence(std::mt19937_64 &random, int script)
{
    const int words = 8 + static_cast<int>(random() % 20);
    std::string out;
    for (int w = 0; w < words; ++w) {
        if (w > 0 && script != 3)
            out += ' ';
        out += word(random, script);
    }
    return out;
}

// The same message as another export would write it: case, spacing, full-width letters.
std::string exactVariant(std::mt19937_64 &random, const std::string &text)
{
    std::string out;
    switch (random() % 3) {
    case 0:
        for (const char c : text)
            out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
        return out;
    case 1: return "  " + text + " \t";
    default:
        for (const char c : text)
            if (c >= 'a' && c <= 'z')
                appendCodePoint(out, 0xFF41 + static_cast<char32_t>(c - 'a'));
            else
                out += c;
        return out;
    }
}

std::string nearVariant(std::mt19937_64 &random, const std::string &text, int script)
{
    if (random() % 2 == 0)
        return text + (script == 3 ? "" : " ") + word(random, script) + "!!";
    const auto cut = text.rfind(' ');
    if (script == 3 || cut == std::string::npos)
        return text + word(random, script);
    return text.substr(0, cut) + " " + word(random, script);
}

double jaccardOf(const std::string &a, const std::string &b)
{
    return data::jaccard(data::shingleHashes(text::comparableText(a), 5),
                         data::shingleHashes(text::comparableText(b), 5));
}

struct Planted
{
    std::int64_t original = 0;
    std::int64_t copy = 0;
    bool exact = false;
};

} // namespace

int main(int argc, char **argv)
{
    std::size_t rows = 100000;
    std::size_t sample = 3000;
    double threshold = 0.8;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view option = argv[i];
        if (option == "--rows")
            rows = std::strtoull(argv[i + 1], nullptr, 10);
        else if (option == "--sample")
            sample = std::strtoull(argv[i + 1], nullptr, 10);
        else if (option == "--threshold")
            threshold = std::strtod(argv[i + 1], nullptr);
    }

    std::mt19937_64 random(2026);
    data::DatasetSnapshot snapshot;
    for (int l = 0; l < 10; ++l)
        snapshot.labels.push_back("label" + std::to_string(l));
    std::vector<int> scripts;
    auto add = [&](std::string text, int script, data::Split split, int label) {
        data::SnapshotExample example;
        example.id = static_cast<std::int64_t>(snapshot.examples.size()) + 1;
        example.text = std::move(text);
        example.split = split;
        example.label = label;
        snapshot.examples.push_back(std::move(example));
        scripts.push_back(script);
        return snapshot.examples.back().id;
    };
    auto randomSplit = [&] {
        const auto r = random() % 10;
        return r < 8 ? data::Split::Train : r == 8 ? data::Split::Dev : data::Split::Test;
    };
    const std::size_t planted = rows / 50; // 2%: half exact, half near
    const std::size_t originals = rows - planted;
    for (std::size_t i = 0; i < originals; ++i) {
        const int script = static_cast<int>(random() % 4);
        add(sentence(random, script), script, randomSplit(), static_cast<int>(random() % 10));
    }
    std::vector<Planted> copies;
    for (std::size_t i = 0; i < planted; ++i) {
        const auto source = static_cast<std::size_t>(random() % originals);
        const auto &original = snapshot.examples[source];
        const bool exact = i % 2 == 0;
        auto text = exact ? exactVariant(random, original.text) : nearVariant(random, original.text, scripts[source]);
        const int label = random() % 20 == 0 ? static_cast<int>(random() % 10) : original.label;
        const auto id = add(std::move(text), scripts[source], randomSplit(), label);
        copies.push_back({original.id, id, exact});
    }
    const double snapshotMiB = peakMiB();

    data::DuplicateOptions options;
    options.nearThreshold = threshold;
    const auto started = std::chrono::steady_clock::now();
    const auto report = data::findDuplicates(snapshot, options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const double searchMiB = peakMiB();

    std::unordered_map<std::int64_t, std::size_t> clusterOf;
    for (std::size_t c = 0; c < report.clusters.size(); ++c)
        for (const auto &member : report.clusters[c].members)
            clusterOf[member.id] = c;
    auto together = [&](std::int64_t a, std::int64_t b) {
        const auto x = clusterOf.find(a);
        const auto y = clusterOf.find(b);
        return x != clusterOf.end() && y != clusterOf.end() && x->second == y->second;
    };
    std::size_t exactPlanted = 0, exactFound = 0, nearPlanted = 0, nearFound = 0;
    for (const auto &copy : copies) {
        if (copy.exact) {
            ++exactPlanted;
            exactFound += together(copy.original, copy.copy) ? 1 : 0;
        } else if (jaccardOf(snapshot.examples[static_cast<std::size_t>(copy.original - 1)].text,
                             snapshot.examples[static_cast<std::size_t>(copy.copy - 1)].text)
                   >= threshold) {
            ++nearPlanted; // only copies that really are this similar count
            nearFound += together(copy.original, copy.copy) ? 1 : 0;
        }
    }

    std::printf("examples %zu (%zu planted copies), threshold %.2f\n", snapshot.examples.size(), planted, threshold);
    std::printf("findDuplicates: %.2f s, %.0f examples/s\n", seconds, static_cast<double>(rows) / seconds);
    std::printf("peak memory: %.0f MiB with the snapshot, %.0f MiB after the search (+%.0f MiB)\n", snapshotMiB,
                searchMiB, searchMiB - snapshotMiB);
    std::printf("clusters: %zu (conflict %lld, cross-split %lld, within-split %lld)\n", report.clusters.size(),
                static_cast<long long>(report.clusterCount(data::DuplicateKind::Conflict)),
                static_cast<long long>(report.clusterCount(data::DuplicateKind::CrossSplit)),
                static_cast<long long>(report.clusterCount(data::DuplicateKind::WithinSplit)));
    std::printf("test rows duplicating train: %lld of %lld (exact %lld, near %lld)\n",
                static_cast<long long>(report.test.duplicating()), static_cast<long long>(report.test.rows),
                static_cast<long long>(report.test.exact), static_cast<long long>(report.test.near));
    std::printf("planted exact copies found: %zu of %zu; near copies (Jaccard >= %.2f) found: %zu of %zu\n", exactFound,
                exactPlanted, threshold, nearFound, nearPlanted);

    // The peer: every pair of a sample compared exactly. Pairs of distinct normalised texts at
    // or above the threshold are the truth the LSH search should find.
    sample = std::min(sample, snapshot.examples.size());
    std::vector<std::size_t> picked;
    {
        // The sample holds planted pairs whole, so it has near pairs to find.
        std::set<std::size_t> chosen;
        for (const auto &copy : copies) {
            if (chosen.size() + 2 > sample / 2)
                break;
            chosen.insert(static_cast<std::size_t>(copy.original - 1));
            chosen.insert(static_cast<std::size_t>(copy.copy - 1));
        }
        while (chosen.size() < sample)
            chosen.insert(static_cast<std::size_t>(random() % snapshot.examples.size()));
        picked.assign(chosen.begin(), chosen.end());
    }
    data::DatasetSnapshot part;
    part.labels = snapshot.labels;
    for (const auto index : picked)
        part.examples.push_back(snapshot.examples[index]);
    const auto peerStarted = std::chrono::steady_clock::now();
    std::vector<std::string> comparable;
    std::vector<std::vector<std::uint64_t>> shingles;
    for (const auto &example : part.examples) {
        comparable.push_back(text::comparableText(example.text));
        shingles.push_back(data::shingleHashes(comparable.back(), 5));
    }
    std::set<std::pair<std::int64_t, std::int64_t>> truth;
    for (std::size_t a = 0; a < part.examples.size(); ++a)
        for (std::size_t b = a + 1; b < part.examples.size(); ++b)
            if (comparable[a] != comparable[b] && data::jaccard(shingles[a], shingles[b]) >= threshold)
                truth.emplace(part.examples[a].id, part.examples[b].id);
    const double peerSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - peerStarted).count();
    const auto lshStarted = std::chrono::steady_clock::now();
    const auto partReport = data::findDuplicates(part, options);
    const double lshSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - lshStarted).count();
    std::unordered_map<std::int64_t, std::size_t> partCluster;
    std::size_t reportedNearPairs = 0, reportedTrue = 0;
    for (std::size_t c = 0; c < partReport.clusters.size(); ++c) {
        const auto &members = partReport.clusters[c].members;
        for (const auto &member : members)
            partCluster[member.id] = c;
        for (std::size_t m = 1; m < members.size(); ++m)
            if (members[m].exactGroup != members[0].exactGroup) {
                ++reportedNearPairs;
                reportedTrue += members[m].similarity >= threshold ? 1 : 0;
            }
    }
    std::size_t truthFound = 0;
    for (const auto &[a, b] : truth) {
        const auto x = partCluster.find(a);
        const auto y = partCluster.find(b);
        truthFound += x != partCluster.end() && y != partCluster.end() && x->second == y->second ? 1 : 0;
    }
    const double pairs = static_cast<double>(part.examples.size()) * static_cast<double>(part.examples.size() - 1) / 2;
    const double allPairsAtRows = peerSeconds / pairs * static_cast<double>(rows) * static_cast<double>(rows - 1) / 2;
    std::printf("sample of %zu: all pairs (%.0f) %.2f s, findDuplicates %.3f s; near pairs at >= %.2f: %zu, found "
                "%zu (recall %.3f); members' similarity to their cluster's first >= threshold: %zu of %zu\n",
                part.examples.size(), pairs, peerSeconds, lshSeconds, threshold, truth.size(), truthFound,
                truth.empty() ? 1.0 : static_cast<double>(truthFound) / static_cast<double>(truth.size()), reportedTrue,
                reportedNearPairs);
    std::printf("all pairs of %zu rows would take about %.0f s (%.0fx the search)\n", rows, allPairsAtRows,
                allPairsAtRows / seconds);
    return 0;
}
