#pragma once

#include "ui/evaluate/runreportpdf.h"
#include "ui/session/runreport.h"
#include "ui/session/runtypes.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QLabel;
class QScrollArea;
class QTableWidget;

namespace glossa::ui {

class ConfusionMatrixChart;
class ConsistencyView;
class ProjectSession;
class RunPicker;

// The Evaluate tab: a finished run's test scores. The summary; the confusion matrix as a heat
// map (counts or row percentages; a click opens the Data tab on exactly that cell's
// examples); F1 per language × class on a colour scale; macro-F1 per language as bars; and
// precision, recall and F1 per class; consistency across translations (ConsistencyView), whose
// inconsistent groups open in the Compare tab.
class EvaluatePage : public QWidget
{
    Q_OBJECT

public:
    explicit EvaluatePage(ProjectSession *session, QWidget *parent = nullptr);

    // With a language, the run's test rows in that language only (as the Cross-lingual tab's
    // matrix cells open it); empty: every language.
    void showRun(qint64 runId, const QString &language = {});
    qint64 runId() const;
    QString language() const { return m_language; }
    QComboBox *languageBox() const { return m_languageBox; }
    const RunReport &report() const { return m_report; }
    ConfusionMatrixChart *confusion() const { return m_confusion; }
    QTableWidget *languageTable() const { return m_languages; }
    QTableWidget *classTable() const { return m_classes; }
    ConsistencyView *consistency() const { return m_consistency; }

    // The run's report as PDF: settings, scores, training curves, the per-language table and
    // the confusion matrix. Composed here, written off the UI thread; reportExported answers.
    void exportReport(const QString &file);
    // The run's predictions as CSV, TSV or JSON Lines by the file's extension, written by the
    // runs worker (core::data::exportRunPredictions); statusMessage answers.
    void exportPredictions(const QString &file);
    // The report (.pdf) or the predictions (.csv, .tsv, .jsonl) by the extension; any other is
    // refused with a statusMessage and nothing written.
    void exportRun(const QString &file);
    // The report's text, in the pieces the pictures go between (no pictures yet).
    RunReportPdf reportText() const;
    // The epochs run and whether early stopping ended the run; empty when the run stored no
    // summary of its training.
    QString trainingSummaryText() const;

Q_SIGNALS:
    void reportExported(const QString &file, bool written);
    void statusMessage(const QString &message);
    // The examples of one confusion cell: the run's test split, this gold and predicted label.
    // language: the report shown is of that language's test rows only; empty: all.
    void cellRequested(qint64 runId, const QString &dataset, const QString &goldLabel, const QString &predictedLabel,
                       const QString &language);
    // An inconsistent group of the run shown, to compare its translations.
    void groupRequested(qint64 runId, const QString &groupId);

private:
    void showReport(const RunReport &report);
    void fillClassTable();
    void fillLanguageTable();
    void fillLanguageChart();
    void requestReport();
    void fillLanguageBox();
    void requestConsistency(qint64 runId);
    const RunRow *shownRun() const; // the run the report is of, from the runs list
    void chooseExport();
    void writeReport(const QString &file, const RunHistory &history);

    ProjectSession *m_session;
    RunPicker *m_runBox;
    QComboBox *m_languageBox;
    QString m_language;              // the language the report is restricted to; empty: all
    QStringList m_reportLanguages;   // the run's languages, from its whole report
    QLabel *m_summary;
    QCheckBox *m_rowPercentages;
    ConfusionMatrixChart *m_confusion;
    QTableWidget *m_languages;
    QTableWidget *m_classes;
    QCustomPlot *m_languageChart;
    QScrollArea *m_languageScroll;
    ConsistencyView *m_consistency;
    RunReport m_report;
};

} // namespace glossa::ui
