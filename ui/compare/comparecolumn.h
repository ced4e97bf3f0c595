#pragma once

#include "ui/session/predictionservice.h"
#include "ui/session/runtypes.h"

#include <QFrame>
#include <QTimer>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QToolButton;
class QVBoxLayout;

namespace glossa::ui {

class ProbabilityBars;

// One column of the Compare tab: a text with its language (detected as it is typed, or
// chosen), and for each compared run its top label, probability bars and the text's pieces
// coloured by attribution. Framed in amber when its label differs from the other columns'.
class CompareColumn : public QFrame
{
    Q_OBJECT

public:
    explicit CompareColumn(QWidget *parent = nullptr);

    void setRuns(const QList<RunRow> &runs);
    // Language codes to offer besides automatic detection.
    void setLanguages(const QStringList &codes);
    // lang empty: detect it.
    void setText(const QString &text, const QString &lang = {});
    QString text() const;
    // The chosen language, else the detected one ("und" when it cannot tell).
    QString language() const;
    bool isRightToLeft() const;

    void showPrediction(qint64 runId, const TextPrediction &prediction);
    void showFailure(qint64 runId, const QString &message);
    void clearPredictions();
    // Empty until the run has answered for the current text.
    QString topLabel(qint64 runId) const;
    QString attributionHtml(qint64 runId) const;
    void setHighlight(bool differsFromOthers, bool runsDisagree);
    bool differsFromOthers() const { return m_differs; }
    bool runsDisagree() const { return m_runsDisagree; }

    QPlainTextEdit *editor() const { return m_editor; }
    QComboBox *languageBox() const { return m_language; }
    QToolButton *addButton() const { return m_addButton; }
    QToolButton *removeButton() const { return m_removeButton; }

Q_SIGNALS:
    // The text settled (typing paused) or was set: time to ask the runs.
    void predictionWanted();
    void removeRequested();
    void addToDatasetRequested();

private:
    struct RunView
    {
        RunRow run;
        QLabel *header = nullptr;
        ProbabilityBars *bars = nullptr;
        QLabel *tokens = nullptr;
        QString label;
        QList<TextPrediction::Token> pieces;
    };
    RunView *viewOf(qint64 runId);
    const RunView *viewOf(qint64 runId) const;
    void detectLanguage();
    void showHeader(RunView &view, const QString &detail);
    void refreshTokens();
    void updateFrame();

    QComboBox *m_language;
    QToolButton *m_addButton;
    QToolButton *m_removeButton;
    QPlainTextEdit *m_editor;
    QLabel *m_badge;
    QVBoxLayout *m_runsLayout;
    QList<RunView> m_views;
    QString m_detected = QStringLiteral("und");
    QTimer m_settle; // typing pauses this long before the runs are asked
    bool m_differs = false;
    bool m_runsDisagree = false;
};

} // namespace glossa::ui
