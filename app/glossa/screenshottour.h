#pragma once

#include <QDir>
#include <QObject>
#include <QTemporaryDir>

#include <functional>

namespace glossa::ui {
class MainWindow;
class ProjectSession;
} // namespace glossa::ui

// `glossa --screenshot DIR [PROJECT]`: opens a fresh copy of the demo project (or of PROJECT), shows each view in turn,
// saves a PNG of the whole window per view (data.png, history.png, metadata.png, import.png, train.png after a
// real run of the demo, runs.png with a second run overlaid on the first, evaluate.png with the
// first run's confusion matrix and per-language scores, and its report.pdf, compare.png with one item's translations
// classified by both runs, data-predictions.png with the first run's predictions beside the
// labels, errors.png with the first run's likely label errors, duplicates.png with the demo's
// duplicates queue), then quits.
// Used to look at the UI, in every language, without a person at it.
class ScreenshotTour : public QObject
{
    Q_OBJECT

public:
    ScreenshotTour(glossa::ui::MainWindow *window, glossa::ui::ProjectSession *session, const QString &directory,
                   const QString &project = {});

private:
    void showData();
    void showHistory();
    void showMetadata();
    void showImport();
    void showResplit();
    void showTrain();
    void showRuns();
    void showEvaluate();
    void showCompare();
    void showPredictions();
    void showErrors();
    void showDuplicates();
    void showCrossLingual();
    void showRetrieval(qint64 runId);
    // Polls the condition on the event loop (the views fill in from worker threads), then
    // goes on; gives up with a message after a while.
    void when(const QString &what, std::function<bool()> condition, std::function<void()> next, int timeoutMs = 30000);
    void capture(const QString &name, QWidget *dialog = nullptr);
    void finish(int exitCode);

    glossa::ui::MainWindow *m_window;
    glossa::ui::ProjectSession *m_session;
    QDir m_directory;
    QTemporaryDir m_scratch;
    int m_historyRow = 5;
    QString m_group = QStringLiteral("g014"); // the translations Compare shows (the demo's)
};
