#include "screenshottour.h"

#include "ui/compare/comparecolumn.h"
#include "ui/compare/comparepage.h"
#include "ui/crosslingual/crosslingualpage.h"
#include "ui/crosslingual/languagematrixview.h"
#include "ui/crosslingual/retrievalpanel.h"
#include "ui/crosslingual/transferpanel.h"
#include "ui/data/datapage.h"
#include "ui/data/examplepanel.h"
#include "ui/data/exampletablemodel.h"
#include "ui/data/filterbar.h"
#include "ui/data/importdialog.h"
#include "ui/data/resplitdialog.h"
#include "ui/review/duplicatespage.h"
#include "ui/evaluate/evaluatepage.h"
#include "ui/review/reviewpage.h"
#include "ui/runs/runspage.h"
#include "ui/runs/runstablemodel.h"
#include "ui/session/projectsession.h"
#include "ui/session/trainingcontroller.h"
#include "ui/shell/mainwindow.h"
#include "ui/train/configeditor.h"
#include "ui/train/trainingcharts.h"
#include "ui/train/trainpage.h"

#include "train/trainconfig.h"

#include "data/demoproject.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QPainter>
#include <QPixmap>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QTreeWidget>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <utility>

ScreenshotTour::ScreenshotTour(glossa::ui::MainWindow *window, glossa::ui::ProjectSession *session,
                               const QString &directory, const QString &project)
    : QObject(window)
    , m_window(window)
    , m_session(session)
    , m_directory(directory)
{
    m_directory.mkpath(QStringLiteral("."));
    connect(session, &glossa::ui::ProjectSession::projectOpened, this, &ScreenshotTour::showData, Qt::QueuedConnection);
    connect(session, &glossa::ui::ProjectSession::openFailed, this, [this](const QString &message) {
        std::fprintf(stderr, "glossa: %s\n", qPrintable(message));
        finish(1);
    });
    if (project.isEmpty()) {
        session->openDemoProject(m_scratch.filePath(QStringLiteral("demo.glossa")));
        return;
    }
    // A copy, so the tour's labels, imports and runs leave the analyst's project as it was.
    const QString copy = m_scratch.filePath(QStringLiteral("tour.glossa"));
    if (!QFile::copy(project, copy)) {
        std::fprintf(stderr, "glossa: cannot copy %s\n", qPrintable(project));
        finish(1);
        return;
    }
    m_group.clear(); // the first group the Data tab shows
    session->openProject(copy);
}

void ScreenshotTour::showData()
{
    auto *page = m_window->dataPage();
    when(
        QStringLiteral("the example table"), [page] { return page->model()->rowCount() > 20; },
        [this, page] {
            page->table()->setFocus();
            page->table()->setCurrentIndex(page->model()->index(2, 0));
            for (int row = 0; m_group.isEmpty() && row < page->model()->rowCount(); ++row)
                if (const auto *example = page->model()->loadedRow(row))
                    m_group = example->group;
            when(
                QStringLiteral("the side panel"),
                [page] { return page->panel()->exampleId() == page->model()->exampleIdAt(2); },
                [this] {
                    capture(QStringLiteral("data"));
                    showHistory();
                });
        });
}

// Two label changes and an undo on one example, so its history has something to say.
void ScreenshotTour::showHistory()
{
    auto *page = m_window->dataPage();
    const QModelIndex row = page->model()->index(m_historyRow, 0);
    const qint64 exampleId = page->model()->exampleIdAt(m_historyRow);
    auto edits = std::make_shared<int>(0);
    connect(m_session, &glossa::ui::ProjectSession::labelsEdited, this, [edits] { ++*edits; });
    page->table()->setCurrentIndex(row);
    page->assignLabelAt(3);
    when(
        QStringLiteral("the first edit"), [edits] { return *edits >= 1; },
        [this, page, row, edits, exampleId] {
            page->table()->setCurrentIndex(row);
            page->assignLabelAt(1);
            when(
                QStringLiteral("the second edit"), [edits] { return *edits >= 2; },
                [this, page, row, edits, exampleId] {
                    m_window->undo();
                    when(
                        QStringLiteral("the undo"), [edits] { return *edits >= 3; },
                        [this, page, row, exampleId] {
                            page->table()->setCurrentIndex(row);
                            auto *history = page->panel()->findChild<QTreeWidget *>(QStringLiteral("historyView"));
                            when(
                                QStringLiteral("the history"),
                                [page, history, exampleId] {
                                    return page->panel()->exampleId() == exampleId && history->topLevelItemCount() >= 4;
                                },
                                [this] {
                                    capture(QStringLiteral("history"));
                                    showMetadata();
                                });
                        });
                });
        });
}

// The demo's tickets came with their channel and the customer's tier: the browser filtered to
// chat tickets, and the side panel listing an example's columns from the source file.
void ScreenshotTour::showMetadata()
{
    auto *page = m_window->dataPage();
    auto *column = page->findChild<QComboBox *>(QStringLiteral("metadataColumnFilter"));
    auto *value = page->findChild<QLineEdit *>(QStringLiteral("metadataValueFilter"));
    if (!column || column->findData(QStringLiteral("channel")) < 0) {
        showImport(); // a project whose files had no other columns
        return;
    }
    column->setCurrentIndex(column->findData(QStringLiteral("channel")));
    value->setText(QStringLiteral("chat"));
    Q_EMIT value->returnPressed();
    when(
        QStringLiteral("the chat tickets"),
        [page] {
            return page->model()->rowCount() > 0
                   && page->model()->rowCount() < page->dataset().examples;
        },
        [this, page, column, value] {
            page->table()->setCurrentIndex(page->model()->index(1, 0));
            auto *metadata = page->panel()->findChild<QTreeWidget *>(QStringLiteral("exampleMetadata"));
            when(
                QStringLiteral("the example's columns"),
                [page, metadata] {
                    return page->panel()->exampleId() == page->model()->exampleIdAt(1) && metadata
                           && metadata->topLevelItemCount() > 0;
                },
                [this, column, value] {
                    capture(QStringLiteral("metadata"));
                    value->clear();
                    column->setCurrentIndex(0);
                    showImport();
                });
        });
}

void ScreenshotTour::showImport()
{
    const auto demoDir = glossa::core::data::findDemoDataDir();
    if (!demoDir) {
        std::fprintf(stderr, "glossa: the demo data was not found\n");
        finish(1);
        return;
    }
    m_window->importFile(QString::fromStdString((*demoDir / "ar.jsonl").string()));
    auto *dialog = m_window->findChild<glossa::ui::ImportDialog *>();
    when(
        QStringLiteral("the import preview"),
        [dialog] {
            auto *preview = dialog ? dialog->findChild<QTableView *>() : nullptr;
            return preview && preview->model() && preview->model()->rowCount() > 0;
        },
        [this, dialog] {
            capture(QStringLiteral("import"), dialog);
            dialog->close();
            showResplit();
        });
}

// Data ▸ Re-split… with its preview: rows per split × language and × label, by group.
void ScreenshotTour::showResplit()
{
    m_window->openResplit(m_window->dataPage()->dataset().name);
    auto *dialog = m_window->findChild<glossa::ui::ResplitDialog *>();
    when(
        QStringLiteral("the re-split preview"), [dialog] { return dialog && dialog->preview().rows > 0; },
        [this, dialog] {
            capture(QStringLiteral("resplit"), dialog);
            dialog->reject();
            showTrain();
        });
}

// A real run of the demo set with the default settings, shown when it has finished: the editor
// beside the curves it drew.
void ScreenshotTour::showTrain()
{
    auto *page = m_window->trainPage();
    auto *training = m_session->training();
    m_window->tabs()->setCurrentWidget(page);
    auto ended = std::make_shared<int>(0);
    connect(training, &glossa::ui::TrainingController::runEnded, this, [ended] { ++*ended; });
    connect(training, &glossa::ui::TrainingController::runFailed, this, [this](qint64, const QString &message) {
        std::fprintf(stderr, "glossa: the tour's run failed: %s\n", qPrintable(message));
        finish(1);
    });
    page->startRun();
    when(
        QStringLiteral("the first run"),
        [ended, page] { return *ended >= 1 && page->charts()->evaluationPointCount() > 2; },
        [this, page, ended] {
            capture(QStringLiteral("train"));
            // A second run, smaller and with a higher learning rate, to overlay on the first.
            glossa::core::train::TrainConfig config;
            config.setAssignment("model.embedding_dim=32");
            config.setAssignment("optimizer.learning_rate=0.01");
            page->editor()->setConfigJson(QString::fromStdString(config.toJsonString()), QStringLiteral("tour"));
            page->startRun();
            when(
                QStringLiteral("the second run"), [ended] { return *ended >= 2; }, [this] { showRuns(); });
        });
}

void ScreenshotTour::showRuns()
{
    auto *page = m_window->runsPage();
    m_window->tabs()->setCurrentWidget(page);
    when(
        QStringLiteral("the runs"), [page] { return page->model()->runs().size() >= 2; },
        [this, page] {
            const auto runs = page->model()->runs(); // newest first
            page->selectRun(runs.front().id);
            page->model()->setOverlaid(runs.back().id, true);
            when(
                QStringLiteral("the overlaid curves"),
                [page, id = runs.front().id] {
                    return page->charts()->runId() == id && !page->charts()->overlaidRuns().isEmpty()
                           && page->charts()->trainingPointCount() > 0;
                },
                [this] {
                    capture(QStringLiteral("runs"));
                    showEvaluate();
                });
        });
}

void ScreenshotTour::showEvaluate()
{
    auto *page = m_window->evaluatePage();
    const auto runs = m_window->runsPage()->model()->runs();
    page->showRun(runs.back().id); // the first run, with the default settings
    m_window->tabs()->setCurrentWidget(page);
    when(
        QStringLiteral("the run's scores"),
        [page, id = runs.back().id] { return page->report().runId == id && !page->report().isEmpty(); },
        [this, page] {
            capture(QStringLiteral("evaluate"));
            // The run's PDF report beside the pictures, to look at too.
            auto written = std::make_shared<bool>(false);
            connect(page, &glossa::ui::EvaluatePage::reportExported, this, [written] { *written = true; });
            page->exportReport(m_directory.filePath(QStringLiteral("report.pdf")));
            when(
                QStringLiteral("the PDF report"), [written] { return *written; }, [this] { showCompare(); });
        });
}

// One item's translations side by side, classified by both runs. A group has nine languages
// and the tab shows six; the last column then gets a Chinese text about something else, typed
// in, so that right-to-left Arabic, CJK and a column that stands out are all on the picture.
void ScreenshotTour::showCompare()
{
    auto *page = m_window->comparePage();
    const auto runs = m_window->runsPage()->model()->runs(); // newest first
    m_window->tabs()->setCurrentWidget(page);
    page->setRunsCompared({runs.back().id, runs.front().id});
    page->fillFromGroup(m_group);
    auto answered = [page, runs] {
        for (auto *column : page->columns())
            for (const auto &run : runs)
                if (column->topLabel(run.id).isEmpty())
                    return false;
        return page->pendingPredictions() == 0;
    };
    when(
        QStringLiteral("the group's translations"), [this, page] { return page->shownGroup() == m_group; },
        [this, page, answered] {
            page->columns().last()->setText(QStringLiteral("我的包裹到了，但是里面的杯子碎了，我想退货退款。"));
            when(QStringLiteral("the predictions"), answered, [this] {
                capture(QStringLiteral("compare"));
                showPredictions();
            });
        });
}

// The Data tab with the first run's predictions: three more columns, and the text still readable.
void ScreenshotTour::showPredictions()
{
    auto *page = m_window->dataPage();
    const auto runs = m_window->runsPage()->model()->runs();
    m_window->tabs()->setCurrentWidget(page);
    auto *runFilter = page->filterBar()->findChild<QComboBox *>(QStringLiteral("runFilter"));
    runFilter->setCurrentIndex(std::max(0, runFilter->findData(runs.back().id)));
    when(
        QStringLiteral("the run's predictions"),
        [page] {
            return page->model()->columnCount() > 7 && page->model()->rowCount() > 0 && page->model()->loadedRow(0)
                   && page->model()->loadedRow(0)->hasPrediction();
        },
        [this] {
            capture(QStringLiteral("data-predictions"));
            showErrors();
        });
}

// The first run's likely label errors, searched for in the tab (five folds of the demo).
void ScreenshotTour::showErrors()
{
    auto *page = m_window->reviewPage();
    const auto runs = m_window->runsPage()->model()->runs();
    m_window->tabs()->setCurrentWidget(page);
    page->showRun(runs.back().id);
    when(
        QStringLiteral("the review"), [page, id = runs.back().id] { return page->review().runId == id; },
        [this, page] {
            page->findLabelErrors();
            when(
                QStringLiteral("the label error search"),
                [page] { return page->review().searched && !page->review().labelErrors.isEmpty(); },
                [this, page] {
                    // The first suggestion accepted, as the analyst would with A.
                    page->errorTable()->setCurrentCell(0, 1);
                    page->acceptSuggestion();
                    when(
                        QStringLiteral("the accepted suggestion"),
                        [page] { return page->review().labelErrors.front().accepted(); },
                        [this] {
                            capture(QStringLiteral("errors"));
                            showDuplicates();
                        });
                },
                120000);
        });
}

// The demo's duplicates queue: a conflicting pair first, its texts side by side.
void ScreenshotTour::showDuplicates()
{
    auto *page = m_window->duplicatesPage();
    page->setDataset(QString::fromLatin1(glossa::core::data::demoDatasetName));
    m_window->tabs()->setCurrentWidget(page);
    when(
        QStringLiteral("the duplicates"),
        [page] { return !page->isSearching() && page->review().datasetId >= 0 && !page->review().clusters.isEmpty(); },
        [this, page] {
            page->clusterTable()->setCurrentCell(0, 0);
            page->memberTable()->setFocus();
            capture(QStringLiteral("duplicates"));
            showCrossLingual();
        });
}

// A transfer study over every demo language with the Train tab's settings: ten bag runs, each
// scored on every language, the matrix filling in as they end.
void ScreenshotTour::showCrossLingual()
{
    auto *page = m_window->crossLingualPage();
    page->setDataset(QString::fromLatin1(glossa::core::data::demoDatasetName));
    m_window->tabs()->setCurrentWidget(page);
    auto *transfer = page->transfer();
    // The study's runs share the Train tab's settings: the defaults again, after the tour's
    // smaller second run.
    m_window->trainPage()->editor()->setConfigJson(
        QString::fromStdString(glossa::core::train::TrainConfig().toJsonString()), QStringLiteral("tour"));
    transfer->startStudy({QStringLiteral("en"), QStringLiteral("es"), QStringLiteral("ar"), QStringLiteral("de"),
                          QStringLiteral("fr"), QStringLiteral("ru"), QStringLiteral("zh"), QStringLiteral("hi"),
                          QStringLiteral("ja")});
    when(
        QStringLiteral("the transfer study"),
        [transfer] {
            const auto &study = transfer->study();
            return !study.isEmpty() && study.finishedRuns() == study.sources.size();
        },
        [this, transfer] {
            capture(QStringLiteral("crosslingual"));
            showRetrieval(transfer->study().runs.value(QStringLiteral("all")));
        },
        240000);
}

// The study's all-languages run as an encoder: does its representation find a text's
// translation? Its P@1 matrix on the training split, and one text's nearest neighbours.
void ScreenshotTour::showRetrieval(qint64 runId)
{
    auto *page = m_window->crossLingualPage();
    auto *retrieval = page->retrieval();
    page->sections()->setCurrentWidget(retrieval);
    retrieval->chooseRun(runId);
    retrieval->chooseSplit(QStringLiteral("train"));
    retrieval->measure();
    auto *neighbours = retrieval->findChild<QTreeWidget *>(QStringLiteral("retrievalNeighbours"));
    when(
        QStringLiteral("the retrieval matrix"), [retrieval] { return !retrieval->matrixView()->matrix().rows.isEmpty(); },
        [this, retrieval, neighbours] {
            retrieval->findTranslation(QStringLiteral("Where is my parcel? I ordered it a week ago."));
            when(
                QStringLiteral("the nearest texts"), [neighbours] { return neighbours && neighbours->topLevelItemCount() > 0; },
                [this] {
                    capture(QStringLiteral("crosslingual-retrieval"));
                    finish(0);
                });
        },
        120000);
}

void ScreenshotTour::when(const QString &what, std::function<bool()> condition, std::function<void()> next,
                          int timeoutMs)
{
    auto *timer = new QTimer(this);
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    timer->setInterval(50);
    connect(timer, &QTimer::timeout, this,
            [this, what, timer, clock, timeoutMs, condition = std::move(condition), next = std::move(next)] {
                if (condition()) {
                    timer->deleteLater();
                    timer->stop();
                    // One more turn of the event loop lets the views paint what just arrived.
                    QTimer::singleShot(100, this, next);
                } else if (clock->elapsed() > timeoutMs) {
                    timer->stop();
                    std::fprintf(stderr, "glossa: the screenshot tour gave up waiting for %s\n", qPrintable(what));
                    finish(1);
                }
            });
    timer->start();
}

void ScreenshotTour::capture(const QString &name, QWidget *dialog)
{
    QPixmap shot = m_window->grab();
    if (dialog) {
        // A dialog is a window of its own: draw it over the main window where it would sit.
        QPainter painter(&shot);
        const QPixmap dialogShot = dialog->grab();
        const QPoint at((shot.width() - dialogShot.width()) / 2, (shot.height() - dialogShot.height()) / 2);
        painter.fillRect(shot.rect(), QColor(0, 0, 0, 60));
        painter.drawPixmap(at, dialogShot);
    }
    const QString file = m_directory.filePath(name + QStringLiteral(".png"));
    if (!shot.save(file))
        std::fprintf(stderr, "glossa: cannot write %s\n", qPrintable(file));
    else
        std::printf("%s\n", qPrintable(file));
}

void ScreenshotTour::finish(int exitCode)
{
    QTimer::singleShot(0, qApp, [exitCode] { QApplication::exit(exitCode); });
}
