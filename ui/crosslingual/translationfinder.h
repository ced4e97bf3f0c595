#pragma once

#include "ui/session/browseworker.h"
#include "ui/session/retrievalservice.h"

#include <QGroupBox>
#include <QHash>
#include <QTimer>

class QLabel;
class QLineEdit;
class QStringListModel;
class QToolButton;
class QTreeWidget;

namespace glossa::ui {

class ProjectSession;

// "Find translation", the article's example made interactive: type a text in any language, or
// pick one of the split's texts (completion, or at random), and see its nearest texts in every
// language with their cosine similarity, grouped by language; a picked text's own translations
// (its group's members) in bold with a tick. Asked 300 ms after typing stops, as the Compare
// tab does; only the newest answer is shown. Answered by the session's RetrievalService.
class TranslationFinder : public QGroupBox
{
    Q_OBJECT

public:
    explicit TranslationFinder(ProjectSession *session, QWidget *parent = nullptr);

    // Reads the split's texts to offer (a dataset name the project lacks offers none).
    void setSplit(const QString &dataset, const QString &split);
    const QList<ExampleRowData> &splitTexts() const { return m_splitRows; }
    // As typed, asked now.
    void findTranslation(const QString &text);
    // One of the split's texts, in language when given; its answer scrolls to focusLanguage.
    void pickRandomText(const QString &language = {}, const QString &focusLanguage = {});
    void pickText(const ExampleRowData &row);
    // Whether the service can answer (measuring or ready).
    void setAvailable(bool available);
    // A new result: the text in the box is asked again; measuring: the old answer goes.
    void resultChanged();
    void measuringStarted();

private:
    void readRows(quint64 request, const BrowseQueryResult &result);
    void queryEdited(const QString &text);
    void askNow();
    void showMatches(quint64 asker, const TranslationMatches &matches);
    void showFailure(quint64 asker, const QString &message);
    quint64 asker() const { return reinterpret_cast<quintptr>(this); }

    ProjectSession *m_session;
    QLineEdit *m_query;
    QToolButton *m_random;
    QLabel *m_status;
    QTreeWidget *m_neighbours;
    QStringListModel *m_completions;
    QTimer m_settle;
    bool m_available = false;

    QList<ExampleRowData> m_splitRows;
    QHash<qint64, QString> m_groupOf; // example id → group, for the split's texts
    quint64 m_splitRequest = 0;       // answers to older reads of the split are dropped
    // The picked text's example and group, while the query is still that text.
    qint64 m_queryExample = -1;
    QString m_queryGroup;
    QString m_queryText;
    QString m_focusLanguage; // the language a matrix cell asked to see
};

} // namespace glossa::ui
