#include "ui/shell/shortcutoverlay.h"

#include <QApplication>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>
#include <limits>

namespace glossa::ui {

namespace {

constexpr int kOuterMargin = 40;  // dimmed border around the panel
constexpr int kPanelPadding = 32; // inside the panel, left and right
constexpr int kColumnGap = 44;
constexpr int kGridSpacing = 20;     // between a description and its keys
constexpr int kMaxDescription = 250; // px: longer descriptions wrap
constexpr int kMaxColumns = 3;
constexpr qreal kPanelRadius = 14;

// One shortcut's keys as keycaps, with the joins between them ("+", "–", "/") as quiet text.
class KeyCaps : public QWidget
{
public:
    KeyCaps(const QString &keys, QWidget *parent)
        : QWidget(parent)
    {
        setAccessibleName(keys);
        setToolTip(keys);
        parse(keys);
        setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    }

    static int widthOf(const QString &keys, const QFont &font)
    {
        KeyCaps caps(keys, nullptr);
        caps.setFont(font);
        return caps.sizeHint().width();
    }

    QSize sizeHint() const override
    {
        const QFontMetrics key(keyFont());
        const QFontMetrics join(font());
        int width = 0;
        for (const auto &part : m_parts)
            width += part.isKey ? capWidth(key, part.text) : join.horizontalAdvance(part.text) + 2 * kJoinPadding;
        return {width, key.height() + 9};
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        const QFont capFont = keyFont();
        const QFontMetrics key(capFont);
        const QFontMetrics join(font());
        const QColor text = palette().color(QPalette::WindowText);
        const QColor window = palette().color(QPalette::Window);
        const bool dark = window.lightness() < 128;
        const QColor face = dark ? window.lighter(150) : palette().color(QPalette::Base);
        QColor edge = text;
        edge.setAlphaF(dark ? 0.45f : 0.28f);
        QColor muted = text;
        muted.setAlphaF(0.55f);
        const qreal height = key.height() + 7;
        const qreal top = (this->height() - height - 2) / 2.0;
        qreal x = 0;
        for (const auto &part : m_parts) {
            if (!part.isKey) {
                const int width = join.horizontalAdvance(part.text) + 2 * kJoinPadding;
                painter.setPen(muted);
                painter.setFont(font());
                painter.drawText(QRectF(x, 0, width, this->height()), Qt::AlignCenter, part.text);
                x += width;
                continue;
            }
            const int width = capWidth(key, part.text);
            const QRectF cap(x + 0.5, top + 0.5, width - 1, height);
            // A thicker lower edge makes it read as a key, not a badge.
            painter.setPen(Qt::NoPen);
            painter.setBrush(edge);
            painter.drawRoundedRect(cap.translated(0, 1.5), 4, 4);
            painter.setPen(QPen(edge, 1));
            painter.setBrush(face);
            painter.drawRoundedRect(cap, 4, 4);
            painter.setPen(text);
            painter.setFont(capFont);
            painter.drawText(cap, Qt::AlignCenter, part.text);
            x += width;
        }
    }

private:
    static constexpr int kJoinPadding = 3;

    struct Part
    {
        QString text;
        bool isKey = true;
    };

    QFont keyFont() const
    {
        QFont capFont = font();
        capFont.setPointSizeF(capFont.pointSizeF() * 0.88);
        capFont.setWeight(QFont::DemiBold);
        return capFont;
    }

    static int capWidth(const QFontMetrics &metrics, const QString &text)
    {
        return std::max(metrics.height() + 8, metrics.horizontalAdvance(text) + 14);
    }

    // "Ctrl+Shift+Z", "Ctrl++", "F1 / ?", "/  ·  Ctrl+F", "1 – 9", "1 … 9", "Ctrl+K, Ctrl+C": keys
    // joined by "+" (no spaces), alternatives by "/" or "·" and ranges by "–", "…" or " - " (with
    // spaces), sequences by ", ". A key is at least one character, so "+", "/" and "?" can be keys.
    void parse(const QString &keys)
    {
        const QString text = keys.trimmed();
        const auto n = text.size();
        // The join starting at i (spaces included) and where the next key begins, or -1.
        const auto joinAt = [&](qsizetype i, QString *shown) -> qsizetype {
            if (text[i] == QLatin1Char('+')) {
                *shown = QStringLiteral("+");
                return i + 1;
            }
            qsizetype j = i;
            while (j < n && text[j].isSpace())
                ++j;
            if (j >= n - 1)
                return -1;
            const QChar c = text[j];
            const bool spaceBefore = j > i;
            const bool spaceAfter = text[j + 1].isSpace();
            bool join = false;
            if (c == QLatin1Char('/') || c == QChar(0x00b7)) {
                join = spaceBefore || spaceAfter;
                *shown = QString(c);
            } else if (c == QChar(0x2013) || c == QChar(0x2026)
                       || (c == QLatin1Char('-') && spaceBefore && spaceAfter)) {
                join = true;
                *shown = QString(QChar(0x2013));
            } else if (c == QLatin1Char(',') && spaceAfter) {
                join = true;
                *shown = QStringLiteral(",");
            }
            if (!join)
                return -1;
            ++j;
            while (j < n && text[j].isSpace())
                ++j;
            return j;
        };
        qsizetype i = 0;
        while (i < n) {
            const qsizetype start = i++;
            QString shown;
            qsizetype next = -1;
            while (i < n && (next = joinAt(i, &shown)) < 0)
                ++i;
            m_parts.append({text.mid(start, i - start).trimmed(), true});
            if (next >= 0) {
                m_parts.append({shown, false});
                i = next;
            }
        }
    }

    QList<Part> m_parts;
};

// The rounded card the shortcuts sit on, with a soft shadow.
class Panel : public QWidget
{
public:
    using QWidget::QWidget;

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        const QRectF card = QRectF(rect()).adjusted(6, 4, -6, -8);
        for (int i = 1; i <= 6; ++i) {
            painter.setPen(Qt::NoPen);
            painter.setBrush(QColor(0, 0, 0, 10));
            painter.drawRoundedRect(card.adjusted(-i + 2, -i + 3, i - 2, i + 1), kPanelRadius + i, kPanelRadius + i);
        }
        QColor border = palette().color(QPalette::WindowText);
        border.setAlphaF(0.12f);
        painter.setPen(QPen(border, 1));
        painter.setBrush(palette().color(QPalette::Window));
        painter.drawRoundedRect(card, kPanelRadius, kPanelRadius);
    }
};

// Contiguous groups of sections for the columns, the tallest as short as possible.
QList<int> balancedBreaks(const QList<double> &heights, int columns)
{
    QList<int> best;
    double bestMax = std::numeric_limits<double>::max();
    QList<int> breaks;
    const std::function<void(int, int, double)> search = [&](int start, int left, double tallest) {
        if (left == 1) {
            double rest = 0;
            for (qsizetype i = start; i < heights.size(); ++i)
                rest += heights[i];
            if (std::max(tallest, rest) < bestMax) {
                bestMax = std::max(tallest, rest);
                best = breaks;
            }
            return;
        }
        double sum = 0;
        for (int end = start; end < heights.size() - left + 1; ++end) {
            sum += heights[end];
            breaks.append(end + 1);
            search(end + 1, left - 1, std::max(tallest, sum));
            breaks.removeLast();
        }
    };
    search(0, std::max(1, columns), 0);
    return best;
}

} // namespace

ShortcutOverlay::ShortcutOverlay(QWidget *parent)
    : QWidget(parent)
    , m_panel(new Panel(this))
    , m_scroll(new QScrollArea(m_panel))
{
    setObjectName(QStringLiteral("shortcutOverlay"));
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_NoSystemBackground);
    hide();

    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setFocusPolicy(Qt::NoFocus);
    m_scroll->viewport()->setAutoFillBackground(false);
    m_scroll->setAutoFillBackground(false);
    m_scroll->setStyleSheet(QStringLiteral("QScrollArea { background: transparent; }"));

    auto *title = new QLabel(m_panel);
    title->setObjectName(QStringLiteral("shortcutOverlayTitle"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    titleFont.setBold(true);
    title->setFont(titleFont);

    auto *hint = new QLabel(m_panel);
    hint->setObjectName(QStringLiteral("shortcutOverlayHint"));
    hint->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(m_panel);
    layout->setContentsMargins(kPanelPadding + 6, 26, kPanelPadding + 6, 24);
    layout->setSpacing(18);
    layout->addWidget(title);
    layout->addWidget(m_scroll, 1);
    layout->addWidget(hint, 0, Qt::AlignHCenter);

    retranslate();
}

QString ShortcutOverlay::keysText(const QKeySequence &sequence)
{
    return sequence.toString(QKeySequence::NativeText);
}

QString ShortcutOverlay::keysText(const QList<QKeySequence> &alternatives)
{
    QStringList texts;
    for (const auto &sequence : alternatives) {
        if (!sequence.isEmpty())
            texts.append(keysText(sequence));
    }
    return texts.join(QStringLiteral(" / "));
}

void ShortcutOverlay::setShortcuts(const QList<ShortcutEntry> &entries)
{
    m_entries = entries;
    rebuild();
}

void ShortcutOverlay::showOver(QWidget *window)
{
    if (!window)
        window = parentWidget();
    if (!window)
        return;
    if (parentWidget() != window)
        setParent(window);
    if (m_window != window) {
        if (m_window)
            m_window->removeEventFilter(this);
        m_window = window;
        m_window->installEventFilter(this);
    }
    m_previousFocus = QApplication::focusWidget();
    setGeometry(window->rect());
    if (fittingColumns() != m_columns)
        rebuild();
    placePanel();
    raise();
    show();
    setFocus(Qt::OtherFocusReason);
}

// As many columns (up to three) as the window's width holds.
namespace {

struct Sections
{
    QStringList names; // in the order they first appear
    QList<QList<const ShortcutEntry *>> entries;
    QList<double> heights; // in rows, a heading counting about two

    // Where each column ends (an index into names), the tallest column as short as possible.
    QList<int> columnEnds(int columns) const
    {
        QList<int> ends = balancedBreaks(heights, std::min<int>(columns, static_cast<int>(names.size())));
        ends.append(static_cast<int>(names.size()));
        return ends;
    }
};

Sections sectionsOf(const QList<ShortcutEntry> &entries)
{
    Sections sections;
    for (const auto &entry : entries) {
        qsizetype at = sections.names.indexOf(entry.section);
        if (at < 0) {
            sections.names.append(entry.section);
            sections.entries.append(QList<const ShortcutEntry *>());
            at = sections.names.size() - 1;
        }
        sections.entries[at].append(&entry);
    }
    for (const auto &group : std::as_const(sections.entries))
        sections.heights.append(static_cast<double>(group.size()) + 1.8);
    return sections;
}

} // namespace

// As many columns (up to three) as the window's width holds.
int ShortcutOverlay::fittingColumns() const
{
    const Sections sections = sectionsOf(m_entries);
    const int most = std::clamp(static_cast<int>(sections.names.size()), 1, kMaxColumns);
    const int available = width() - 2 * kOuterMargin - 2 * (kPanelPadding + 6) - 24;
    const QFontMetrics metrics(font());
    for (int columns = most; columns > 1; --columns) {
        // A column is as wide as its widest description plus its widest keys.
        int total = (columns - 1) * kColumnGap;
        int section = 0;
        for (const int end : sections.columnEnds(columns)) {
            int description = 0;
            int keys = 0;
            for (; section < end; ++section) {
                for (const ShortcutEntry *entry : sections.entries[section]) {
                    description =
                        std::max(description, std::min(kMaxDescription, metrics.horizontalAdvance(entry->description)));
                    keys = std::max(keys, KeyCaps::widthOf(entry->keys, font()));
                }
            }
            total += description + kGridSpacing + keys;
        }
        if (total <= available)
            return columns;
    }
    return 1;
}

void ShortcutOverlay::rebuild()
{
    m_columns = fittingColumns();
    delete m_scroll->takeWidget();
    const Sections grouped = sectionsOf(m_entries);
    const QStringList &sections = grouped.names;
    const QList<int> breaks = grouped.columnEnds(m_columns);

    auto *content = new QWidget;
    content->setAutoFillBackground(false);
    auto *columns = new QHBoxLayout(content);
    columns->setContentsMargins(0, 0, 0, 0);
    columns->setSpacing(kColumnGap);
    QFont sectionFont = font();
    sectionFont.setBold(true);
    int section = 0;
    for (const int end : std::as_const(breaks)) {
        auto *column = new QVBoxLayout;
        column->setSpacing(4);
        for (; section < end; ++section) {
            auto *heading = new QLabel(sections[section], content);
            heading->setObjectName(QStringLiteral("shortcutSection"));
            heading->setFont(sectionFont);
            heading->setForegroundRole(QPalette::Highlight);
            if (column->count() > 0)
                column->addSpacing(14);
            column->addWidget(heading);
            column->addSpacing(2);
            auto *grid = new QGridLayout;
            grid->setHorizontalSpacing(kGridSpacing);
            grid->setVerticalSpacing(6);
            grid->setColumnStretch(0, 1);
            int row = 0;
            for (const ShortcutEntry *entry : grouped.entries[section]) {
                auto *description = new QLabel(entry->description, content);
                description->setObjectName(QStringLiteral("shortcutDescription"));
                // Only long descriptions wrap, at a fixed width, so the grid knows their height.
                if (description->fontMetrics().horizontalAdvance(entry->description) > kMaxDescription) {
                    description->setWordWrap(true);
                    description->setFixedWidth(kMaxDescription);
                    description->setMinimumHeight(description->heightForWidth(kMaxDescription));
                }
                grid->addWidget(description, row, 0, Qt::AlignVCenter | Qt::AlignLeft);
                grid->addWidget(new KeyCaps(entry->keys, content), row, 1, Qt::AlignVCenter | Qt::AlignRight);
                ++row;
            }
            column->addLayout(grid);
        }
        column->addStretch(1);
        columns->addLayout(column);
    }
    if (m_entries.isEmpty()) {
        auto *none = new QLabel(tr("No keyboard shortcuts."), content);
        none->setForegroundRole(QPalette::PlaceholderText);
        columns->addWidget(none, 0, Qt::AlignCenter);
    }
    m_scroll->setWidget(content);
    placePanel();
}

// The panel is as large as its content, centred, and scrolls when the window is too short.
void ShortcutOverlay::placePanel()
{
    QWidget *content = m_scroll->widget();
    if (!content)
        return;
    const QMargins margins = m_panel->layout()->contentsMargins();
    const int spacing = m_panel->layout()->spacing();
    const auto *title = m_panel->findChild<QLabel *>(QStringLiteral("shortcutOverlayTitle"));
    const auto *hint = m_panel->findChild<QLabel *>(QStringLiteral("shortcutOverlayHint"));
    const QSize contentSize = content->sizeHint();
    const int scrollBar = m_scroll->verticalScrollBar()->sizeHint().width();
    const QSize wanted(std::max(contentSize.width(), title->sizeHint().width()) + margins.left() + margins.right()
                           + scrollBar,
                       contentSize.height() + title->sizeHint().height() + hint->sizeHint().height() + 2 * spacing
                           + margins.top() + margins.bottom());
    const QSize room = size() - QSize(2 * kOuterMargin, 2 * kOuterMargin);
    const QSize panelSize = wanted.boundedTo(room).expandedTo(QSize(200, 160));
    m_panel->setGeometry(
        QRect(QPoint((width() - panelSize.width()) / 2, (height() - panelSize.height()) / 2), panelSize));
}

bool ShortcutOverlay::closesOverlay(const QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Escape:
    case Qt::Key_F1:
    case Qt::Key_Question: return true;
    default: return event->text() == QStringLiteral("?");
    }
}

bool ShortcutOverlay::event(QEvent *event)
{
    // Take the closing keys before the window's own F1 and '?' shortcuts see them.
    if (event->type() == QEvent::ShortcutOverride && closesOverlay(static_cast<QKeyEvent *>(event))) {
        event->accept();
        return true;
    }
    return QWidget::event(event);
}

bool ShortcutOverlay::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && event->type() == QEvent::Resize && m_window) {
        setGeometry(m_window->rect());
    }
    return QWidget::eventFilter(watched, event);
}

// Tab would move the keyboard to the widgets under the overlay.
bool ShortcutOverlay::focusNextPrevChild(bool)
{
    return false;
}

void ShortcutOverlay::keyPressEvent(QKeyEvent *event)
{
    if (closesOverlay(event)) {
        hide();
        return;
    }
    QWidget::keyPressEvent(event);
}

void ShortcutOverlay::mousePressEvent(QMouseEvent *event)
{
    event->accept();
    hide();
}

void ShortcutOverlay::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), QColor(14, 20, 28, 150));
}

void ShortcutOverlay::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (fittingColumns() != m_columns)
        rebuild();
    else
        placePanel();
}

void ShortcutOverlay::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    if (!isHidden())
        return; // the window hid, not the overlay
    if (m_previousFocus && m_previousFocus->isVisible())
        m_previousFocus->setFocus(Qt::OtherFocusReason);
    m_previousFocus = nullptr;
    Q_EMIT closed();
}

void ShortcutOverlay::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange)
        rebuild();
}

void ShortcutOverlay::retranslate()
{
    if (auto *title = m_panel->findChild<QLabel *>(QStringLiteral("shortcutOverlayTitle")))
        title->setText(tr("Keyboard Shortcuts"));
    if (auto *hint = m_panel->findChild<QLabel *>(QStringLiteral("shortcutOverlayHint")))
        hint->setText(tr("Press Esc, F1 or ? to close"));
}

} // namespace glossa::ui
