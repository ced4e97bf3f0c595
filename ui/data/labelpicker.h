#pragma once

#include <QStringList>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListView;
class QModelIndex;
class QSortFilterProxyModel;
class QStringListModel;

namespace glossa::ui {

// A popup for choosing one label out of many by typing part of its name: arrows move, Enter
// picks, Esc closes. The first nine labels show the number key that sets them directly.
class LabelPicker : public QWidget
{
    Q_OBJECT

public:
    explicit LabelPicker(QWidget *parent = nullptr);

    void setLabels(const QStringList &names);
    QStringList labels() const;
    // Opens with an empty filter at globalPos (kept on the screen), the first label current.
    void popup(const QPoint &globalPos);
    QString filterText() const;

Q_SIGNALS:
    // index: into the names given to setLabels.
    void labelPicked(int index);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    void applyFilter(const QString &text);
    void moveCurrent(int rows);
    void pick(const QModelIndex &index);
    void fitSize();

    QLineEdit *m_filter = nullptr;
    QListView *m_list = nullptr;
    QLabel *m_noMatch = nullptr;
    QStringListModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
};

} // namespace glossa::ui
