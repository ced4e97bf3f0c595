#pragma once

#include "ui/session/browsetypes.h"
#include "ui/session/projectoverview.h"

#include <QWidget>

class QFontMetrics;
class QGridLayout;
class QLabel;
class QTextBrowser;
class QTreeWidget;

namespace glossa::ui {

// The side panel of the browser: the whole text of the current example (right-to-left and
// CJK text laid out as such), its fields, its label and prediction, buttons for the label
// keys, the other columns of its source file, and its edit history.
class ExamplePanel : public QWidget
{
    Q_OBJECT

public:
    explicit ExamplePanel(QWidget *parent = nullptr);

    void setLabels(const QList<LabelSummary> &labels);
    void showDetail(const ExampleDetail &detail);
    void showNothing();
    qint64 exampleId() const { return m_exampleId; }
    // What the panel says about fonts: empty when every character of the text can be drawn.
    QString fontNotice() const;
    static QString labelButtonText(int key, const QString &name, const QFontMetrics &metrics);

Q_SIGNALS:
    void labelChosen(qint64 labelId);
    void pickerRequested();

private:
    void rebuildLabelButtons();

    qint64 m_exampleId = -1;
    qint64 m_labelId = -1;
    QList<LabelSummary> m_labels;
    QLabel *m_title = nullptr;
    QLabel *m_fields = nullptr;
    QTextBrowser *m_text = nullptr;
    QLabel *m_fontNotice = nullptr;
    QLabel *m_label = nullptr;
    QLabel *m_prediction = nullptr;
    QWidget *m_keys = nullptr;
    QGridLayout *m_keysLayout = nullptr;
    QLabel *m_metadataTitle = nullptr;
    QTreeWidget *m_metadata = nullptr;
    QTreeWidget *m_history = nullptr;
};

} // namespace glossa::ui
