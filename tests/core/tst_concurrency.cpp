// A training run writes metrics from its own thread while the analyst keeps labelling and the
// views keep reading. Each side has its own connection (WAL, BEGIN IMMEDIATE, short
// transactions), so neither may ever wait anywhere near the busy timeout or see SQLITE_BUSY.

#include "data/importer.h"
#include "store/database.h"
#include "store/datasetstore.h"
#include "store/labeljournal.h"
#include "store/project.h"
#include "store/runstore.h"
#include "util/error.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace glossa::core;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// "Never blocked for the busy timeout" (5 s): a wait this long already means something holds
// the write lock for far longer than one short transaction.
constexpr double worstWaitBoundMs = 1000.0;
constexpr int metricBatches = 300;
constexpr int pointsPerBatch = 4;
constexpr int labelEdits = 300;
constexpr int exampleCount = 120;
// How many steps one side may get ahead of the other (see Pace).
constexpr int maxLead = 3;

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The worst and the typical duration of one kind of operation.
struct Timings
{
    std::vector<double> samples;
    void add(double ms) { samples.push_back(ms); }
    double worst() const { return samples.empty() ? 0 : *std::max_element(samples.begin(), samples.end()); }
    double median() const
    {
        if (samples.empty())
            return 0;
        auto sorted = samples;
        std::sort(sorted.begin(), sorted.end());
        return sorted[sorted.size() / 2];
    }
};

QString describe(const char *what, const Timings &timings)
{
    return QStringLiteral("%1: %2 ops, median %3 ms, worst %4 ms")
        .arg(QLatin1String(what))
        .arg(timings.samples.size())
        .arg(timings.median(), 0, 'f', 3)
        .arg(timings.worst(), 0, 'f', 3);
}

QString messageOf(const std::exception_ptr &error)
{
    if (!error)
        return {};
    try {
        std::rethrow_exception(error);
    } catch (const std::exception &e) {
        return QString::fromUtf8(e.what());
    } catch (...) {
        return QStringLiteral("unknown exception");
    }
}

// Keeps two loops in step: neither gets more than maxLead steps ahead of the other, so their
// database work interleaves for the whole test whatever the scheduler does (a metric append
// alone takes a tenth of a millisecond and would otherwise finish before the first edit).
// The wait happens between database calls and is not part of any measured duration.
class Pace
{
public:
    void waitTurn(int side)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_finished[1 - side] || m_done[side] - m_done[1 - side] < maxLead; });
    }
    void stepped(int side)
    {
        std::lock_guard lock(m_mutex);
        ++m_done[side];
        m_changed.notify_all();
    }
    void finished(int side)
    {
        std::lock_guard lock(m_mutex);
        m_finished[side] = true;
        m_changed.notify_all();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_done[2] = {0, 0};
    bool m_finished[2] = {false, false};
};

// A project with one dataset of exampleCount labelled examples and a run in progress.
struct Fixture
{
    QTemporaryDir dir;
    std::optional<store::Project> project;
    std::int64_t datasetId = 0;
    std::int64_t runId = 0;
    std::vector<std::int64_t> examples;
    std::vector<std::int64_t> labels;

    void create()
    {
        project.emplace(store::Project::create(fs::path(dir.filePath(QStringLiteral("busy.glossa")).toStdString())));
        const auto input = dir.filePath(QStringLiteral("busy.jsonl"));
        QFile file(input);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const char *names[] = {"track_order", "refund", "cancel"};
        for (int i = 0; i < exampleCount; ++i)
            file.write(QStringLiteral(R"({"id": "x%1", "text": "example number %1", "label": "%2", "lang": "en"})")
                           .arg(i)
                           .arg(QLatin1String(names[i % 3]))
                           .toUtf8()
                       + '\n');
        file.close();
        data::importFile(project->db(), "busy", fs::path(input.toStdString()));
        store::DatasetStore datasets(project->db());
        datasetId = datasets.dataset("busy").id;
        for (const auto &label : datasets.labels(datasetId))
            labels.push_back(label.id);
        datasets.forEachExample(datasetId, [&](const store::Example &example) { examples.push_back(example.id); });
        store::RunStore runs(project->db(), project->artefactDir());
        runId = runs.createRun(datasetId, "live", "{}", "snapshot");
        runs.markStarted(runId, "cpu");
    }
};

} // namespace

class TestConcurrency : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void trainingAndLabellingDoNotBlockEachOther();
    void openReadCursorDoesNotBlockTraining();
};

void TestConcurrency::trainingAndLabellingDoNotBlockEachOther()
{
    Fixture f;
    f.create();
    QCOMPARE(f.examples.size(), size_t(exampleCount));
    QCOMPARE(f.labels.size(), size_t(3));

    enum Side { Training, Labelling };
    Pace pace;
    std::atomic<bool> trainingDone = false;
    Timings append;
    int batchesWritten = 0;
    std::exception_ptr trainingError;

    std::thread training([&] {
        try {
            // The training thread's own connection, as TrainingJob opens it.
            auto db = f.project->connect();
            store::RunStore runs(db, f.project->artefactDir());
            for (int batch = 0; batch < metricBatches; ++batch) {
                pace.waitTurn(Training);
                std::vector<store::MetricPoint> points;
                for (int p = 0; p < pointsPerBatch; ++p)
                    points.push_back({batch * pointsPerBatch + p, batch / 100.0, "train", "loss", 1.0 / (batch + 1)});
                const auto began = Clock::now();
                runs.appendMetrics(f.runId, points);
                if (batch % 20 == 0)
                    runs.heartbeat(f.runId);
                append.add(msSince(began));
                batchesWritten = batch + 1;
                pace.stepped(Training);
            }
        } catch (...) {
            trainingError = std::current_exception();
        }
        trainingDone = true;
        pace.finished(Training);
    });

    // The UI thread: label edits through the journal on the project's own connection, an
    // undo/redo now and then, and the reads a live plot and the statistics panel make.
    Timings edits;
    Timings undoRedo;
    Timings reads;
    std::map<std::int64_t, std::int64_t> expected; // example -> label the user gave it last
    int editCount = 0;
    int editsWhileTraining = 0;
    std::int64_t lastSeenPoints = 0;
    // No QVERIFY while the training thread runs: an early return would skip join().
    bool pointsWentBack = false;
    bool editsLost = false;
    bool statsEmpty = false;
    std::exception_ptr labellingError;
    try {
        store::LabelJournal journal(f.project->db());
        store::RunStore runs(f.project->db(), f.project->artefactDir());
        store::DatasetStore datasets(f.project->db());
        for (int i = 0; i < labelEdits; ++i) {
            pace.waitTurn(Labelling);
            const bool trainingRunning = !trainingDone;
            const auto example = f.examples[static_cast<size_t>(i) % f.examples.size()];
            // The next label in the set, so that every edit really changes something.
            const auto current = datasets.example(example)->labelId.value();
            const auto position = std::find(f.labels.begin(), f.labels.end(), current) - f.labels.begin();
            const auto next = f.labels[static_cast<size_t>(position + 1) % f.labels.size()];

            auto began = Clock::now();
            const auto changes = journal.setLabel(f.datasetId, {example}, next, store::EditSource::User);
            edits.add(msSince(began));
            editsLost = editsLost || changes.size() != 1;
            expected[example] = next;
            ++editCount;
            editsWhileTraining += trainingRunning ? 1 : 0;

            if (i % 25 == 24) {
                began = Clock::now();
                journal.undo(f.datasetId);
                journal.redo(f.datasetId);
                undoRedo.add(msSince(began));
            }

            began = Clock::now();
            const auto seen = static_cast<std::int64_t>(runs.metrics(f.runId, "loss").size());
            const auto stats = datasets.stats(f.datasetId);
            reads.add(msSince(began));
            statsEmpty = statsEmpty || stats.empty();
            // A live plot never loses points it has already drawn.
            pointsWentBack = pointsWentBack || seen < lastSeenPoints;
            lastSeenPoints = seen;
            pace.stepped(Labelling);
        }
    } catch (...) {
        labellingError = std::current_exception();
    }
    pace.finished(Labelling);
    training.join();

    qInfo().noquote() << describe("metric batch append (training thread)", append);
    qInfo().noquote() << describe("label edit (UI thread)", edits);
    qInfo().noquote() << describe("undo+redo (UI thread)", undoRedo);
    qInfo().noquote() << describe("plot + stats read (UI thread)", reads);
    qInfo().noquote()
        << QStringLiteral("%1 of %2 label edits ran while training was writing").arg(editsWhileTraining).arg(editCount);

    // Neither side saw an error, SQLITE_BUSY ("the project is busy") included.
    QVERIFY2(!trainingError, qPrintable(QStringLiteral("training thread: ") + messageOf(trainingError)));
    QVERIFY2(!labellingError, qPrintable(QStringLiteral("UI thread: ") + messageOf(labellingError)));
    QCOMPARE(batchesWritten, metricBatches);
    QCOMPARE(editCount, labelEdits);
    QVERIFY(!pointsWentBack);
    QVERIFY(!editsLost);
    QVERIFY(!statsEmpty);

    // Nobody waited for the busy timeout.
    QVERIFY2(append.worst() < worstWaitBoundMs, qPrintable(describe("append", append)));
    QVERIFY2(edits.worst() < worstWaitBoundMs, qPrintable(describe("edit", edits)));
    QVERIFY2(undoRedo.worst() < worstWaitBoundMs, qPrintable(describe("undo+redo", undoRedo)));
    QVERIFY2(reads.worst() < worstWaitBoundMs, qPrintable(describe("read", reads)));

    // Everything landed: every metric point in step order, every label as last set.
    store::RunStore runs(f.project->db(), f.project->artefactDir());
    const auto points = runs.metrics(f.runId);
    QCOMPARE(points.size(), size_t(metricBatches * pointsPerBatch));
    for (size_t i = 0; i < points.size(); ++i)
        QCOMPARE(points[i].step, std::int64_t(i));
    store::DatasetStore datasets(f.project->db());
    for (const auto &[example, label] : expected)
        QCOMPARE(datasets.example(example)->labelId, std::optional<std::int64_t>(label));
    QCOMPARE(f.project->db().queryInt("SELECT count(*) FROM edit_batches WHERE source = 'user' AND action = 'edit'"),
             std::int64_t(editCount));
    // And the undo stack is intact: the newest edit is the one undo reverts.
    QVERIFY(store::LabelJournal(f.project->db()).canUndo(f.datasetId));
}

void TestConcurrency::openReadCursorDoesNotBlockTraining()
{
    Fixture f;
    f.create();

    // An export streams the dataset through an open cursor (a read transaction) for as long
    // as it takes; training must keep committing meanwhile. The exporter waits, in the middle
    // of its read, until training has committed batches; with a blocking reader that would
    // never happen and the wait would time out.
    constexpr int batchesDuringExport = 50;
    std::mutex mutex;
    std::condition_variable committed;
    int batchesDone = 0;
    std::exception_ptr trainingError;
    std::atomic<bool> exportStarted = false;

    std::thread training([&] {
        try {
            auto db = f.project->connect();
            store::RunStore runs(db, f.project->artefactDir());
            {
                std::unique_lock lock(mutex);
                committed.wait(lock, [&] { return exportStarted.load(); });
            }
            for (int batch = 0; batch < batchesDuringExport; ++batch) {
                runs.appendMetrics(f.runId, {{batch, 0.0, "train", "loss", 1.0}});
                std::lock_guard lock(mutex);
                batchesDone = batch + 1;
                committed.notify_all();
            }
        } catch (...) {
            trainingError = std::current_exception();
            std::lock_guard lock(mutex);
            batchesDone = -1;
            committed.notify_all();
        }
    });

    int exported = 0;
    bool trainingProgressed = false;
    store::DatasetStore(f.project->db()).forEachExample(f.datasetId, [&](const store::Example &) {
        if (exported++ == 0) {
            std::unique_lock lock(mutex);
            exportStarted = true;
            committed.notify_all();
            trainingProgressed = committed.wait_for(lock, std::chrono::seconds(10), [&] {
                return batchesDone == batchesDuringExport || batchesDone < 0;
            }) && batchesDone == batchesDuringExport;
        }
    });
    {
        // Releases the training thread even if the dataset turned out empty.
        std::lock_guard lock(mutex);
        exportStarted = true;
        committed.notify_all();
    }
    training.join();

    QVERIFY2(!trainingError, qPrintable(messageOf(trainingError)));
    QVERIFY2(trainingProgressed, "training could not commit while an export was reading");
    QCOMPARE(exported, exampleCount);
    QCOMPARE(store::RunStore(f.project->db(), f.project->artefactDir()).metrics(f.runId).size(),
             size_t(batchesDuringExport));
}

QTEST_GUILESS_MAIN(TestConcurrency)
#include "tst_concurrency.moc"
