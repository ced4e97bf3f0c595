#include "ui/evaluate/runreportpdf.h"

#include "ui/widgets/safefilewrite.h"

#include <QBuffer>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace glossa::ui {

namespace {

// Lays a report out on PDF pages: blocks of rich text and pictures, top to bottom, each starting
// a new page when it does not fit on this one (a text taller than a page runs on over pages).
// Works in CSS pixels (1/96 inch), whatever the writer's resolution.
class PdfPages
{
public:
    explicit PdfPages(QPdfWriter &writer)
        : m_writer(writer)
        , m_painter(&writer)
    {
        const double scale = writer.resolution() / 96.0;
        m_painter.scale(scale, scale);
        const QRect page = writer.pageLayout().paintRectPixels(writer.resolution());
        m_width = page.width() / scale;
        m_height = page.height() / scale;
    }

    void html(const QString &html)
    {
        QTextDocument document;
        QFont font = document.defaultFont();
        font.setPointSizeF(9);
        document.setDefaultFont(font);
        // Lines break between words only (the default breaks anywhere, "cancel_or|der"); names
        // carry break opportunities between their parts.
        QTextOption option = document.defaultTextOption();
        option.setWrapMode(QTextOption::WordWrap);
        document.setDefaultTextOption(option);
        document.setHtml(html);
        document.setTextWidth(m_width);
        double done = 0;
        const double total = document.size().height();
        if (m_y > 0 && m_y + std::min(total, m_height) > m_height)
            newPage();
        while (done < total) {
            const double slice = std::min(total - done, m_height - m_y);
            m_painter.save();
            m_painter.translate(0, m_y - done);
            document.drawContents(&m_painter, QRectF(0, done, m_width, slice));
            m_painter.restore();
            done += slice;
            m_y += slice;
            if (done < total)
                newPage();
        }
    }

    void image(const QImage &image, double maxHeight)
    {
        if (image.isNull())
            return;
        const double scale = std::min(m_width / image.width(), maxHeight / image.height());
        const QSizeF size(image.width() * scale, image.height() * scale);
        if (m_y > 0 && m_y + size.height() > m_height)
            newPage();
        m_painter.drawImage(QRectF(QPointF(0, m_y), size), image);
        m_y += size.height() + 8;
    }

    void newPage()
    {
        m_writer.newPage();
        m_y = 0;
    }

private:
    QPdfWriter &m_writer;
    QPainter m_painter;
    double m_width = 0;
    double m_height = 0;
    double m_y = 0;
};

bool writePdf(const RunReportPdf &report, const QString &file)
{
    QBuffer pdf;
    pdf.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&pdf);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        writer.setTitle(report.title);
        writer.setCreator(QStringLiteral("Glossa"));
        PdfPages pages(writer);
        pages.html(report.heading);
        pages.image(report.curves, 600);
        pages.newPage();
        pages.html(report.languages);
        pages.image(report.languageChart, 220);
        pages.html(report.classes);
        pages.newPage();
        pages.html(report.confusionHeading);
        pages.image(report.confusion, 600);
        pages.html(report.settings);
    }
    // Written whole, never through a link or over a device someone put at that name.
    return !pdf.data().isEmpty() && writeFileSafely(file, pdf.data());
}

} // namespace

QFuture<bool> writeRunReportPdf(const RunReportPdf &report, const QString &file)
{
    return QtConcurrent::run(writePdf, report, file);
}

} // namespace glossa::ui
