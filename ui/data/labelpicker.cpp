#include "ui/data/labelpicker.h"

#include <QGuiApplication>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QScreen>
#include <QSortFilterProxyModel>
#include <QStringListModel>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

#include <algorithm>

namespace glossa::ui {

namespace {

constexpr int kVisibleRows = 12;
constexpr int kKeyedLabels = 9;

// One label per row: the part that matches the filter in bold, and the label's number key as
// a keycap on the right for the first nine.
class LabelRowDelegate : public QStyledItemDelegate
{
public:
    LabelRowDelegate(const QSortFilterProxyModel *proxy, const QLineEdit *filter, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_proxy(proxy)
        , m_filter(filter)
    {
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const int line = option.fontMetrics.height();
        return {option.fontMetrics.horizontalAdvance(index.data().toString()) + 3 * line + 24, std::max(26, line + 10)};
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        const QPalette &palette = option.palette;
        const bool selected = option.state & QStyle::State_Selected;
        const bool hovered = option.state & QStyle::State_MouseOver;
        const QRectF row = QRectF(option.rect).adjusted(4, 1, -4, -1);
        if (selected || hovered) {
            QColor fill = palette.color(QPalette::Highlight);
            if (!selected)
                fill.setAlphaF(0.14f);
            painter->setPen(Qt::NoPen);
            painter->setBrush(fill);
            painter->drawRoundedRect(row, 4, 4);
        }
        const QColor textColour = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);

        // Keycap.
        const int sourceRow = m_proxy->mapToSource(index).row();
        const QFontMetrics &metrics = option.fontMetrics;
        qreal right = row.right() - 6;
        if (sourceRow >= 0 && sourceRow < kKeyedLabels) {
            QFont keyFont = option.font;
            keyFont.setPointSizeF(keyFont.pointSizeF() * 0.85);
            const QFontMetrics keyMetrics(keyFont);
            const QString key = QString::number(sourceRow + 1);
            const qreal height = keyMetrics.height() + 4;
            const qreal width = std::max<qreal>(height, keyMetrics.horizontalAdvance(key) + 10);
            const QRectF cap(right - width, row.center().y() - height / 2, width, height);
            QColor border = textColour;
            border.setAlphaF(selected ? 0.7f : 0.35f);
            QColor face = selected ? QColor(255, 255, 255, 40) : palette.color(QPalette::Window);
            painter->setPen(QPen(border, 1));
            painter->setBrush(face);
            painter->drawRoundedRect(cap.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
            painter->setFont(keyFont);
            painter->setPen(textColour);
            painter->drawText(cap, Qt::AlignCenter, key);
            right = cap.left() - 8;
        }

        // Name, the filter's match in bold.
        const QString name = index.data().toString();
        const QRectF textRect(row.left() + 8, row.top(), right - row.left() - 8, row.height());
        painter->setPen(textColour);
        painter->setFont(option.font);
        const QString needle = m_filter->text();
        const qsizetype at = needle.isEmpty() ? -1 : name.indexOf(needle, 0, Qt::CaseInsensitive);
        QFont bold = option.font;
        bold.setBold(true);
        const QFontMetrics boldMetrics(bold);
        const QString before = name.left(at);
        const QString match = name.mid(at, needle.size());
        const QString after = name.mid(at + needle.size());
        const int fullWidth =
            metrics.horizontalAdvance(before) + boldMetrics.horizontalAdvance(match) + metrics.horizontalAdvance(after);
        if (at < 0 || fullWidth > textRect.width()) {
            painter->drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft,
                              metrics.elidedText(name, Qt::ElideRight, static_cast<int>(textRect.width())));
        } else {
            qreal x = textRect.left();
            const auto draw = [&](const QString &part, const QFont &font, const QFontMetrics &partMetrics) {
                painter->setFont(font);
                painter->drawText(QRectF(x, textRect.top(), textRect.right() - x, textRect.height()),
                                  Qt::AlignVCenter | Qt::AlignLeft, part);
                x += partMetrics.horizontalAdvance(part);
            };
            draw(before, option.font, metrics);
            draw(match, bold, boldMetrics);
            draw(after, option.font, metrics);
        }
        painter->restore();
    }

private:
    const QSortFilterProxyModel *m_proxy;
    const QLineEdit *m_filter;
};

} // namespace

LabelPicker::LabelPicker(QWidget *parent)
    : QWidget(parent, Qt::Popup)
    , m_filter(new QLineEdit(this))
    , m_list(new QListView(this))
    , m_noMatch(new QLabel(this))
    , m_model(new QStringListModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("labelPicker"));
    setAttribute(Qt::WA_WindowPropagation);

    m_filter->setObjectName(QStringLiteral("labelPickerFilter"));
    m_filter->setPlaceholderText(tr("Type to find a label…"));
    m_filter->setClearButtonEnabled(true);
    m_filter->installEventFilter(this);
    setFocusProxy(m_filter);

    // Substring, any case, any script: "退款" finds "退款申请", "REF" finds "refund".
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_list->setObjectName(QStringLiteral("labelPickerList"));
    m_list->setModel(m_proxy);
    m_list->setItemDelegate(new LabelRowDelegate(m_proxy, m_filter, m_list));
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setFocusPolicy(Qt::NoFocus);
    m_list->setMouseTracking(true);
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setUniformItemSizes(true);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->viewport()->setAutoFillBackground(false);

    m_noMatch->setObjectName(QStringLiteral("labelPickerNoMatch"));
    m_noMatch->setAlignment(Qt::AlignCenter);
    m_noMatch->setForegroundRole(QPalette::PlaceholderText);
    m_noMatch->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(6);
    layout->addWidget(m_filter);
    layout->addWidget(m_list);
    layout->addWidget(m_noMatch);

    connect(m_filter, &QLineEdit::textChanged, this, &LabelPicker::applyFilter);
    connect(m_list, &QAbstractItemView::clicked, this, &LabelPicker::pick);
}

void LabelPicker::setLabels(const QStringList &names)
{
    m_model->setStringList(names);
    applyFilter(m_filter->text());
}

QStringList LabelPicker::labels() const
{
    return m_model->stringList();
}

QString LabelPicker::filterText() const
{
    return m_filter->text();
}

void LabelPicker::popup(const QPoint &globalPos)
{
    m_filter->clear();
    applyFilter(QString());
    // Keep it on the screen: open above or left of the point when there is no room.
    QRect geometry(globalPos, size());
    if (const QScreen *screen = QGuiApplication::screenAt(globalPos)) {
        const QRect available = screen->availableGeometry();
        if (geometry.right() > available.right())
            geometry.moveRight(std::max(available.left(), globalPos.x()));
        if (geometry.bottom() > available.bottom())
            geometry.moveBottom(std::max(available.top() + geometry.height(), globalPos.y()));
        geometry.moveLeft(std::clamp(geometry.left(), available.left(),
                                     std::max(available.left(), available.right() - geometry.width())));
        geometry.moveTop(std::clamp(geometry.top(), available.top(),
                                    std::max(available.top(), available.bottom() - geometry.height())));
    }
    move(geometry.topLeft());
    show();
    m_filter->setFocus(Qt::PopupFocusReason);
}

void LabelPicker::applyFilter(const QString &text)
{
    m_proxy->setFilterFixedString(text);
    const bool any = m_proxy->rowCount() > 0;
    m_list->setVisible(any);
    m_noMatch->setVisible(!any);
    m_noMatch->setText(m_model->rowCount() == 0 ? tr("This dataset has no labels yet.")
                                                : tr("No label matches “%1”.").arg(text));
    if (any)
        m_list->setCurrentIndex(m_proxy->index(0, 0));
    m_list->viewport()->update();
    fitSize(); // shrinks to the matches, from the top, so the filter field stays put
}

void LabelPicker::moveCurrent(int rows)
{
    const int count = m_proxy->rowCount();
    if (count == 0)
        return;
    const int current = m_list->currentIndex().isValid() ? m_list->currentIndex().row() : -1;
    const int next = std::clamp(current + rows, 0, count - 1);
    m_list->setCurrentIndex(m_proxy->index(next, 0));
    m_list->scrollTo(m_list->currentIndex());
}

void LabelPicker::pick(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const int source = m_proxy->mapToSource(index).row();
    hide();
    Q_EMIT labelPicked(source);
}

// Wide enough for the longest name (within reason), as tall as the matches up to twelve rows.
void LabelPicker::fitSize()
{
    const QFontMetrics metrics(m_list->font());
    const int line = metrics.height();
    int widest = metrics.horizontalAdvance(m_filter->placeholderText()) + 2 * line;
    for (const auto &name : m_model->stringList())
        widest = std::max(widest, metrics.horizontalAdvance(name) + 3 * line + 40);
    const int rowHeight = std::max(26, line + 10);
    const int matches = static_cast<int>(m_proxy->rowCount());
    const int rows = matches == 0 ? 2 : std::min(matches, kVisibleRows);
    const int scrollBar = m_model->rowCount() > kVisibleRows ? style()->pixelMetric(QStyle::PM_ScrollBarExtent) : 0;
    const QMargins margins = layout()->contentsMargins();
    const int width = std::clamp(widest + scrollBar + margins.left() + margins.right(), 260, 460);
    m_list->setFixedHeight(rows * rowHeight + 4);
    m_noMatch->setFixedHeight(rows * rowHeight + 4);
    layout()->activate(); // else the old minimum height keeps the popup tall
    resize(width, margins.top() + m_filter->sizeHint().height() + layout()->spacing() + rows * rowHeight + 4
                      + margins.bottom());
}

bool LabelPicker::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        switch (key->key()) {
        case Qt::Key_Down: moveCurrent(1); return true;
        case Qt::Key_Up: moveCurrent(-1); return true;
        case Qt::Key_PageDown: moveCurrent(kVisibleRows - 1); return true;
        case Qt::Key_PageUp: moveCurrent(-(kVisibleRows - 1)); return true;
        case Qt::Key_Return:
        case Qt::Key_Enter: pick(m_list->currentIndex()); return true;
        case Qt::Key_Escape: hide(); return true;
        default: break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void LabelPicker::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        hide();
        return;
    }
    QWidget::keyPressEvent(event);
}

void LabelPicker::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Window));
    QColor border = palette().color(QPalette::Text);
    border.setAlphaF(0.25f);
    painter.setPen(border);
    painter.drawRect(rect().adjusted(0, 0, -1, -1));
}

} // namespace glossa::ui
