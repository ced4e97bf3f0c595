#include "ui/crosslingual/languagematrixview.h"

#include "ui/widgets/languagename.h"

#include <QAbstractTableModel>
#include <QCoreApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLinearGradient>
#include <QPainter>
#include <QSet>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace glossa::ui {

namespace {

// As the Evaluate tab: a score from fewer examples than this is shown, but not to be relied on.
constexpr int reliableCount = 10;
const QString allLanguages = QStringLiteral("all");

// One sequential scale, light (0) to dark blue (1), after ColorBrewer's YlGnBu: its steps are
// told apart by lightness alone, so it reads in grey print and for colour-blind analysts.
QColor scaleColour(double value)
{
    struct Stop
    {
        double at;
        QColor colour;
    };
    static const Stop stops[] = {{0.0, QColor(0xff, 0xff, 0xd9)}, {0.2, QColor(0xc7, 0xe9, 0xb4)},
                                 {0.4, QColor(0x7f, 0xcd, 0xbb)}, {0.6, QColor(0x41, 0xb6, 0xc4)},
                                 {0.8, QColor(0x22, 0x5e, 0xa8)}, {1.0, QColor(0x08, 0x1d, 0x58)}};
    const double v = std::clamp(value, 0.0, 1.0);
    for (std::size_t i = 1; i < std::size(stops); ++i) {
        if (v > stops[i].at)
            continue;
        const double t = (v - stops[i - 1].at) / (stops[i].at - stops[i - 1].at);
        const auto mix = [t](int a, int b) { return static_cast<int>(std::lround(a + t * (b - a))); };
        const QColor &a = stops[i - 1].colour;
        const QColor &b = stops[i].colour;
        return QColor(mix(a.red(), b.red()), mix(a.green(), b.green()), mix(a.blue(), b.blue()));
    }
    return stops[std::size(stops) - 1].colour;
}

QColor blend(const QColor &colour, const QColor &with, double share)
{
    const auto mix = [share](int a, int b) { return static_cast<int>(std::lround(a + share * (b - a))); };
    return QColor(mix(colour.red(), with.red()), mix(colour.green(), with.green()), mix(colour.blue(), with.blue()));
}

// White text from the middle of the scale on: WCAG's relative luminance, the crossing point
// where black and white contrast the same.
bool isDark(const QColor &colour)
{
    const auto linear = [](double channel) {
        return channel <= 0.03928 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
    };
    const double luminance =
        0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF());
    return luminance < 0.179;
}

const QColor emphasisColour(0xe6, 0x55, 0x0d);
const QColor unreliableText(105, 105, 105);

QString languageHeader(const QString &code)
{
    return code == allLanguages ? QCoreApplication::translate("glossa::ui::LanguageMatrixView", "All languages")
                                : languageNameWithCode(code);
}

} // namespace

double LanguageMatrix::value(int row, int column) const
{
    if (row < 0 || row >= values.size() || column < 0 || column >= values[row].size())
        return std::numeric_limits<double>::quiet_NaN();
    return values[row][column];
}

int LanguageMatrix::count(int row, int column) const
{
    if (row < 0 || row >= counts.size() || column < 0 || column >= counts[row].size())
        return 0;
    return counts[row][column];
}

QPair<double, double> LanguageMatrix::interval(int row, int column) const
{
    if (row < 0 || row >= intervals.size() || column < 0 || column >= intervals[row].size())
        return {1, 0};
    return intervals[row][column];
}

// The matrix as a table model: the view, its headers and the delegate read it.
class LanguageMatrixModel : public QAbstractTableModel
{
    Q_DECLARE_TR_FUNCTIONS(glossa::ui::LanguageMatrixView)

public:
    using QAbstractTableModel::QAbstractTableModel;

    void setMatrix(const LanguageMatrix &matrix, const QString &valueName)
    {
        beginResetModel();
        m_matrix = matrix;
        m_valueName = valueName;
        endResetModel();
    }

    void setEmphasised(const QList<QPoint> &cells, const QString &meaning)
    {
        m_emphasised.clear();
        for (const QPoint &cell : cells)
            m_emphasised.insert({cell.y(), cell.x()});
        m_emphasisMeaning = meaning;
        if (rowCount() > 0 && columnCount() > 0)
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    }

    void setTitles(const QString &rows, const QString &columns)
    {
        m_rowsTitle = rows;
        m_columnsTitle = columns;
    }

    const LanguageMatrix &matrix() const { return m_matrix; }
    const QString &valueName() const { return m_valueName; }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : static_cast<int>(m_matrix.rows.size());
    }

    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : static_cast<int>(m_matrix.columns.size());
    }

    bool hasValue(int row, int column) const { return !std::isnan(m_matrix.value(row, column)); }

    bool isDiagonal(int row, int column) const
    {
        return row >= 0 && row < rowCount() && column >= 0 && column < columnCount()
               && m_matrix.rows[row] == m_matrix.columns[column];
    }

    bool isEmphasised(int row, int column) const { return m_emphasised.contains({row, column}); }

    // Without counts at all nothing is marked: the caller did not say how many examples.
    bool isUnreliable(int row, int column) const
    {
        return hasValue(row, column) && !m_matrix.counts.isEmpty() && m_matrix.count(row, column) < reliableCount;
    }

    QString cellText(int row, int column) const
    {
        const double value = m_matrix.value(row, column);
        return std::isnan(value) ? QStringLiteral("—") : QString::number(value, 'f', 2);
    }

    QString toolTip(int row, int column) const
    {
        if (row < 0 || row >= rowCount() || column < 0 || column >= columnCount())
            return {};
        QStringList lines{QStringLiteral("%1: %2").arg(m_rowsTitle, languageHeader(m_matrix.rows[row])),
                          QStringLiteral("%1: %2").arg(m_columnsTitle, languageHeader(m_matrix.columns[column]))};
        if (!hasValue(row, column)) {
            lines << tr("No %1 for this pair.").arg(m_valueName);
            return lines.join(QLatin1Char('\n'));
        }
        QString value = QStringLiteral("%1 %2").arg(m_valueName, cellText(row, column));
        const auto [low, high] = m_matrix.interval(row, column);
        if (low <= high)
            value =
                tr("%1 (95% interval %2 – %3)").arg(value, QString::number(low, 'f', 2), QString::number(high, 'f', 2));
        lines << value;
        if (!m_matrix.counts.isEmpty())
            lines << tr("n = %1").arg(m_matrix.count(row, column));
        if (isDiagonal(row, column))
            lines << tr("Same language.");
        if (isUnreliable(row, column))
            lines << tr("Fewer than %1 examples: too few to rely on.").arg(reliableCount);
        if (isEmphasised(row, column) && !m_emphasisMeaning.isEmpty())
            lines << m_emphasisMeaning;
        return lines.join(QLatin1Char('\n'));
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!index.isValid())
            return {};
        switch (role) {
        case Qt::DisplayRole: return cellText(index.row(), index.column());
        case Qt::ToolTipRole:
        case Qt::AccessibleTextRole: return toolTip(index.row(), index.column());
        case Qt::TextAlignmentRole: return int(Qt::AlignCenter);
        default: return {};
        }
    }

    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        const QStringList &codes = orientation == Qt::Horizontal ? m_matrix.columns : m_matrix.rows;
        if (section < 0 || section >= codes.size())
            return {};
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return languageHeader(codes[section]);
        return {};
    }

    Qt::ItemFlags flags(const QModelIndex &index) const override
    {
        return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable : Qt::NoItemFlags;
    }

private:
    LanguageMatrix m_matrix;
    QString m_valueName;
    QSet<QPair<int, int>> m_emphasised; // (row, column)
    QString m_emphasisMeaning;
    QString m_rowsTitle;
    QString m_columnsTitle;
};

namespace {

// Paints a cell: its colour, its value, and its frames (diagonal, emphasis, the keyboard's cell).
class MatrixCellDelegate : public QStyledItemDelegate
{
public:
    MatrixCellDelegate(LanguageMatrixModel *model, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_model(model)
    {
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const int row = index.row();
        const int column = index.column();
        const QRect cell = option.rect;
        const QColor base = option.palette.color(QPalette::Base);
        const bool hasValue = m_model->hasValue(row, column);
        const bool unreliable = m_model->isUnreliable(row, column);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing, false);

        QColor background = base;
        if (hasValue) {
            background = scaleColour(m_model->matrix().value(row, column));
            if (unreliable)
                background = blend(background, base, 0.65);
        }
        painter->fillRect(cell, background);
        if (!hasValue)
            painter->fillRect(cell, QBrush(option.palette.color(QPalette::Midlight), Qt::BDiagPattern));

        const QColor text = !hasValue || unreliable ? unreliableText : isDark(background) ? Qt::white : Qt::black;
        QFont font = option.font;
        font.setItalic(unreliable);
        font.setBold(m_model->isEmphasised(row, column));
        painter->setFont(font);
        painter->setPen(text);
        painter->drawText(cell, Qt::AlignCenter, m_model->cellText(row, column));

        if (m_model->isDiagonal(row, column)) {
            QPen pen(hasValue && !unreliable ? text : option.palette.color(QPalette::Text), 1.5, Qt::DashLine);
            painter->setPen(pen);
            painter->drawRect(QRectF(cell).adjusted(3.5, 3.5, -4.5, -4.5));
        }
        if (m_model->isEmphasised(row, column)) {
            painter->setPen(QPen(emphasisColour, 3));
            painter->drawRect(QRectF(cell).adjusted(1.5, 1.5, -2.5, -2.5));
        }
        if (option.state & QStyle::State_HasFocus) {
            painter->setPen(QPen(option.palette.color(QPalette::Highlight), 2, Qt::DotLine));
            painter->drawRect(QRectF(cell).adjusted(1, 1, -2, -2));
        }
        painter->restore();
    }

private:
    LanguageMatrixModel *m_model;
};

// Column headers written bottom to top, so twenty language names fit above twenty narrow
// columns and every name stays whole.
class RotatedHeader : public QHeaderView
{
public:
    explicit RotatedHeader(QWidget *parent)
        : QHeaderView(Qt::Horizontal, parent)
    {
    }

protected:
    QSize sectionSizeFromContents(int logicalIndex) const override
    {
        const QString text = model() ? model()->headerData(logicalIndex, Qt::Horizontal).toString() : QString();
        const QFontMetrics metrics(font());
        return {metrics.height() + 8, metrics.horizontalAdvance(text) + 16};
    }

    void paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const override
    {
        if (!rect.isValid())
            return;
        QStyleOptionHeader option;
        initStyleOption(&option);
        option.rect = rect;
        option.section = logicalIndex;
        style()->drawControl(QStyle::CE_HeaderSection, &option, painter, this);
        const QString text = model() ? model()->headerData(logicalIndex, Qt::Horizontal).toString() : QString();
        painter->save();
        painter->translate(rect.bottomLeft());
        painter->rotate(-90);
        painter->setPen(palette().color(QPalette::ButtonText));
        // In the turned frame x runs up the column and y across it.
        painter->drawText(QRect(8, 0, rect.height() - 12, rect.width()), Qt::AlignLeft | Qt::AlignVCenter, text);
        painter->restore();
    }
};

// The colour scale with its ends, under the matrix.
class ScaleLegend : public QWidget
{
public:
    explicit ScaleLegend(QWidget *parent)
        : QWidget(parent)
    {
        setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    }

    void setValueName(const QString &name)
    {
        m_name = name;
        updateGeometry();
        update();
    }

    QSize sizeHint() const override
    {
        const QFontMetrics metrics(font());
        return {metrics.horizontalAdvance(m_name + QStringLiteral(" 0.00 ")) + barWidth
                    + metrics.horizontalAdvance(QStringLiteral(" 1.00")),
                metrics.height() + 6};
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        const QFontMetrics metrics(font());
        const QString left = m_name + QStringLiteral(" 0.00 ");
        int x = 0;
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRect(x, 0, metrics.horizontalAdvance(left), height()), Qt::AlignVCenter, left);
        x += metrics.horizontalAdvance(left);
        const QRect bar(x, (height() - 12) / 2, barWidth, 12);
        QLinearGradient gradient(bar.topLeft(), bar.topRight());
        for (int step = 0; step <= 10; ++step)
            gradient.setColorAt(step / 10.0, scaleColour(step / 10.0));
        painter.fillRect(bar, gradient);
        painter.setPen(palette().color(QPalette::Mid));
        painter.drawRect(bar.adjusted(0, 0, -1, -1));
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRect(bar.right() + 1, 0, width() - bar.right(), height()), Qt::AlignVCenter,
                         QStringLiteral(" 1.00"));
    }

private:
    static constexpr int barWidth = 120;
    QString m_name;
};

} // namespace

LanguageMatrixView::LanguageMatrixView(QWidget *parent)
    : QWidget(parent)
    , m_model(new LanguageMatrixModel(this))
    , m_table(new QTableView(this))
    , m_caption(new QLabel(this))
    , m_placeholder(new QLabel(this))
    , m_legend(new ScaleLegend(this))
    , m_notes(new QLabel(this))
    , m_rowsTitle(tr("Row"))
    , m_columnsTitle(tr("Column"))
{
    setObjectName(QStringLiteral("languageMatrix"));
    m_table->setObjectName(QStringLiteral("languageMatrixTable"));
    m_table->setModel(m_model);
    m_table->setHorizontalHeader(new RotatedHeader(m_table));
    m_table->setItemDelegate(new MatrixCellDelegate(m_model, m_table));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setGridStyle(Qt::SolidLine);
    m_table->setStyleSheet(QStringLiteral("QTableView { gridline-color: palette(base); }"));
    m_table->setCornerButtonEnabled(false);
    m_table->setWordWrap(false);
    m_table->setMouseTracking(true);
    m_table->installEventFilter(this);

    const QFontMetrics metrics(font());
    const int cellWidth = std::max(46, metrics.horizontalAdvance(QStringLiteral("0.00")) + 22);
    const int cellHeight = metrics.height() + 14;
    auto *columns = m_table->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::Fixed);
    columns->setDefaultSectionSize(cellWidth);
    columns->setMinimumSectionSize(cellWidth);
    auto *rows = m_table->verticalHeader();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(cellHeight);
    rows->setMinimumSectionSize(cellHeight);
    rows->setDefaultAlignment(Qt::AlignRight | Qt::AlignVCenter);
    // Room for six languages before it scrolls; more when the layout gives it.
    m_table->setMinimumSize(cellWidth * 6 + 120, cellHeight * 6 + 80);
    m_table->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);

    connect(m_table, &QTableView::clicked, this, [this](const QModelIndex &index) {
        if (index.isValid())
            Q_EMIT cellActivated(index.row(), index.column());
    });

    m_caption->setObjectName(QStringLiteral("languageMatrixCaption"));
    m_placeholder->setObjectName(QStringLiteral("languageMatrixPlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_notes->setObjectName(QStringLiteral("languageMatrixNotes"));
    m_notes->setWordWrap(true);
    m_notes->setTextFormat(Qt::RichText);

    auto *legendRow = new QHBoxLayout;
    legendRow->addWidget(m_legend, 0, Qt::AlignTop);
    legendRow->addWidget(m_notes, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_caption);
    // The stretches take what a small matrix leaves, so it stays at the top left with its legend.
    auto *tableRow = new QHBoxLayout;
    tableRow->addWidget(m_table, 1);
    tableRow->addStretch(0);
    layout->addLayout(tableRow, 1);
    layout->addWidget(m_placeholder, 1);
    layout->addLayout(legendRow);
    layout->addStretch(0);
    setPlaceholderText(tr("No matrix yet."));
    setMatrix({}, {});
}

LanguageMatrixView::~LanguageMatrixView() = default;

void LanguageMatrixView::setMatrix(const LanguageMatrix &matrix, const QString &valueName)
{
    m_model->setMatrix(matrix, valueName);
    static_cast<ScaleLegend *>(m_legend)->setValueName(valueName);
    const bool empty = matrix.rows.isEmpty() || matrix.columns.isEmpty();
    m_table->setVisible(!empty);
    m_caption->setVisible(!empty);
    m_legend->setVisible(!empty);
    m_notes->setVisible(!empty);
    m_placeholder->setVisible(empty);
    m_table->horizontalHeader()->updateGeometry();
    updateCaption();
    fitTableToMatrix();
}

// No larger than the matrix: a small one keeps its legend right under it instead of sitting in a
// field of empty table; a large one scrolls.
void LanguageMatrixView::fitTableToMatrix()
{
    // Scroll bars come only when the matrix does not fit, and then this size is not reached.
    const int frame = 2 * m_table->frameWidth();
    const auto *rows = m_table->verticalHeader();
    const auto *columns = m_table->horizontalHeader();
    const int width = rows->sizeHint().width() + columns->length() + frame;
    const int height = columns->sizeHint().height() + rows->length() + frame;
    m_table->setMaximumSize(std::max(width, m_table->minimumWidth()), std::max(height, m_table->minimumHeight()));
}

const LanguageMatrix &LanguageMatrixView::matrix() const
{
    return m_model->matrix();
}

void LanguageMatrixView::setEmphasised(const QList<QPoint> &cells, const QString &meaning)
{
    m_emphasisMeaning = meaning;
    m_model->setEmphasised(cells, meaning);
    updateCaption();
}

void LanguageMatrixView::setAxisTitles(const QString &rowsTitle, const QString &columnsTitle)
{
    m_rowsTitle = rowsTitle;
    m_columnsTitle = columnsTitle;
    m_model->setTitles(rowsTitle, columnsTitle);
    updateCaption();
}

void LanguageMatrixView::setPlaceholderText(const QString &text)
{
    m_placeholder->setText(text);
}

void LanguageMatrixView::updateCaption()
{
    m_model->setTitles(m_rowsTitle, m_columnsTitle);
    m_caption->setText(tr("Rows: %1 ↓ · columns: %2 →").arg(m_rowsTitle, m_columnsTitle));
    QStringList notes{tr("Dashed frame: same language."),
                      tr("Grey italics: fewer than %1 examples, too few to rely on.").arg(reliableCount),
                      tr("—: no value.")};
    if (!m_emphasisMeaning.isEmpty())
        notes.insert(1, tr("<span style=\"color:%1\">■</span> Orange frame: %2")
                            .arg(emphasisColour.name(), m_emphasisMeaning.toHtmlEscaped()));
    m_notes->setText(QStringLiteral("<small>%1</small>").arg(notes.join(QStringLiteral(" &nbsp;·&nbsp; "))));
}

QColor LanguageMatrixView::colourFor(double value)
{
    return scaleColour(value);
}

QColor LanguageMatrixView::textColourOn(const QColor &background)
{
    return isDark(background) ? Qt::white : Qt::black;
}

QString LanguageMatrixView::cellText(int row, int column) const
{
    return m_model->cellText(row, column);
}

QString LanguageMatrixView::cellToolTip(int row, int column) const
{
    return m_model->toolTip(row, column);
}

bool LanguageMatrixView::isDiagonal(int row, int column) const
{
    return m_model->isDiagonal(row, column);
}

bool LanguageMatrixView::isEmphasised(int row, int column) const
{
    return m_model->isEmphasised(row, column);
}

bool LanguageMatrixView::isUnreliable(int row, int column) const
{
    return m_model->isUnreliable(row, column);
}

bool LanguageMatrixView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        const QModelIndex current = m_table->currentIndex();
        if ((key == Qt::Key_Return || key == Qt::Key_Enter || key == Qt::Key_Space) && current.isValid()) {
            Q_EMIT cellActivated(current.row(), current.column());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace glossa::ui
