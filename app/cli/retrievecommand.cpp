#include "retrievecommand.h"

#include "boundedlines.h"
#include "interrupt.h"
#include "output.h"
#include "texttable.h"

#include "data/snapshot.h"
#include "engine/train/embedder.h"
#include "store/embeddingcache.h"
#include "store/project.h"
#include "store/runstore.h"
#include "train/retrieval.h"
#include "util/error.h"

#include <c10/util/Exception.h>

#include <chrono>
#include <functional>
#include <csignal>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>
#include <unistd.h>
#include <unordered_map>

namespace glossa::cli {
namespace {

using nlohmann::ordered_json;
namespace data = core::data;
namespace store = core::store;
namespace train = core::train;

// Texts embedded between two looks at Ctrl-C, two progress lines and two cache writes: an
// interrupted retrieve keeps what it computed.
constexpr std::size_t embedChunk = 64;
// Progress lines at most this often (the GUI redraws a bar, no more).
constexpr auto progressInterval = std::chrono::milliseconds(250);

// Ctrl-C while the texts are embedded.
struct Interrupted
{
};

data::Split parseSplit(const std::string &split)
{
    if (split == "train")
        return data::Split::Train;
    if (split == "dev")
        return data::Split::Dev;
    if (split == "test")
        return data::Split::Test;
    throw core::Error("--split is train, dev or test (got '" + split + "')");
}

// One JSON line on stdout, at once (the GUI reads as they come).
void printLine(const ordered_json &value)
{
    std::cout << value.dump(-1, ' ', false, ordered_json::error_handler_t::replace) << '\n';
    std::cout.flush();
}

// The split's texts as vectors, with who they are.
struct EmbeddedSplit
{
    train::RetrievalSet set;
    std::vector<const data::SnapshotExample *> examples; // one per row of set
    std::size_t distinct = 0;                            // texts embedded or read, each once
    std::size_t computed = 0;                            // of which computed now
};

// Every distinct text once: read from the project's cache, the rest computed in chunks and
// stored as they come. `progress` hears (texts ready, distinct texts).
EmbeddedSplit embedSplit(const std::vector<const data::SnapshotExample *> &examples,
                         const train::Embedder &embedder, store::Database &db,
                         const std::function<void(std::size_t, std::size_t)> &progress,
                         const InterruptToStop &interrupt)
{
    EmbeddedSplit result;
    std::unordered_map<std::string_view, std::size_t> byText;
    std::vector<std::string> texts;
    std::vector<std::size_t> rowText;
    std::unordered_map<std::string_view, std::int64_t> groupIds;
    for (const auto *example : examples) {
        if (example->lang.empty())
            continue; // no language: neither a query nor a candidate of any pair
        const auto [position, added] = byText.try_emplace(example->text, texts.size());
        if (added)
            texts.push_back(example->text);
        rowText.push_back(position->second);
        result.examples.push_back(example);
        result.set.languages.push_back(example->lang);
        std::int64_t group = -1;
        if (example->group && !example->group->empty())
            group = groupIds.try_emplace(*example->group, static_cast<std::int64_t>(groupIds.size())).first->second;
        result.set.groups.push_back(group);
    }
    result.distinct = texts.size();

    const std::size_t dimension = embedder.dimension();
    std::vector<store::TextHash> hashes;
    hashes.reserve(texts.size());
    for (const auto &text : texts)
        hashes.push_back(store::textHash(text));
    store::EmbeddingCache cache(db, embedder.modelKey(), dimension);
    const auto stored = cache.read(hashes);
    std::vector<float> vectors(texts.size() * dimension);
    std::vector<std::size_t> missing;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        if (stored[i])
            std::copy(stored[i]->begin(), stored[i]->end(), vectors.begin() + static_cast<std::ptrdiff_t>(i * dimension));
        else
            missing.push_back(i);
    }
    std::size_t ready = texts.size() - missing.size();
    progress(ready, texts.size());
    for (std::size_t start = 0; start < missing.size(); start += embedChunk) {
        if (interrupt.interrupted())
            throw Interrupted{};
        const auto end = std::min(missing.size(), start + embedChunk);
        std::vector<std::string> chunk;
        std::vector<store::TextHash> chunkHashes;
        for (std::size_t i = start; i < end; ++i) {
            chunk.push_back(texts[missing[i]]);
            chunkHashes.push_back(hashes[missing[i]]);
        }
        const auto embedded = embedder.embed(chunk);
        if (embedded.dimension != dimension || embedded.size() != chunk.size())
            throw core::Error("the model gave vectors of " + std::to_string(embedded.dimension) + " values, not "
                              + std::to_string(dimension));
        for (std::size_t i = start; i < end; ++i)
            std::copy_n(embedded.values.begin() + static_cast<std::ptrdiff_t>((i - start) * dimension), dimension,
                        vectors.begin() + static_cast<std::ptrdiff_t>(missing[i] * dimension));
        cache.write(chunkHashes, embedded.values);
        ready += chunk.size();
        result.computed += chunk.size();
        progress(ready, texts.size());
    }

    result.set.dimension = dimension;
    result.set.vectors.resize(rowText.size() * dimension);
    for (std::size_t r = 0; r < rowText.size(); ++r)
        std::copy_n(vectors.begin() + static_cast<std::ptrdiff_t>(rowText[r] * dimension), dimension,
                    result.set.vectors.begin() + static_cast<std::ptrdiff_t>(r * dimension));
    result.set.normalise();
    return result;
}

// The --json document (also the stream's "retrieval").
ordered_json scoresJson(const train::RetrievalScores &scores, const RetrieveCommand &command,
                        const EmbeddedSplit &split, const train::Embedder &embedder)
{
    auto pairs = ordered_json::object();
    for (const auto &pair : scores.pairs)
        pairs[pair.query + "|" + pair.candidate] = {
            {"p_at_1", pair.precisionAt1}, {"mrr", pair.meanReciprocalRank}, {"n", pair.queries}};
    ordered_json json{{"split", command.split}, {"pairs", pairs}};
    json["mean_p_at_1"] = scores.meanPrecisionAt1 ? ordered_json(*scores.meanPrecisionAt1) : ordered_json();
    json["mean_mrr"] = scores.meanReciprocalRank ? ordered_json(*scores.meanReciprocalRank) : ordered_json();
    json["languages"] = scores.languages;
    json["texts"] = split.set.size();
    json["model"] = embedder.description();
    json["pooling"] = embedder.pooling();
    return json;
}

std::string fixed3(double value)
{
    std::ostringstream text;
    text << std::fixed << std::setprecision(3) << value;
    return text.str();
}

void printScores(const train::RetrievalScores &scores, const RetrieveCommand &command, const EmbeddedSplit &split,
                 const train::Embedder &embedder)
{
    std::cout << "Finding translations among the " << groupDigits(static_cast<long long>(split.set.size()))
              << " texts of the " << command.split << " split of '" << printable(command.dataset) << "' ("
              << scores.languages.size() << " languages), by cosine similarity of " << printable(embedder.description())
              << " (" << embedder.pooling() << " pooling)\n";
    if (scores.pairs.empty()) {
        std::cout << "No language pair has " << train::minRetrievalGroups
                  << " translation groups in this split, so there is nothing to score (translations share a group "
                     "id: import a group column)\n";
        return;
    }
    TextTable table({"queries | candidates", "P@1", "MRR", "queries"});
    for (const auto &pair : scores.pairs)
        table.addRow({printable(pair.query) + " | " + printable(pair.candidate), fixed3(pair.precisionAt1),
                      fixed3(pair.meanReciprocalRank), groupDigits(static_cast<long long>(pair.queries))});
    table.print(std::cout);
    std::cout << "Mean over " << scores.pairs.size() << " language pairs: P@1 " << fixed3(*scores.meanPrecisionAt1)
              << ", MRR " << fixed3(*scores.meanReciprocalRank) << "\n";
}

// The answer to one --stream request line.
ordered_json answerRequest(const std::string &line, const EmbeddedSplit &split, const train::Embedder &embedder,
                           std::size_t topK)
{
    const auto request = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    ordered_json answer{{"key", nullptr}};
    const auto key = request.is_object() ? request.find("key") : request.end();
    if (request.is_object() && key != request.end() && key->is_number_integer())
        answer["key"] = key->get<std::int64_t>();
    auto fail = [&](const std::string &message) {
        answer["error"] = message;
        return answer;
    };
    if (request.is_discarded())
        return fail("not JSON: a request is {\"key\": K, \"text\": \"...\"} on one line");
    if (!request.is_object())
        return fail("not a JSON object: a request is {\"key\": K, \"text\": \"...\"}");
    if (answer["key"].is_null())
        return fail("the request has no integer \"key\"");
    const auto text = request.find("text");
    if (text == request.end() || !text->is_string())
        return fail("the request has no \"text\" string");
    const std::vector<std::string> texts{text->get<std::string>()};
    train::Embeddings embedded;
    try {
        embedded = embedder.embed(texts);
    } catch (const c10::Error &e) {
        return fail(e.what_without_backtrace());
    } catch (const std::exception &e) {
        return fail(e.what());
    }
    train::RetrievalSet query{embedded.dimension, std::move(embedded.values), {""}, {-1}};
    query.normalise();
    auto neighbours = ordered_json::object();
    for (const auto &[language, list] : train::nearestByLanguage(split.set, query.row(0), topK)) {
        auto items = ordered_json::array();
        for (const auto &neighbour : list) {
            const auto *example = split.examples[neighbour.row];
            items.push_back({{"id", example->id}, {"text", example->text}, {"similarity", neighbour.similarity}});
        }
        neighbours[language] = std::move(items);
    }
    answer["neighbours"] = std::move(neighbours);
    return answer;
}

void serveRequests(const EmbeddedSplit &split, const train::Embedder &embedder, std::size_t topK)
{
    BoundedLineReader input(STDIN_FILENO, maxTextBytes());
    std::string line;
    while (true) {
        try {
            if (!input.next(line))
                return; // stdin closed: the asker is gone
        } catch (const core::Error &e) {
            // A line over the limit: said, and the reader goes on with the next one.
            printLine({{"key", nullptr}, {"error", e.what()}});
            continue;
        }
        if (line == "stop")
            return;
        if (line.empty())
            continue;
        printLine(answerRequest(line, split, embedder, topK));
    }
}

int retrieve(const RetrieveCommand &command)
{
    if (command.model.empty() == command.run.empty())
        throw core::Error("retrieve needs --model DIR (a Hugging Face encoder folder) or --run R (a run's own "
                          "model), one of them");
    if (!command.run.empty() && !command.pooling.empty())
        throw core::Error("--pooling is for --model: a run's texts are embedded as its classifier reads them (its "
                          "own pooling); leave out --pooling");
    const std::string pooling = command.pooling.empty() ? "mean" : command.pooling;
    if (pooling != "mean" && pooling != "cls")
        throw core::Error("--pooling is mean or cls (got '" + pooling + "')");
    if (command.topK < 1)
        throw core::Error("--top-k is at least 1");
    const auto split = parseSplit(command.split);

    auto project = store::Project::open(command.project);
    const auto snapshot = data::takeSnapshot(project.db(), command.dataset);
    const auto examples = snapshot.inSplit(split, /*labelledOnly=*/false);
    if (examples.empty())
        throw core::Error("dataset '" + command.dataset + "' has no texts in its " + command.split + " split");

    std::optional<train::Quantization> quantization;
    if (!command.quantize.empty())
        quantization = train::quantizationFromWord(command.quantize, "--quantize");
    const auto embedder = [&] {
        if (!command.model.empty())
            return train::Embedder::fromFolder(
                command.model, pooling == "cls" ? train::EmbeddingPooling::Cls : train::EmbeddingPooling::Mean,
                [](const std::string &warning) { std::cerr << "retrieve: " << warning << "\n"; },
                quantization.value_or(train::Quantization::None));
        store::RunStore runs(project.db(), project.artefactDir());
        const auto run = runs.findRun(command.run);
        return train::Embedder::fromRun(project.db(), project.artefactDir(), run.id, quantization);
    }();

    auto lastProgress = std::chrono::steady_clock::now() - progressInterval;
    auto progress = [&](std::size_t ready, std::size_t total) {
        const auto now = std::chrono::steady_clock::now();
        if (!command.stream || (ready != total && now - lastProgress < progressInterval))
            return;
        lastProgress = now;
        printLine({{"progress", {{"embedded", ready}, {"total", total}}}});
    };
    EmbeddedSplit embedded;
    {
        // Ctrl-C stops between chunks, keeping what was embedded; after this it ends the
        // process as usual (nothing is left to write).
        InterruptToStop interrupt;
        embedded = embedSplit(examples, embedder, project.db(), progress, interrupt);
    }
    // The count a user (and the tests) can check the cache by.
    std::cerr << "retrieve: " << embedded.distinct << " distinct texts, " << embedded.computed << " embedded now, "
              << embedded.distinct - embedded.computed << " read from the project's cache\n";

    const auto scores = train::scoreRetrieval(embedded.set);
    const auto json = scoresJson(scores, command, embedded, embedder);
    if (command.stream) {
        printLine({{"ready", {{"texts", embedded.set.size()}, {"languages", scores.languages}, {"retrieval", json}}}});
        serveRequests(embedded, embedder, static_cast<std::size_t>(command.topK));
    } else if (command.json) {
        printJson(json);
    } else {
        printScores(scores, command, embedded, embedder);
    }
    return 0;
}

} // namespace

int runRetrieve(const RetrieveCommand &command)
{
    if (command.stream)
        std::signal(SIGPIPE, SIG_IGN); // a gone reader ends the requests through stdin, not a signal
    const auto failed = [&](const std::string &message) {
        if (command.stream)
            printLine({{"failed", message}});
    };
    try {
        return retrieve(command);
    } catch (const Interrupted &) {
        const std::string message = "stopped; the texts embedded so far are kept in the project for the next retrieve";
        failed(message);
        std::cerr << "retrieve: " << message << "\n";
        return 130;
    } catch (const c10::Error &e) {
        failed(e.what_without_backtrace());
        throw;
    } catch (const std::exception &e) {
        failed(e.what());
        throw;
    }
}

} // namespace glossa::cli
