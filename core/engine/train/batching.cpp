#include "engine/train/batching.h"

#include "data/snapshot.h"
#include "engine/train/modelinput.h"

#include <algorithm>
#include <exception>
#include <mutex>
#include <numeric>
#include <random>
#include <thread>

namespace glossa::core::train {
namespace {

// Batches per sorted chunk: large enough that lengths line up, small enough that every chunk
// still mixes examples from all over the shuffled data.
constexpr std::size_t bucketChunkBatches = 50;

template <typename TextOf>
EncodedInputs encodeParallel(std::size_t count, const ModelInput &input, const text::Tokenizer &tokenizer,
                             TextOf textOf)
{
    EncodedInputs out(count);
    const std::size_t workers =
        std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, std::max<std::size_t>(1, count / 256));
    // An exception on a worker thread would end the process: the first one is kept and thrown
    // here, on the caller's thread, once every worker is done.
    std::exception_ptr failure;
    std::mutex failureMutex;
    {
        std::vector<std::jthread> threads;
        for (std::size_t worker = 0; worker < workers; ++worker)
            threads.emplace_back([&, worker] {
                try {
                    for (std::size_t i = worker; i < count; i += workers)
                        out[i] = input.encode(tokenizer, textOf(i));
                } catch (...) {
                    const std::lock_guard lock(failureMutex);
                    if (!failure)
                        failure = std::current_exception();
                }
            });
    }
    if (failure)
        std::rethrow_exception(failure);
    return out;
}

// Seeded by (seed, epoch) and a salt per use, so a resumed run draws the same orders.
template <typename Items> void shuffleWith(Items &items, std::uint64_t seed, std::int64_t epoch, std::uint64_t salt)
{
    std::mt19937_64 random(seed * 1000003ULL + static_cast<std::uint64_t>(epoch) * 7919ULL + salt);
    std::shuffle(items.begin(), items.end(), random);
}

std::vector<std::vector<std::size_t>> cut(std::span<const std::size_t> order, std::size_t batchSize)
{
    std::vector<std::vector<std::size_t>> batches;
    for (std::size_t begin = 0; begin < order.size(); begin += batchSize) {
        const auto end = std::min(order.size(), begin + batchSize);
        batches.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(begin),
                             order.begin() + static_cast<std::ptrdiff_t>(end));
    }
    return batches;
}

// Examples 0..n-1 over ids they own.
EncodedExamples owning(EncodedInputs inputs)
{
    EncodedExamples out;
    out.rows.resize(inputs.size());
    std::iota(out.rows.begin(), out.rows.end(), std::size_t{0});
    out.encoded = std::make_shared<const EncodedInputs>(std::move(inputs));
    return out;
}

} // namespace

EncodedInputs encodeInputs(std::span<const data::SnapshotExample *const> examples, const ModelInput &input,
                           const text::Tokenizer &tokenizer)
{
    return encodeParallel(examples.size(), input, tokenizer,
                          [&](std::size_t i) -> std::string_view { return examples[i]->text; });
}

EncodedExamples encodeExamples(std::span<const data::SnapshotExample *const> examples, const ModelInput &input,
                               const text::Tokenizer &tokenizer)
{
    auto out = owning(encodeInputs(examples, input, tokenizer));
    for (const auto *example : examples) {
        out.labels.push_back(example->label);
        out.languages.push_back(example->lang);
    }
    return out;
}

EncodedExamples encodeTexts(std::span<const std::string> texts, const ModelInput &input,
                            const text::Tokenizer &tokenizer)
{
    auto out = owning(
        encodeParallel(texts.size(), input, tokenizer, [&](std::size_t i) -> std::string_view { return texts[i]; }));
    out.labels.assign(texts.size(), -1);
    out.languages.assign(texts.size(), std::string());
    return out;
}

model::Batch makeBatch(const EncodedExamples &examples, std::span<const std::size_t> rows, bool sequence,
                       torch::Device device)
{
    if (sequence) {
        std::size_t longest = 1;
        for (const auto row : rows)
            longest = std::max(longest, examples.input(row).size());
        const auto shape =
            std::vector<std::int64_t>{static_cast<std::int64_t>(rows.size()), static_cast<std::int64_t>(longest)};
        auto padded = torch::zeros(shape, torch::kInt64);
        auto mask = torch::zeros(shape, torch::kInt64);
        auto *data = padded.data_ptr<std::int64_t>();
        auto *marks = mask.data_ptr<std::int64_t>();
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const auto &ids = examples.input(rows[i]);
            std::copy(ids.begin(), ids.end(), data + i * longest);
            std::fill_n(marks + i * longest, ids.size(), 1);
        }
        return {{}, {}, padded.to(device), mask.to(device)};
    }
    std::vector<std::int64_t> ids;
    std::vector<std::int64_t> offsets;
    offsets.reserve(rows.size());
    for (const auto row : rows) {
        offsets.push_back(static_cast<std::int64_t>(ids.size()));
        const auto &input = examples.input(row);
        ids.insert(ids.end(), input.begin(), input.end());
    }
    return {torch::tensor(ids, torch::kInt64).to(device), torch::tensor(offsets, torch::kInt64).to(device), {}, {}};
}

torch::Tensor labelsOf(const EncodedExamples &examples, std::span<const std::size_t> rows, torch::Device device)
{
    std::vector<std::int64_t> labels;
    labels.reserve(rows.size());
    for (const auto row : rows)
        labels.push_back(examples.labels[row]);
    return torch::tensor(labels, torch::kInt64).to(device);
}

std::vector<std::vector<std::size_t>> epochBatches(const EncodedExamples &examples, std::size_t batchSize,
                                                   std::uint64_t seed, std::int64_t epoch, bool bucketByLength)
{
    std::vector<std::size_t> order(examples.size());
    std::iota(order.begin(), order.end(), 0);
    shuffleWith(order, seed, epoch, 0);
    if (!bucketByLength)
        return cut(order, batchSize);

    const std::size_t chunk = batchSize * bucketChunkBatches;
    for (std::size_t begin = 0; begin < order.size(); begin += chunk) {
        const auto first = order.begin() + static_cast<std::ptrdiff_t>(begin);
        const auto last = order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), begin + chunk));
        std::stable_sort(first, last, [&](std::size_t a, std::size_t b) {
            return examples.input(a).size() < examples.input(b).size();
        });
    }
    auto batches = cut(order, batchSize);
    shuffleWith(batches, seed, epoch, 1);
    return batches;
}

std::vector<std::vector<std::size_t>> inferenceBatches(const EncodedExamples &examples, std::size_t batchSize,
                                                       bool sortByLength)
{
    std::vector<std::size_t> order(examples.size());
    std::iota(order.begin(), order.end(), 0);
    if (sortByLength)
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return examples.input(a).size() < examples.input(b).size();
        });
    return cut(order, batchSize);
}

} // namespace glossa::core::train
