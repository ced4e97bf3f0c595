#pragma once

#include <QFuture>
#include <QImage>
#include <QString>

namespace glossa::ui {

// A run's evaluation as the PDF export lays it out, top to bottom: rich-text blocks and the
// pictures between them (drawn beforehand on the GUI thread, where the widgets live).
struct RunReportPdf
{
    QString title;   // the document's
    QString heading; // run, dataset, scores, and the curves' heading
    QImage curves;
    QString languages;
    QImage languageChart;
    QString classes;
    QString confusionHeading;
    QImage confusion;
    QString settings;
};

// Lays the report out on A4 pages and writes it to file on a pooled thread (QPdfWriter and
// QTextDocument work off the GUI thread), whole and never through a link: true once written.
QFuture<bool> writeRunReportPdf(const RunReportPdf &report, const QString &file);

} // namespace glossa::ui
