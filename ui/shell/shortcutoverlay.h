#pragma once

#include <QKeySequence>
#include <QList>
#include <QPointer>
#include <QString>
#include <QWidget>

class QScrollArea;

namespace glossa::ui {

struct ShortcutEntry
{
    QString section; // "Navigation", "Labelling", "Editing", "Views" (translated by the caller)
    QString keys;    // "Ctrl+Shift+Z"; alternatives " / " ("F1 / ?"); a range " – " ("1 – 9")
    QString description;
};

// Every keyboard shortcut over a dimmed window, grouped by section in two or three columns with
// the keys drawn as keycaps. Esc, F1, '?' or a click closes it.
class ShortcutOverlay : public QWidget
{
    Q_OBJECT

public:
    explicit ShortcutOverlay(QWidget *parent = nullptr);

    void setShortcuts(const QList<ShortcutEntry> &entries);
    QList<ShortcutEntry> shortcuts() const { return m_entries; }
    // Covers window (following its size) and takes the keyboard until closed.
    void showOver(QWidget *window);
    int columnCount() const { return m_columns; }

    // A shortcut's keys the way ShortcutEntry::keys writes them, in the platform's words.
    static QString keysText(const QKeySequence &sequence);
    static QString keysText(const QList<QKeySequence> &alternatives);

Q_SIGNALS:
    void closed();

protected:
    bool event(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    bool focusNextPrevChild(bool next) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void rebuild();
    void retranslate();
    int fittingColumns() const;
    void placePanel();
    static bool closesOverlay(const QKeyEvent *event);

    QList<ShortcutEntry> m_entries;
    QWidget *m_panel = nullptr;
    QScrollArea *m_scroll = nullptr;
    QPointer<QWidget> m_window;
    QPointer<QWidget> m_previousFocus;
    int m_columns = 0;
};

} // namespace glossa::ui
