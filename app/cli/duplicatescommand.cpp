#include "duplicatescommand.h"

#include "output.h"

#include "data/duplicates.h"
#include "data/snapshot.h"
#include "store/datasetstore.h"
#include "store/project.h"
#include "util/utf8decode.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <unordered_map>

namespace glossa::cli {

using nlohmann::ordered_json;
using namespace glossa::core;

namespace {

constexpr size_t shownChars = 90;

std::string_view splitName(data::Split split)
{
    return split == data::Split::Train ? "train" : split == data::Split::Dev ? "dev" : "test";
}

// At most `chars` code points, whole ones, with "…" when cut; line breaks shown as spaces.
std::string shortened(std::string_view text, size_t chars)
{
    std::string out;
    size_t i = 0;
    size_t count = 0;
    while (i < text.size() && count < chars) {
        const size_t start = i;
        const char32_t c = nextCodePoint(text, i);
        if (c == U'\n' || c == U'\r' || c == U'\t')
            out.push_back(' ');
        else
            out.append(text.substr(start, i - start));
        ++count;
    }
    if (i < text.size())
        out += "…";
    return out;
}

std::string kindTitle(data::DuplicateKind kind)
{
    switch (kind) {
    case data::DuplicateKind::Conflict: return "conflicting labels";
    case data::DuplicateKind::CrossSplit: return "across splits";
    case data::DuplicateKind::WithinSplit: break;
    }
    return "within a split";
}

std::string command(const std::string &project, const std::string &dataset)
{
    return "glossa-cli duplicates --project " + printable(project) + " --dataset " + printable(dataset);
}

std::string labelName(const data::DatasetSnapshot &snapshot, int label)
{
    return label >= 0 ? snapshot.labels.at(static_cast<size_t>(label)) : std::string();
}

// Each shown member's external id and language (the snapshot has the text, split and label).
struct MemberDetails
{
    std::string externalId;
    std::string lang;
};

MemberDetails details(store::DatasetStore &store, std::int64_t id)
{
    const auto example = store.example(id);
    return example ? MemberDetails{example->externalId, example->lang} : MemberDetails{};
}

ordered_json clusterJson(const data::DuplicateCluster &cluster, const data::DatasetSnapshot &snapshot,
                         const std::unordered_map<std::int64_t, const data::SnapshotExample *> &byId,
                         store::DatasetStore &store)
{
    auto labels = ordered_json::array();
    auto splits = ordered_json::array();
    auto members = ordered_json::array();
    for (const auto &member : cluster.members) {
        const auto &example = *byId.at(member.id);
        const auto more = details(store, member.id);
        const auto label = labelName(snapshot, member.label);
        if (member.label >= 0 && std::find(labels.begin(), labels.end(), label) == labels.end())
            labels.push_back(label);
        if (std::find(splits.begin(), splits.end(), splitName(member.split)) == splits.end())
            splits.push_back(splitName(member.split));
        members.push_back({{"id", member.id},
                           {"external_id", more.externalId},
                           {"split", splitName(member.split)},
                           {"label", member.label >= 0 ? ordered_json(label) : ordered_json(nullptr)},
                           {"lang", example.lang},
                           {"exact_group", member.exactGroup},
                           {"similarity", std::round(member.similarity * 1000) / 1000},
                           {"text", example.text}});
    }
    return {{"kind", data::toString(cluster.kind)},
            {"near", cluster.near},
            {"crosses_splits", cluster.crossesSplits},
            {"size", cluster.members.size()},
            {"labels", labels},
            {"splits", splits},
            {"members", members}};
}

// Columns as wide as the widest id and label among the clusters listed, so texts line up.
struct Widths
{
    size_t id = 0;
    size_t label = 12; // "(unlabelled)"
};

std::string memberId(store::DatasetStore &store, std::int64_t id)
{
    const auto more = details(store, id);
    return printable(more.externalId.empty() ? std::to_string(id) : more.externalId);
}

std::string memberLabel(const data::DatasetSnapshot &snapshot, int label)
{
    return label >= 0 ? printable(labelName(snapshot, label)) : "(unlabelled)";
}

void printCluster(std::ostream &out, size_t number, const data::DuplicateCluster &cluster,
                  const data::DatasetSnapshot &snapshot,
                  const std::unordered_map<std::int64_t, const data::SnapshotExample *> &byId,
                  store::DatasetStore &store, const Widths &widths)
{
    std::vector<std::string> splits;
    for (const auto &member : cluster.members)
        if (std::find(splits.begin(), splits.end(), splitName(member.split)) == splits.end())
            splits.emplace_back(splitName(member.split));
    std::string splitList;
    for (const auto &split : splits)
        splitList += (splitList.empty() ? "" : ", ") + split;
    out << "#" << number << " " << data::toString(cluster.kind) << " · " << (cluster.near ? "near" : "exact") << " · "
        << cluster.members.size() << " rows · " << splitList << "\n";
    for (const auto &member : cluster.members) {
        const auto &example = *byId.at(member.id);
        std::ostringstream similarity;
        if (member.similarity < 1.0)
            similarity << "~" << std::fixed << std::setprecision(2) << member.similarity;
        out << "  " << std::left << std::setw(5) << splitName(member.split) << " "
            << std::setw(static_cast<int>(widths.id)) << memberId(store, member.id) << "  "
            << std::setw(static_cast<int>(widths.label)) << memberLabel(snapshot, member.label) << "  " << std::setw(5)
            << similarity.str() << " " << printable(shortened(example.text, shownChars)) << "\n";
    }
}

} // namespace

std::vector<std::string> duplicateWarnings(store::Database &db, const std::string &dataset, const std::string &project)
{
    const auto snapshot = data::takeSnapshot(db, dataset);
    const auto report = data::findDuplicates(snapshot);
    std::vector<std::string> lines;
    for (const auto &sentence : data::leakageSentences(report))
        lines.push_back(sentence + "; " + command(project, snapshot.datasetName) + " lists them");
    if (const auto conflicts = report.clusterCount(data::DuplicateKind::Conflict); conflicts > 0)
        lines.push_back(groupDigits(conflicts) + (conflicts == 1 ? " text appears" : " texts appear")
                        + " with different labels (" + groupDigits(report.rowCount(data::DuplicateKind::Conflict))
                        + " rows); " + command(project, snapshot.datasetName) + " lists them");
    return lines;
}

int runDuplicates(const DuplicatesCommand &options)
{
    auto project = store::Project::open(options.common.project);
    store::DatasetStore store(project.db());
    const auto snapshot = data::takeSnapshot(project.db(), options.dataset);
    data::DuplicateOptions settings;
    settings.nearThreshold = options.nearThreshold;
    settings.exactOnly = options.exactOnly;
    const auto report = data::findDuplicates(snapshot, settings);
    std::unordered_map<std::int64_t, const data::SnapshotExample *> byId;
    byId.reserve(snapshot.examples.size());
    for (const auto &example : snapshot.examples)
        byId.emplace(example.id, &example);

    const data::DuplicateKind kinds[] = {data::DuplicateKind::Conflict, data::DuplicateKind::CrossSplit,
                                         data::DuplicateKind::WithinSplit};
    if (options.common.json) {
        auto summary = ordered_json::object();
        for (const auto kind : kinds)
            summary[std::string(data::toString(kind))] = {{"clusters", report.clusterCount(kind)},
                                                          {"rows", report.rowCount(kind)}};
        auto leakage = [](const data::SplitLeakage &split) {
            return ordered_json{{"rows", split.rows}, {"exact", split.exact}, {"near", split.near}};
        };
        auto clusters = ordered_json::array();
        for (const auto &cluster : report.clusters)
            clusters.push_back(clusterJson(cluster, snapshot, byId, store));
        printJson({{"dataset", snapshot.datasetName},
                   {"examples", report.examples},
                   {"near_threshold", options.exactOnly ? ordered_json(nullptr) : ordered_json(options.nearThreshold)},
                   {"shingle_chars", settings.shingleChars},
                   {"seconds", report.seconds},
                   {"summary", summary},
                   {"duplicating_train", {{"test", leakage(report.test)}, {"dev", leakage(report.dev)}}},
                   {"clusters", clusters}});
        return 0;
    }

    std::cout << printable(snapshot.datasetName) << ": " << groupDigits(report.examples) << " examples checked in "
              << std::fixed << std::setprecision(2) << report.seconds << " s; "
              << (options.exactOnly ? std::string("exact duplicates only")
                                    : "near-duplicates share at least "
                                          + std::to_string(static_cast<int>(std::lround(options.nearThreshold * 100)))
                                          + "% of their character " + std::to_string(settings.shingleChars) + "-grams")
              << "\n";
    if (report.clusters.empty()) {
        std::cout << "No duplicates: every text is different from the others (after NFKC, case and whitespace)\n";
        return 0;
    }
    for (const auto kind : kinds)
        std::cout << "  " << std::left << std::setw(20) << kindTitle(kind) << std::right << std::setw(7)
                  << groupDigits(report.clusterCount(kind))
                  << (report.clusterCount(kind) == 1 ? " cluster, " : " clusters, ")
                  << groupDigits(report.rowCount(kind)) << " rows\n";
    for (const auto &sentence : data::leakageSentences(report))
        std::cout << "warning: " << sentence << "\n";
    const size_t shown = options.limit > 0 ? std::min(report.clusters.size(), static_cast<size_t>(options.limit))
                                           : report.clusters.size();
    Widths widths;
    for (size_t c = 0; c < shown; ++c)
        for (const auto &member : report.clusters[c].members) {
            widths.id = std::max(widths.id, memberId(store, member.id).size());
            widths.label = std::max(widths.label, memberLabel(snapshot, member.label).size());
        }
    for (size_t c = 0; c < shown; ++c) {
        std::cout << "\n";
        printCluster(std::cout, c + 1, report.clusters[c], snapshot, byId, store, widths);
    }
    if (shown < report.clusters.size())
        std::cout << "\n"
                  << groupDigits(static_cast<long long>(report.clusters.size() - shown))
                  << " more clusters; --limit 0 lists them all, --json gives every one\n";
    return 0;
}

} // namespace glossa::cli
