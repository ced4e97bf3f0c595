#include "splitcommands.h"

#include "output.h"

#include "data/resplit.h"
#include "store/datasetstore.h"
#include "store/project.h"
#include "util/error.h"

#include <iomanip>
#include <iostream>

namespace glossa::cli {

using nlohmann::ordered_json;
using namespace glossa::core;

namespace {

ordered_json countsJson(const std::array<std::int64_t, 3> &counts)
{
    return {{"train", counts[0]}, {"dev", counts[1]}, {"test", counts[2]}};
}

ordered_json tableJson(const std::map<std::string, std::array<std::int64_t, 3>> &table, const char *empty)
{
    auto json = ordered_json::object();
    for (const auto &[key, counts] : table)
        json[key.empty() ? std::string(empty) : key] = countsJson(counts);
    return json;
}

ordered_json planJson(const std::string &dataset, const data::ResplitPlan &plan, bool applied)
{
    return {{"dataset", dataset},
            {"applied", applied},
            {"by", plan.options.byGroup ? "group" : "row"},
            {"seed", plan.options.seed},
            {"ratios", plan.options.ratios.toString()},
            {"rows", plan.rows},
            {"changed", plan.changed},
            {"groups_across_splits_before", plan.before.groupsAcrossSplits},
            {"groups_across_splits", plan.after.groupsAcrossSplits},
            {"total", countsJson(plan.after.total)},
            {"per_language", tableJson(plan.after.perLanguage, "und")},
            {"per_label", tableJson(plan.after.perLabel, "(unlabelled)")}};
}

void printTable(const char *title, const std::map<std::string, std::array<std::int64_t, 3>> &table, const char *empty)
{
    std::size_t width = 8;
    for (const auto &[key, counts] : table)
        width = std::max(width, printable(key).size() + 2);
    std::cout << title << ":\n";
    for (const auto &[key, counts] : table) {
        std::cout << "  " << std::left << std::setw(static_cast<int>(width))
                  << (key.empty() ? std::string(empty) : printable(key)) << std::right;
        for (const auto count : counts)
            std::cout << std::setw(8) << groupDigits(count);
        std::cout << "\n";
    }
}

void printPlan(const std::string &dataset, const data::ResplitPlan &plan, bool applied)
{
    std::cout << printable(dataset) << ": "
              << (applied ? "split again" : "would split again (nothing written: --dry-run)") << " by "
              << (plan.options.byGroup ? "group" : "row") << ", seed " << plan.options.seed << ", "
              << plan.options.ratios.toString() << ": " << groupDigits(plan.rows) << " rows, "
              << groupDigits(plan.changed) << " change split\n";
    std::cout << "groups with rows in more than one split: " << groupDigits(plan.before.groupsAcrossSplits)
              << " before, " << groupDigits(plan.after.groupsAcrossSplits) << " after\n";
    std::cout << "            train     dev    test\n  all     ";
    for (const auto count : plan.after.total)
        std::cout << std::setw(8) << groupDigits(count);
    std::cout << "\n";
    printTable("languages", plan.after.perLanguage, "und");
    printTable("labels", plan.after.perLabel, "(unlabelled)");
    if (applied)
        std::cout << "undo with: glossa-cli split --project P --dataset " << printable(dataset) << " --undo\n";
}

} // namespace

int runSplit(const SplitCommand &command)
{
    if (command.by != "group" && command.by != "row")
        throw Error("--by takes group (translations stay in one split) or row (got '" + command.by + "')");
    const auto ratios = data::SplitRatios::parse(command.ratios);
    if (!ratios)
        throw Error("--ratios takes train/dev/test percentages that add up to 100, such as 80/10/10 (got '"
                    + command.ratios + "')");
    auto project = store::Project::open(command.common.project);
    const auto dataset = store::DatasetStore(project.db()).dataset(command.dataset);

    if (command.undo) {
        const auto undone = data::undoResplit(project.db(), dataset.id);
        if (!undone)
            throw Error("dataset '" + dataset.name + "' has no re-split to undo");
        const auto left = data::undoableResplits(project.db(), dataset.id).size();
        if (command.common.json) {
            printJson(
                {{"dataset", dataset.name}, {"undone", undone->id}, {"rows", undone->changedRows}, {"undoable", left}});
        } else {
            std::cout << printable(dataset.name) << ": undid the re-split by "
                      << (undone->options.byGroup ? "group" : "row") << " (seed " << undone->options.seed << ", "
                      << undone->options.ratios.toString() << "): " << groupDigits(undone->changedRows)
                      << " rows have their earlier splits again";
            if (left > 0)
                std::cout << "; " << left << " earlier re-split" << (left == 1 ? "" : "s") << " can be undone too";
            std::cout << "\n";
        }
        return 0;
    }

    const data::ResplitOptions options{command.seed, *ratios, command.by == "group"};
    const auto plan = command.dryRun ? data::planResplit(project.db(), dataset.id, options)
                                     : data::applyResplit(project.db(), dataset.id, options);
    if (command.common.json)
        printJson(planJson(dataset.name, plan, !command.dryRun));
    else
        printPlan(dataset.name, plan, !command.dryRun);
    return 0;
}

} // namespace glossa::cli
