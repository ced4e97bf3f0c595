// The dataset browser on 1,000,000 multilingual examples: how long store::ExampleBrowser takes
// to list, sort and search them, and to read a page of rows. Prints figures only.
//
// The project (examples in ten languages and seven scripts, ten labels and some unlabelled
// rows, groups, and one run's predictions for every example) is built once through the real
// importer and kept in the cache folder; later runs reuse it. Building it also measures what
// comes between an import and the search index: searches by scan while nothing is indexed, and
// indexing the rows chunk by chunk (store::SearchIndex, as the GUI does in the background).
// Each figure is the best of --repeat runs (the first run of a query also pays for reading the
// file into the page cache); all of them are with the index complete.
//
// Usage: bench_browse --cache DIR [--rows N] [--repeat K]

#include "data/importer.h"
#include "store/database.h"
#include "store/datasetstore.h"
#include "store/examplebrowser.h"
#include "store/project.h"
#include "store/runstore.h"
#include "store/searchindex.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using namespace glossa::core;
using store::ExampleColumn;
using store::ExampleFilter;
using store::ExampleSort;

namespace {

// Bump when the generator or the project it builds changes, so a cached project is not reused
// across versions. 2: the search index is built by SearchIndex after the import.
constexpr int generatorVersion = 2;

struct SplitMix64
{
    std::uint64_t state;
    std::uint64_t next()
    {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(next() % n); }
    double unit() { return static_cast<double>(next() >> 11) / static_cast<double>(1ULL << 53); }
};

struct Language
{
    const char *code;
    int weight; // share of the rows, in percent
    bool spaces;
    const char *stop;
    std::vector<std::string_view> words;
};

// Customer-support phrases; the searches below look for 收货地址 (4 characters), 退款 (2) and
// "delivery".
const std::vector<Language> &languages()
{
    static const std::vector<Language> all = {
        {"en", 25, true, ".", {"my",       "order",    "has",    "not",      "arrived", "yet",     "the",
                               "tracking", "page",     "says",   "please",   "help",    "cancel",  "refund",
                               "package",  "damaged",  "change", "delivery", "address", "payment", "failed",
                               "account",  "password", "wrong",  "item",     "thanks"}},
        {"de", 10, true, ".", {"meine",          "Bestellung", "ist",           "noch",       "nicht",
                               "angekommen",     "bitte",      "helfen",        "stornieren", "Rückerstattung",
                               "Paket",          "beschädigt", "Lieferadresse", "ändern",     "Zahlung",
                               "fehlgeschlagen", "Konto",      "Passwort",      "Größe",      "danke"}},
        {"fr", 10, true, ".", {"ma",      "commande",      "n'est", "pas",       "encore",    "arrivée",  "suivi",
                               "annuler", "remboursement", "colis", "endommagé", "livraison", "paiement", "échoué",
                               "compte",  "mot",           "passe", "taille",    "merci",     "réponse"}},
        {"es", 10, true, ".", {"mi",       "pedido",    "todavía",    "no",     "ha",        "llegado",  "seguimiento",
                               "cancelar", "reembolso", "paquete",    "dañado", "dirección", "entrega",  "pago",
                               "falló",    "cuenta",    "contraseña", "talla",  "gracias",   "respuesta"}},
        {"ru", 10, true, ".", {"мой",      "заказ",    "ещё",     "не",     "пришёл",  "отслеживание", "пожалуйста",
                               "помогите", "отменить", "возврат", "денег",  "посылка", "повреждённой", "адрес",
                               "доставки", "оплата",   "аккаунт", "пароль", "размер",  "спасибо"}},
        {"ar", 7, true, "؟", {"طلبي",    "لم",    "يصل",     "بعد",    "صفحة",   "التتبع", "ساعدني",
                              "أريد",    "إلغاء", "استرداد", "المبلغ", "الطرد",  "تالفا",  "عنوان",
                              "التوصيل", "الدفع", "الحساب",  "كلمة",   "المرور", "شكرا"}},
        {"hi", 7, true, "।", {"मेरा",  "ऑर्डर", "अभी", "तक",  "नहीं",   "पहुंचा", "ट्रैकिंग", "कृपया",   "मदद", "रद्द",
                              "रिफंड", "पैकेज",  "टूटा", "पता", "भुगतान", "विफल", "खाता",  "पासवर्ड", "ईमेल", "धन्यवाद"}},
        {"zh", 8, false, "。", {"我的",     "订单", "还没有", "到",   "物流", "信息", "没有", "更新",
                                "请",       "帮",   "我",     "取消", "退款", "包裹", "坏了", "修改",
                                "收货地址", "付款", "失败了", "账号", "密码", "谢谢"}},
        {"ja", 8, false, "。", {"注文した", "商品が",     "まだ",       "届いて",     "いません",
                                "追跡",     "キャンセル", "したい",     "返金",       "お願いします",
                                "荷物が",   "壊れて",     "配送先",     "住所を",     "変更",
                                "支払いが", "失敗",       "アカウント", "パスワード", "ありがとう"}},
        {"ko",
         5,
         true,
         ".",
         {"주문한", "상품이", "아직", "도착하지", "않았어요", "배송", "취소하고", "싶어요", "환불", "택배가",
          "파손되어", "배송지", "주소를", "변경할", "결제가", "실패했어요", "계정", "비밀번호", "감사합니다"}},
    };
    return all;
}

constexpr std::pair<std::string_view, int> labels[] = {
    {"track_order", 22},   {"refund", 15},       {"cancel_order", 13},    {"delivery_delay", 11}, {"payment_issue", 9},
    {"change_address", 8}, {"account_login", 7}, {"product_question", 6}, {"complaint", 5},       {"praise", 4},
};

template <typename Items, typename WeightOf>
size_t pickWeighted(SplitMix64 &random, const Items &items, WeightOf weight)
{
    int total = 0;
    for (const auto &item : items)
        total += weight(item);
    int roll = static_cast<int>(random.below(static_cast<size_t>(total)));
    for (size_t i = 0; i < std::size(items); ++i) {
        roll -= weight(items[i]);
        if (roll < 0)
            return i;
    }
    return std::size(items) - 1;
}

// One JSONL line: 40 to 220 bytes of text, a label for nine rows in ten, a group for one in three.
void generateLine(SplitMix64 &random, std::int64_t index, std::string &line)
{
    const auto &language = languages()[pickWeighted(random, languages(), [](const Language &l) { return l.weight; })];
    const size_t target = 40 + random.below(181);
    std::string text;
    size_t words = 0;
    while (text.size() < target) {
        if (language.spaces && words)
            text += ' ';
        text += language.words[random.below(language.words.size())];
        ++words;
    }
    text += language.stop;
    line = "{\"id\":\"" + std::string(language.code) + "-" + std::to_string(index) + "\",\"text\":\"" + text
           + "\",\"lang\":\"" + language.code + "\"";
    if (random.below(10) != 0)
        line += ",\"label\":\""
                + std::string(labels[pickWeighted(random, labels, [](const auto &l) { return l.second; })].first)
                + "\"";
    if (random.below(3) == 0)
        line += ",\"group\":\"customer-" + std::to_string(random.below(50000)) + "\"";
    line += "}\n";
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The project in the cache, built on first use: import, then a run's predictions for every example.
fs::path ensureProject(const fs::path &cache, std::int64_t rows)
{
    const auto stem = "browse-v" + std::to_string(generatorVersion) + "-" + std::to_string(rows);
    const auto file = cache / (stem + store::Project::fileExtension);
    if (fs::exists(file)) {
        std::printf("using cached %s\n", file.c_str());
        return file;
    }
    const auto building = cache / (stem + ".part" + store::Project::fileExtension);
    const auto jsonl = cache / (stem + ".jsonl");
    for (const auto &leftover : {building, fs::path(building.string() + "-wal"), fs::path(building.string() + "-shm")})
        fs::remove(leftover);
    {
        std::printf("generating %lld rows ...", static_cast<long long>(rows));
        std::fflush(stdout);
        const auto started = std::chrono::steady_clock::now();
        std::ofstream out(jsonl, std::ios::binary | std::ios::trunc);
        SplitMix64 random{0xB0A5E5EEDULL};
        std::string line;
        for (std::int64_t i = 0; i < rows; ++i) {
            generateLine(random, i, line);
            out << line;
        }
        if (!out.flush())
            throw std::runtime_error("writing " + jsonl.string() + " failed (disk full?)");
        std::printf(" %.1f s, %llu MiB\n", secondsSince(started),
                    static_cast<unsigned long long>(fs::file_size(jsonl) >> 20));
    }
    {
        auto project = store::Project::create(building);
        auto started = std::chrono::steady_clock::now();
        const auto summary = data::importFile(project.db(), "browse", jsonl);
        std::printf("imported %lld rows in %.1f s\n", static_cast<long long>(summary.rows), secondsSince(started));

        // Before the indexer has run, search scans the texts (once each: the first run reads the
        // file into the page cache as well).
        store::ExampleBrowser browser(project.db());
        for (const char *text : {"收货地址", "delivery", "Delivery address"}) {
            ExampleFilter search;
            search.search = text;
            started = std::chrono::steady_clock::now();
            const auto found = browser.matchingIds(summary.datasetId, search, {}).size();
            std::printf("  search %-28s %8zu ids in %.3f s, nothing indexed yet\n", text, found, secondsSince(started));
        }

        started = std::chrono::steady_clock::now();
        store::SearchIndex index(project.db());
        std::vector<double> chunkSeconds;
        for (bool more = true; more;) {
            const auto chunkStarted = std::chrono::steady_clock::now();
            more = index.indexNextChunk();
            chunkSeconds.push_back(secondsSince(chunkStarted));
        }
        const auto indexSeconds = secondsSince(started);
        auto sorted = chunkSeconds;
        std::sort(sorted.begin(), sorted.end());
        std::printf("indexed %lld rows for search in %.1f s: %zu chunks of up to %lld rows, median %.3f s, "
                    "90th percentile %.3f s, longest %.3f s\n",
                    static_cast<long long>(index.indexedRows()), indexSeconds, chunkSeconds.size(),
                    static_cast<long long>(store::SearchIndex::defaultChunkRows), sorted[sorted.size() / 2],
                    sorted[sorted.size() * 9 / 10], sorted.back());

        started = std::chrono::steady_clock::now();
        store::DatasetStore datasets(project.db());
        const auto labelSet = datasets.labels(summary.datasetId);
        std::vector<store::PredictionRow> predictions;
        predictions.reserve(static_cast<size_t>(rows));
        SplitMix64 random{0x5EED5EEDULL};
        // Right four times in five, less sure when wrong.
        datasets.forEachExample(summary.datasetId, [&](const store::Example &example) {
            const bool right = example.labelId && random.below(5) != 0;
            const auto label = right ? *example.labelId : labelSet[random.below(labelSet.size())].id;
            predictions.push_back({example.id, label, right ? 0.5 + 0.5 * random.unit() : 0.2 + 0.5 * random.unit()});
        });
        store::RunStore runs(project.db(), project.artefactDir());
        const auto runId = runs.createRun(summary.datasetId, "bench", "{}", "bench");
        runs.replacePredictions(runId, predictions);
        runs.setStatus(runId, store::RunStatus::Finished);
        std::printf("stored %zu predictions in %.1f s\n", predictions.size(), secondsSince(started));
    }
    fs::remove(jsonl);
    fs::rename(building, file);
    return file;
}

template <typename Work> double best(int repeat, Work work)
{
    double fastest = 1e30;
    for (int i = 0; i < repeat; ++i) {
        const auto started = std::chrono::steady_clock::now();
        work();
        fastest = std::min(fastest, secondsSince(started));
    }
    return fastest;
}

[[noreturn]] void usage()
{
    std::cerr << "usage: bench_browse --cache DIR [--rows N] [--repeat K]\n";
    std::exit(2);
}

} // namespace

int main(int argc, char **argv)
{
    try {
        std::optional<fs::path> cache;
        std::int64_t rowCount = 1000000;
        int repeat = 3;
        for (int i = 1; i < argc; ++i) {
            const std::string_view arg = argv[i];
            if (i + 1 >= argc)
                usage();
            if (arg == "--cache")
                cache = argv[++i];
            else if (arg == "--rows")
                rowCount = std::stoll(argv[++i]);
            else if (arg == "--repeat")
                repeat = std::max(1, std::stoi(argv[++i]));
            else
                usage();
        }
        if (!cache || rowCount < 1000)
            usage();
        fs::create_directories(*cache);
        const auto file = ensureProject(*cache, rowCount);
        auto project = store::Project::open(file);
        auto &db = project.db();
        store::DatasetStore datasets(db);
        const auto datasetId = datasets.dataset("browse").id;
        const auto runId = store::RunStore(db, project.artefactDir()).runs(datasetId).at(0).id;
        store::ExampleBrowser browser(db);
        std::printf("project: %s, %.0f MiB, %lld examples, %lld of them not indexed for search\n\n", file.c_str(),
                    static_cast<double>(fs::file_size(file)) / (1 << 20),
                    static_cast<long long>(datasets.exampleCount(datasetId)),
                    static_cast<long long>(store::SearchIndex(db).pendingRows()));

        std::printf("%-44s %10s %10s\n", "matchingIds", "ids", "seconds");
        std::vector<std::int64_t> ids;
        auto measure = [&](const char *what, const ExampleFilter &filter, ExampleSort sort = {}) {
            const auto seconds = best(repeat, [&] { ids = browser.matchingIds(datasetId, filter, sort); });
            std::printf("%-44s %10zu %10.3f\n", what, ids.size(), seconds);
            return ids;
        };
        const auto byId = measure("no filter (id order)", {});
        const auto byText = measure("no filter, sorted by text", {}, {ExampleColumn::Text, false});
        measure("no filter, sorted by label", {}, {ExampleColumn::Label, false});
        measure("no filter, sorted by language", {}, {ExampleColumn::Lang, false});
        ExampleFilter search;
        search.search = "收货地址";
        measure("search 收货地址 (4 chars, trigram index)", search);
        search.search = "退款";
        measure("search 退款 (2 chars, text scan)", search);
        search.search = "delivery";
        measure("search 'delivery'", search);
        search.search = "Delivery address";
        measure("search 'Delivery address' (two words)", search);
        search.search = "заказ";
        measure("search 'заказ'", search, {ExampleColumn::Text, false});
        ExampleFilter byLabel;
        byLabel.labelId = datasets.findLabel(datasetId, "refund");
        measure("label filter (refund)", byLabel);
        ExampleFilter langLabel = byLabel;
        langLabel.lang = "de";
        measure("label and language filter (refund, de)", langLabel);
        ExampleFilter unlabelled;
        unlabelled.unlabelledOnly = true;
        measure("unlabelled only", unlabelled);
        ExampleFilter disagreements;
        disagreements.runId = runId;
        disagreements.disagreementsOnly = true;
        measure("disagreements with the run", disagreements);
        ExampleFilter withRun;
        withRun.runId = runId;
        measure("with the run, sorted by confidence", withRun, {ExampleColumn::Confidence, false});
        measure("with the run, sorted by predicted label", withRun, {ExampleColumn::Predicted, false});

        // What the index saves: the same 4-character search as a scan of every text.
        {
            auto scan = db.prepare("SELECT count(*) FROM examples WHERE dataset_id = ?1 AND instr(text, ?2) > 0");
            std::int64_t found = 0;
            const auto seconds = best(repeat, [&] {
                scan.bind(1, datasetId).bind(2, "收货地址");
                scan.step();
                found = scan.int64(0);
                scan.reset();
            });
            std::printf("%-44s %10lld %10.3f\n", "  for reference: instr() scan for 收货地址",
                        static_cast<long long>(found), seconds);
        }

        // How soon a stop request ends a sort by text (the browser drops a stale query).
        {
            std::stop_source stop;
            std::jthread stopper([&] {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                stop.request_stop();
            });
            const auto started = std::chrono::steady_clock::now();
            const auto stopped = browser.matchingIds(datasetId, {}, {ExampleColumn::Text, false}, stop.get_token());
            std::printf("%-44s %10zu %10.3f\n", "sort by text, stopped after 50 ms", stopped.size(),
                        secondsSince(started));
        }

        std::printf("\n%-44s %10s %10s\n", "rows() for a page of 200 ids", "rows", "seconds");
        auto page = [&](const char *order, const std::vector<std::int64_t> &list, size_t offset) {
            offset = std::min(offset, list.size() - std::min<size_t>(200, list.size()));
            const std::vector<std::int64_t> pageIds(list.begin() + static_cast<std::ptrdiff_t>(offset),
                                                    list.begin() + static_cast<std::ptrdiff_t>(offset + 200));
            std::vector<store::ExampleRow> rows;
            const auto seconds = best(repeat, [&] { rows = browser.rows(pageIds, runId); });
            std::printf("%-44s %10zu %10.4f\n", (std::string(order) + " at " + std::to_string(offset)).c_str(),
                        rows.size(), seconds);
        };
        const auto total = static_cast<size_t>(byId.size());
        for (const size_t offset : {size_t(0), total / 2, total - 200})
            page("id order", byId, offset);
        for (const size_t offset : {size_t(0), total / 2, total - 200})
            page("text order", byText, offset);

        std::printf("\n%-44s %10s %10s\n", "other", "", "seconds");
        std::vector<std::string> langs;
        const auto seconds = best(repeat, [&] { langs = browser.languages(datasetId); });
        std::printf("%-44s %10zu %10.3f\n", "languages()", langs.size(), seconds);
        std::vector<store::LabelInfo> labelInfo;
        const auto labelSeconds = best(repeat, [&] { labelInfo = datasets.activeLabels(datasetId); });
        std::printf("%-44s %10zu %10.3f\n", "activeLabels() with example counts", labelInfo.size(), labelSeconds);
    } catch (const std::exception &e) {
        std::cerr << "bench_browse: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
