#include "engine/model/inferenceattention.h"

#include "util/error.h"

#include <ATen/Parallel.h>
#include <torch/autograd.h>

#include <algorithm>
#include <string>
#include <vector>

// GCC builds each kernel twice, for the baseline x86-64 and for AVX2 with FMA, and picks one at
// load time: eight floats a step where the machine has them, without requiring them.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define GLOSSA_VECTOR_CLONES __attribute__((target_clones("fma", "default")))
#else
#define GLOSSA_VECTOR_CLONES
#endif

// load and store are always inlined into the kernels: no eight-float value crosses a call, so
// the calling convention GCC warns about never applies.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

namespace glossa::core::model {
namespace {

// Eight floats, one AVX register (two SSE ones in the baseline build), read from anywhere.
typedef float Floats8 __attribute__((vector_size(32), aligned(4), may_alias));
constexpr std::int64_t lanes = 8;

[[gnu::always_inline]] inline Floats8 load(const float *from)
{
    return *reinterpret_cast<const Floats8 *>(from);
}

[[gnu::always_inline]] inline void store(float *to, Floats8 values)
{
    *reinterpret_cast<Floats8 *>(to) = values;
}

// One (text, head) pair's rows, where its head's columns start.
struct HeadRows
{
    const float *first;
    std::int64_t stride; // floats from one token's row to the next
};

// Tiles that keep a register file busy: four queries against sixteen keys (eight sums, each
// growing on its own, so no addition waits for the one before it), and two queries' contexts
// over 32 columns.
constexpr std::int64_t queryTile = 4;
constexpr std::int64_t keyTile = 2;    // registers of keys: 16 keys
constexpr std::int64_t columnTile = 4; // registers of columns: 32 values

// scores[i, j] = (q_i · k_j) · scale + keyBias[j], [length, length]. keysByColumn is the head's
// keys transposed, [dim, paddedLength], zero past length, paddedLength a whole number of key
// tiles, so that sixteen keys' sums grow side by side as each query value is broadcast.
GLOSSA_VECTOR_CLONES
void headScores(HeadRows q, const float *keysByColumn, std::int64_t paddedLength, const float *keyBias,
                std::int64_t length, std::int64_t dim, float scale, float *scores)
{
    float tile[queryTile][keyTile * lanes];
    for (std::int64_t i = 0; i < length; i += queryTile) {
        const float *queries[queryTile];
        for (std::int64_t r = 0; r < queryTile; ++r) // past the end: the last query again, not stored
            queries[r] = q.first + std::min(i + r, length - 1) * q.stride;
        for (std::int64_t j = 0; j < length; j += keyTile * lanes) {
            Floats8 sums[queryTile][keyTile] = {};
            for (std::int64_t d = 0; d < dim; ++d) {
                Floats8 keys[keyTile];
                for (std::int64_t c = 0; c < keyTile; ++c)
                    keys[c] = load(keysByColumn + d * paddedLength + j + c * lanes);
                for (std::int64_t r = 0; r < queryTile; ++r)
                    for (std::int64_t c = 0; c < keyTile; ++c)
                        sums[r][c] += queries[r][d] * keys[c];
            }
            for (std::int64_t r = 0; r < queryTile; ++r)
                for (std::int64_t c = 0; c < keyTile; ++c)
                    store(tile[r] + c * lanes, sums[r][c]);
            const auto rows = std::min(queryTile, length - i);
            const auto width = std::min(keyTile * lanes, length - j);
            for (std::int64_t r = 0; r < rows; ++r)
                for (std::int64_t w = 0; w < width; ++w)
                    scores[(i + r) * length + j + w] = tile[r][w] * scale + keyBias[j + w];
        }
    }
}

// out_i = Σ_j p[i, j] v_j over the head's columns, two queries by 32 columns at a time.
GLOSSA_VECTOR_CLONES
void headContext(const float *probabilities, HeadRows v, std::int64_t length, std::int64_t dim, float *out,
                 std::int64_t outStride)
{
    constexpr std::int64_t rowsTile = 2;
    for (std::int64_t i = 0; i < length; i += rowsTile) {
        const auto rows = std::min(rowsTile, length - i);
        const float *weights[rowsTile];
        for (std::int64_t r = 0; r < rowsTile; ++r)
            weights[r] = probabilities + std::min(i + r, length - 1) * length;
        std::int64_t d = 0;
        for (; d + columnTile * lanes <= dim; d += columnTile * lanes) {
            Floats8 sums[rowsTile][columnTile] = {};
            for (std::int64_t j = 0; j < length; ++j) {
                const float *value = v.first + j * v.stride + d;
                for (std::int64_t c = 0; c < columnTile; ++c) {
                    const auto values = load(value + c * lanes);
                    for (std::int64_t r = 0; r < rowsTile; ++r)
                        sums[r][c] += weights[r][j] * values;
                }
            }
            for (std::int64_t r = 0; r < rows; ++r)
                for (std::int64_t c = 0; c < columnTile; ++c)
                    store(out + (i + r) * outStride + d + c * lanes, sums[r][c]);
        }
        for (; d < dim; ++d) // a head size that is not a multiple of 32
            for (std::int64_t r = 0; r < rows; ++r) {
                float sum = 0;
                for (std::int64_t j = 0; j < length; ++j)
                    sum += weights[r][j] * v.first[j * v.stride + d];
                out[(i + r) * outStride + d] = sum;
            }
    }
}

// Rows whose values are contiguous, as the kernels read them.
torch::Tensor rowsContiguous(const torch::Tensor &t)
{
    return t.stride(2) == 1 ? t : t.contiguous();
}

HeadRows headRows(const torch::Tensor &t, std::int64_t text, std::int64_t head, std::int64_t dim)
{
    return {t.data_ptr<float>() + text * t.stride(0) + head * dim, t.stride(1)};
}

} // namespace

torch::Tensor inferenceAttention(const torch::Tensor &qIn, const torch::Tensor &kIn, const torch::Tensor &vIn,
                                 const torch::Tensor &keyBiasIn, std::int64_t heads, double scale)
{
    const auto batch = qIn.size(0);
    const auto length = qIn.size(1);
    const auto hidden = qIn.size(2);
    if (heads <= 0 || hidden % heads != 0)
        throw Error("attention over " + std::to_string(hidden) + " values cannot split into " + std::to_string(heads)
                    + " heads");
    const auto dim = hidden / heads;
    const auto q = rowsContiguous(qIn);
    const auto k = rowsContiguous(kIn);
    const auto v = rowsContiguous(vIn);
    const auto keyBias = keyBiasIn.to(torch::kFloat32).reshape({batch, length}).contiguous();
    const auto *bias = keyBias.data_ptr<float>();
    const auto pairs = batch * heads;
    // Enough pairs a thread that splitting pays for itself on short texts.
    const auto grain = std::max<std::int64_t>(1, 32768 / std::max<std::int64_t>(1, length * length * dim));

    const auto paddedLength = (length + keyTile * lanes - 1) / (keyTile * lanes) * (keyTile * lanes);
    auto scores = torch::empty({batch, heads, length, length}, q.options());
    auto *scoreData = scores.data_ptr<float>();
    at::parallel_for(0, pairs, grain, [&](std::int64_t begin, std::int64_t end) {
        std::vector<float> keysByColumn(static_cast<std::size_t>(dim * paddedLength), 0.0f);
        for (auto pair = begin; pair < end; ++pair) {
            const auto text = pair / heads;
            const auto head = pair % heads;
            const auto keys = headRows(k, text, head, dim);
            for (std::int64_t j = 0; j < length; ++j)
                for (std::int64_t d = 0; d < dim; ++d)
                    keysByColumn[d * paddedLength + j] = keys.first[j * keys.stride + d];
            headScores(headRows(q, text, head, dim), keysByColumn.data(), paddedLength, bias + text * length, length,
                       dim, static_cast<float>(scale), scoreData + pair * length * length);
        }
    });
    // LibTorch's softmax is vectorised and keeps its numerics; only the products were slow.
    const auto probabilities = scores.softmax(-1);
    const auto *probabilityData = probabilities.data_ptr<float>();

    auto out = torch::empty({batch, length, hidden}, q.options());
    auto *outData = out.data_ptr<float>();
    at::parallel_for(0, pairs, grain, [&](std::int64_t begin, std::int64_t end) {
        for (auto pair = begin; pair < end; ++pair) {
            const auto text = pair / heads;
            const auto head = pair % heads;
            headContext(probabilityData + pair * length * length, headRows(v, text, head, dim), length, dim,
                        outData + text * length * hidden + head * dim, hidden);
        }
    });
    return out;
}

bool canUseInferenceAttention(const torch::Tensor &x, bool dropoutActive)
{
    return !dropoutActive && !torch::GradMode::is_enabled() && x.device().is_cpu()
           && x.scalar_type() == torch::kFloat32;
}

} // namespace glossa::core::model
