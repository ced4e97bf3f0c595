// How long the UI thread goes without turning its event loop while a run trains on the demo
// set and the analyst watches its curves, then scrolls and labels in the Data tab; and how
// often the charts replot (at most 25 times a second by design).
//
// Usage: train_stall [WORK_DIR]   (default /tmp/glossa-train-stall; a fresh demo project each time)
// Needs glossa-cli beside this program's build (bin/glossa-cli) or $GLOSSA_CLI. Run it with
// QT_QPA_PLATFORM=offscreen, or under xvfb-run to include real painting.
//
// The run: the demo's default bag model for 250 epochs without early stopping, so it lasts
// long enough to do the rest while it trains.

#include "ui/train/configeditor.h"
#include "stallmonitor.h"

#include "ui/data/datapage.h"
#include "ui/data/exampletablemodel.h"
#include "ui/shell/mainwindow.h"
#include "ui/session/projectsession.h"
#include "ui/train/trainingcharts.h"
#include "ui/session/trainingcontroller.h"
#include "ui/train/trainpage.h"

#include "data/demoproject.h"
#include "store/project.h"
#include "train/trainconfig.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QKeyEvent>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

using namespace glossa;
using bench::GapMonitor;
using bench::waitUntil;

namespace {

// Calls act(i) every intervalMs for count times, then done().
void every(QObject *context, int intervalMs, int count, std::function<void(int)> act, std::function<void()> done)
{
    auto *timer = new QTimer(context);
    auto step = std::make_shared<int>(0);
    timer->setInterval(intervalMs);
    QObject::connect(timer, &QTimer::timeout, context, [=] {
        if (*step == count) {
            timer->stop();
            timer->deleteLater();
            done();
            return;
        }
        act((*step)++);
    });
    timer->start();
}

} // namespace

// Names the slowest events the UI thread handled, so a stall can be traced to its cause.
class TimingApplication : public QApplication
{
public:
    using QApplication::QApplication;

    bool notify(QObject *receiver, QEvent *event) override
    {
        QElapsedTimer clock;
        clock.start();
        const bool handled = QApplication::notify(receiver, event);
        const double ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
        if (ms > 30 && QThread::currentThread() == thread())
            m_slow.push_back(QString::asprintf("%.1f ms: event %d to %s '%s'", ms, static_cast<int>(event->type()),
                                               receiver->metaObject()->className(),
                                               qPrintable(receiver->objectName())));
        return handled;
    }

    void reportSlowEvents() const
    {
        for (const auto &line : m_slow)
            std::printf("  slow: %s\n", qPrintable(line));
    }

private:
    std::vector<QString> m_slow;
};

int main(int argc, char *argv[])
{
    TimingApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    const QString work = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("/tmp/glossa-train-stall");
    QDir(work).removeRecursively();
    QDir().mkpath(work);
    const QString path = QDir(work).filePath(QStringLiteral("demo.glossa"));
    {
        auto project = core::store::Project::create(path.toStdString());
        const auto demo = core::data::findDemoDataDir();
        if (!demo)
            qFatal("the demo data was not found (set GLOSSA_DATA_DIR)");
        core::data::importDemoData(project.db(), *demo);
    }
    if (qEnvironmentVariableIsEmpty("GLOSSA_CLI"))
        qputenv("GLOSSA_CLI",
                QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../bin/glossa-cli")).toUtf8());

    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.resize(1400, 860);
    window.show();
    auto *training = session.training();
    auto *trainPage = window.trainPage();
    auto *dataPage = window.dataPage();
    GapMonitor monitor;
    QElapsedTimer runClock;
    qint64 replotsAtStart = 0;

    auto finish = [&](int code) {
        std::printf("\nlongest UI-thread stall while training: %.1f ms (target < 50 ms): %s\n", monitor.worst(),
                    monitor.worst() < 50 ? "PASS" : "MISS");
        QTimer::singleShot(0, &app, [code] { QApplication::exit(code); });
    };
    QObject::connect(training, &ui::TrainingController::runFailed, &app, [&](qint64, const QString &message) {
        std::printf("the run failed: %s\n", qPrintable(message));
        finish(1);
    });
    QString runSummary;
    QObject::connect(training, &ui::TrainingController::runEnded, &app, [&](const ui::RunOutcome &outcome) {
        const auto word = core::store::toString(outcome.status);
        const QString status = QString::fromLatin1(word.data(), static_cast<qsizetype>(word.size()));
        const double seconds = static_cast<double>(runClock.elapsed()) / 1000.0;
        const auto replots = trainPage->charts()->replotCount() - replotsAtStart;
        runSummary = QString::asprintf(
            "run %s after %.1f s: %d steps drawn from %lld event batches; %lld replots = %.1f replots/s (cap 25)",
            qPrintable(status), seconds, trainPage->charts()->trainingPointCount(),
            static_cast<long long>(training->updatesSent()), static_cast<long long>(replots),
            static_cast<double>(replots) / seconds);
    });

    window.openProjectFile(path);
    waitUntil(
        &app, [&] { return dataPage->model()->rowCount() > 20; },
        [&] {
            core::train::TrainConfig config;
            config.setAssignment("optimizer.epochs=250");
            config.setAssignment("eval.patience=0");
            trainPage->editor()->setConfigJson(QString::fromStdString(config.toJsonString()), QStringLiteral("bench"));
            window.tabs()->setCurrentWidget(trainPage);
            monitor.startPhase();
            runClock.start();
            replotsAtStart = trainPage->charts()->replotCount();
            trainPage->startRun();
            // Phase 1: watching the curves on the Train tab for 3 s after the first points.
            waitUntil(
                &app, [&] { return trainPage->charts()->trainingPointCount() > 0; },
                [&] {
                    QTimer::singleShot(3000, &app, [&] {
                        monitor.report("Train tab: watching the live charts");
                        // Phase 2: the Data tab, scrolling and labelling while it trains.
                        window.tabs()->setCurrentWidget(dataPage);
                        monitor.startPhase();
                        auto *table = dataPage->table();
                        auto *bar = table->verticalScrollBar();
                        table->setFocus();
                        every(
                            &app, 10, 300,
                            [&, table, bar](int i) {
                                if (i < 100) {
                                    bar->setValue(bar->maximum() * i / 99);
                                } else if (i % 2 == 0) {
                                    table->setCurrentIndex(dataPage->model()->index(i, 0));
                                } else {
                                    // Keys 1-9 label the row and move on.
                                    QKeyEvent press(QEvent::KeyPress, Qt::Key_1 + (i % 9), Qt::NoModifier,
                                                    QString::number(1 + i % 9));
                                    QApplication::sendEvent(table, &press);
                                }
                            },
                            [&] {
                                monitor.report("Data tab: 100 scroll jumps + 100 labels");
                                window.tabs()->setCurrentWidget(trainPage);
                                monitor.startPhase();
                                waitUntil(
                                    &app, [&] { return !training->isBusy(); },
                                    [&] {
                                        monitor.report("Train tab: until the run ends");
                                        std::printf("%s\n", qPrintable(runSummary));
                                        app.reportSlowEvents();
                                        finish(0);
                                    });
                            });
                    });
                });
        });
    return QApplication::exec();
}
