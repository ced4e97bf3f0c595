// How long the UI thread goes without turning its event loop while an analyst scrolls,
// filters, searches and sorts a million-row dataset in the Data tab.
//
// Usage: ui_stall [CACHE_DIR] [ROWS]   (default /tmp/glossa-ui-stall, 1000000 rows)
// Builds the project once (a generated multilingual CSV imported through the core) and reuses
// it. Run it with QT_QPA_PLATFORM=offscreen, or under xvfb-run to include real painting.
//
// The gap monitor is a 1 ms precise timer on the UI thread: the time between two of its ticks
// is how long the loop was busy (a paint, a model reset, a slot). Prints per phase the longest
// gap, the 99th percentile and how many gaps passed 16 ms (one frame) and 50 ms.

#include "stallmonitor.h"

#include "ui/data/datapage.h"
#include "ui/data/exampletablemodel.h"
#include "ui/data/filterbar.h"
#include "ui/shell/mainwindow.h"
#include "ui/session/projectsession.h"

#include "data/importer.h"
#include "store/project.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTableView>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <sys/resource.h>
#include <vector>

using namespace glossa;
using bench::GapMonitor;
using bench::waitUntil;

namespace {

const char *const sampleTexts[] = {
    "Where is my parcel? It has not arrived yet, order number",
    "Ich möchte meine Bestellung stornieren, bitte, Nummer",
    "我想申请退款，商品有损坏，订单号",
    "أريد استرداد المبلغ لأن المنتج وصل تالفاً رقم الطلب",
    "Не могу войти в свой аккаунт, пароль не подходит, заказ",
    "मेरा पैकेट अभी तक नहीं आया है, कृपया जाँच करें, ऑर्डर",
    "注文した商品がまだ届いていません。注文番号",
    "Je voudrais changer l'adresse de livraison de la commande",
};
const char *const langs[] = {"en", "de", "zh", "ar", "ru", "hi", "ja", "fr"};
const char *const labels[] = {"track_order",    "cancel_order",   "refund_request", "damaged_item",
                              "account_access", "change_address", "payment_issue",  "invoice_request"};

QString ensureProject(const QString &cacheDir, int rows)
{
    QDir().mkpath(cacheDir);
    const QString path = QDir(cacheDir).filePath(QStringLiteral("stall-%1.glossa").arg(rows));
    if (QFile::exists(path))
        return path;
    const QString csv = QDir(cacheDir).filePath(QStringLiteral("stall-%1.csv").arg(rows));
    QFile file(csv);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(csv));
    file.write("id,text,label,lang\n");
    for (int i = 0; i < rows; ++i) {
        const int kind = i % 8;
        const QByteArray label = i % 9 == 0 ? QByteArray() : QByteArray(labels[(i / 8 + kind) % 8]);
        file.write("e" + QByteArray::number(i) + ",\"" + QByteArray(sampleTexts[kind]) + " "
                   + QByteArray::number(i * 7919 % 1000003) + "\"," + label + "," + langs[kind] + "\n");
    }
    file.close();
    std::printf("building %s (%d rows)...\n", qPrintable(path), rows);
    std::fflush(stdout);
    auto project = core::store::Project::create(path.toStdString());
    core::data::importFile(project.db(), "tickets", csv.toStdString());
    QFile::remove(csv);
    return path;
}

// Runs steps one after another on the event loop, each after the previous one's wait ends.
class Script : public QObject
{
public:
    using Step = std::function<void(std::function<void()> done)>;
    void add(Step step) { m_steps.push_back(std::move(step)); }
    void run(std::function<void()> finished)
    {
        if (m_next == m_steps.size()) {
            finished();
            return;
        }
        auto step = m_steps[m_next++];
        step([this, finished] { QTimer::singleShot(0, this, [this, finished] { run(finished); }); });
    }

private:
    std::vector<Step> m_steps;
    size_t m_next = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    const QString cacheDir = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("/tmp/glossa-ui-stall");
    const int rows = argc > 2 ? std::atoi(argv[2]) : 1000000;
    const QString path = ensureProject(cacheDir, rows);

    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.resize(1400, 860);
    window.show();
    auto *page = window.dataPage();
    auto *model = page->model();
    auto *table = page->table();
    auto *search = page->findChild<QLineEdit *>(QStringLiteral("searchField"));
    auto *language = page->findChild<QComboBox *>(QStringLiteral("languageFilter"));
    auto *unlabelled = page->findChild<QCheckBox *>(QStringLiteral("unlabelledFilter"));

    GapMonitor monitor;
    Script script;
    QElapsedTimer phaseClock;
    const auto idle = [model] { return !model->isQueryRunning(); };
    // A phase: start it, act, wait for the query (if any) and a little settling, report.
    const auto phase = [&](const char *name, std::function<void()> act) {
        script.add([&, name, act](std::function<void()> done) {
            monitor.startPhase();
            phaseClock.start();
            act();
            waitUntil(&app, idle, [&, name, done] {
                const qint64 queryMs = phaseClock.elapsed();
                QTimer::singleShot(300, &app, [&, name, done, queryMs] {
                    monitor.report(name);
                    std::printf("%-40s (result after %lld ms, %d rows)\n", "", static_cast<long long>(queryMs),
                                model->rowCount());
                    done();
                });
            });
        });
    };

    script.add([&](std::function<void()> done) {
        phaseClock.start();
        monitor.startPhase();
        window.openProjectFile(path);
        waitUntil(
            &app, [model] { return model->rowCount() > 0 && !model->isQueryRunning(); },
            [&, done] {
                monitor.report("open project, first query");
                std::printf("%-40s (rows after %lld ms)\n", "", static_cast<long long>(phaseClock.elapsed()));
                done();
            });
    });
    // Scrolling: 200 jumps across the whole range, one every 10 ms, like dragging the handle,
    // then 300 single-row steps with the arrow key's effect.
    script.add([&](std::function<void()> done) {
        monitor.startPhase();
        auto *bar = table->verticalScrollBar();
        auto step = std::make_shared<int>(0);
        auto *timer = new QTimer(&app);
        timer->setInterval(10);
        QObject::connect(timer, &QTimer::timeout, &app, [=, &monitor] {
            if (*step < 200) {
                bar->setValue(bar->maximum() * (*step) / 199);
            } else if (*step < 500) {
                const QModelIndex current = table->currentIndex();
                table->setCurrentIndex(model->index(std::min(current.row() + 1, model->rowCount() - 1), 0));
            } else {
                timer->stop();
                timer->deleteLater();
                monitor.report("scroll: 200 jumps + 300 row steps");
                done();
                return;
            }
            ++*step;
        });
        table->setCurrentIndex(model->index(rows / 2, 0));
        timer->start();
    });
    phase("filter: language = zh", [&] { language->setCurrentIndex(language->findData(QStringLiteral("zh"))); });
    phase("filter: all languages", [&] { language->setCurrentIndex(0); });
    phase("filter: unlabelled only", [&] { unlabelled->setChecked(true); });
    phase("filter: off", [&] { unlabelled->setChecked(false); });
    phase("search: 申请退款 (CJK, 4 chars)", [&] {
        search->setText(QStringLiteral("申请退款"));
        QMetaObject::invokeMethod(search, "returnPressed");
    });
    phase("search: 退款 (CJK, 2 chars)", [&] {
        search->setText(QStringLiteral("退款"));
        QMetaObject::invokeMethod(search, "returnPressed");
    });
    phase("search: parcel (Latin)", [&] {
        search->setText(QStringLiteral("parcel"));
        QMetaObject::invokeMethod(search, "returnPressed");
    });
    phase("search: cleared", [&] {
        search->clear();
        QMetaObject::invokeMethod(search, "returnPressed");
    });
    phase("sort: by text", [&] { table->sortByColumn(model->columnCount() - 1, Qt::AscendingOrder); });
    phase("sort: by label, descending", [&] { table->sortByColumn(2, Qt::DescendingOrder); });
    phase("sort: by id", [&] { table->sortByColumn(0, Qt::AscendingOrder); });

    script.run([&] {
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        std::printf("\nlongest UI-thread stall over all phases: %.1f ms (target < 50 ms): %s\n", monitor.worst(),
                    monitor.worst() < 50 ? "PASS" : "MISS");
        std::printf("peak memory: %.0f MiB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
        QTimer::singleShot(0, &app, [] { QApplication::exit(0); });
    });
    return QApplication::exec();
}
