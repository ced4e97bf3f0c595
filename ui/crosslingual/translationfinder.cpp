#include "ui/crosslingual/translationfinder.h"

#include "ui/crosslingual/languagematrixview.h"
#include "ui/session/projectsession.h"
#include "ui/session/workerthread.h"
#include "ui/widgets/languagename.h"

#include <QCompleter>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QRandomGenerator>
#include <QStringListModel>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace glossa::ui {

namespace {

// As the Compare tab: ask once typing has paused this long.
constexpr int settleMs = 300;
// The split's texts offered to pick from; a larger split still measures whole, and its other
// texts are only not offered (nor marked as translations).
constexpr std::size_t pickableTexts = 20000;

} // namespace

TranslationFinder::TranslationFinder(ProjectSession *session, QWidget *parent)
    : QGroupBox(tr("Find translation"), parent)
    , m_session(session)
    , m_query(new QLineEdit(this))
    , m_random(new QToolButton(this))
    , m_status(new QLabel(this))
    , m_neighbours(new QTreeWidget(this))
    , m_completions(new QStringListModel(this))
{
    setObjectName(QStringLiteral("retrievalFind"));
    m_query->setObjectName(QStringLiteral("retrievalQuery"));
    m_query->setPlaceholderText(tr("Type a text in any language, or pick one of the split's texts"));
    m_query->setClearButtonEnabled(true);
    auto *completer = new QCompleter(m_completions, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    completer->setMaxVisibleItems(12);
    m_query->setCompleter(completer);
    connect(completer, qOverload<const QString &>(&QCompleter::activated), this, [this](const QString &text) {
        const auto row = std::find_if(m_splitRows.cbegin(), m_splitRows.cend(),
                                      [&text](const ExampleRowData &candidate) { return candidate.text == text; });
        if (row != m_splitRows.cend())
            pickText(*row);
    });
    m_random->setObjectName(QStringLiteral("retrievalRandom"));
    m_random->setText(tr("Random text"));
    m_random->setToolTip(tr("Pick one of the split's texts at random"));
    connect(m_random, &QToolButton::clicked, this, [this] { pickRandomText(); });
    m_status->setObjectName(QStringLiteral("retrievalFindStatus"));
    m_status->setWordWrap(true);

    m_neighbours->setObjectName(QStringLiteral("retrievalNeighbours"));
    m_neighbours->setColumnCount(2);
    m_neighbours->setHeaderLabels({tr("Similarity"), tr("Text")});
    m_neighbours->setRootIsDecorated(false);
    m_neighbours->setUniformRowHeights(true);
    m_neighbours->setWordWrap(false);
    m_neighbours->setTextElideMode(Qt::ElideRight);
    m_neighbours->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_neighbours->header()->setStretchLastSection(true);
    m_neighbours->setSelectionMode(QAbstractItemView::SingleSelection);
    m_settle.setSingleShot(true);
    m_settle.setInterval(settleMs);
    connect(&m_settle, &QTimer::timeout, this, &TranslationFinder::askNow);
    connect(m_query, &QLineEdit::textEdited, this, &TranslationFinder::queryEdited);
    connect(m_query, &QLineEdit::returnPressed, this, [this] {
        m_settle.stop();
        askNow();
    });
    auto *service = m_session->retrieval();
    connect(service, &RetrievalService::translationsFound, this, &TranslationFinder::showMatches);
    connect(service, &RetrievalService::translationFailed, this, &TranslationFinder::showFailure);

    auto *legend = new QLabel(tr("<small><b>✓ Bold</b>: a translation of the query (the same group). The "
                                 "similarity is the cosine of the two texts' vectors.</small>"),
                              this);
    legend->setWordWrap(true);
    auto *queryRow = new QHBoxLayout;
    queryRow->addWidget(m_query, 1);
    queryRow->addWidget(m_random);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(queryRow);
    layout->addWidget(m_status);
    layout->addWidget(m_neighbours, 1);
    layout->addWidget(legend);
    setAvailable(false);
}

void TranslationFinder::setAvailable(bool available)
{
    m_available = available;
    m_query->setEnabled(available);
    m_random->setEnabled(available && !m_splitRows.isEmpty());
}

void TranslationFinder::measuringStarted()
{
    m_neighbours->clear();
}

void TranslationFinder::resultChanged()
{
    // A text typed while measuring was asked then; one typed before shows its answer now.
    if (!m_query->text().trimmed().isEmpty())
        askNow();
}

void TranslationFinder::setSplit(const QString &dataset, const QString &split)
{
    const auto *summary = m_session->dataset(dataset);
    const quint64 request = ++m_splitRequest;
    if (!summary) {
        m_splitRows.clear();
        m_groupOf.clear();
        m_completions->setStringList({});
        setAvailable(m_available);
        return;
    }
    BrowseFilter filter;
    filter.split = split;
    whenDone(
        m_session->queryExamples(summary->id, filter, BrowseSort{BrowseColumn::Group, Qt::AscendingOrder}, {}), this,
        [this, request](const BrowseQueryResult &result) { readRows(request, result); },
        [this](const QString &message) { m_status->setText(message); });
}

void TranslationFinder::readRows(quint64 request, const BrowseQueryResult &result)
{
    if (request != m_splitRequest || !result.ids)
        return;
    const auto count = static_cast<std::ptrdiff_t>(std::min(result.ids->size(), pickableTexts));
    const std::vector<std::int64_t> ids(result.ids->begin(), result.ids->begin() + count);
    whenDone(
        m_session->exampleRows(ids, -1), this,
        [this, request](const QList<ExampleRowData> &rows) {
            if (request != m_splitRequest)
                return;
            m_splitRows = rows;
            m_groupOf.clear();
            QStringList texts;
            texts.reserve(rows.size());
            for (const auto &row : rows) {
                texts.append(row.text);
                if (!row.group.isEmpty())
                    m_groupOf.insert(row.id, row.group);
            }
            m_completions->setStringList(texts);
            setAvailable(m_available);
        },
        [this](const QString &message) { m_status->setText(message); });
}

void TranslationFinder::pickText(const ExampleRowData &row)
{
    if (row.textTruncated) {
        // The split's rows hold previews; the search is for the whole text.
        whenDone(
            m_session->exampleDetail(row.id, -1), this, [this](const ExampleDetail &detail) { pickText(detail.row); },
            [this](const QString &message) { m_status->setText(message); });
        return;
    }
    m_queryExample = row.id;
    m_queryGroup = row.group;
    m_queryText = row.text;
    m_focusLanguage.clear();
    m_query->setText(row.text);
    m_query->setCursorPosition(0);
    m_settle.stop();
    askNow();
}

void TranslationFinder::pickRandomText(const QString &language, const QString &focusLanguage)
{
    QList<const ExampleRowData *> candidates;
    for (const auto &row : std::as_const(m_splitRows)) {
        if (language.isEmpty() || row.lang == language)
            candidates.append(&row);
    }
    if (candidates.isEmpty())
        return;
    pickText(*candidates.at(QRandomGenerator::global()->bounded(static_cast<int>(candidates.size()))));
    m_focusLanguage = focusLanguage;
}

void TranslationFinder::queryEdited(const QString &text)
{
    if (text != m_queryText) {
        // No longer the picked text: its translations are no longer known.
        m_queryExample = -1;
        m_queryGroup.clear();
        m_queryText.clear();
    }
    m_focusLanguage.clear();
    m_settle.start();
}

void TranslationFinder::findTranslation(const QString &text)
{
    m_query->setText(text);
    queryEdited(text);
    m_settle.stop();
    askNow();
}

void TranslationFinder::askNow()
{
    const QString text = m_query->text().trimmed();
    if (text.isEmpty()) {
        m_neighbours->clear();
        m_status->clear();
        m_session->retrieval()->findTranslation(asker(), {});
        return;
    }
    m_status->setText(m_session->retrieval()->state() == RetrievalService::State::Measuring
                          ? tr("Searching once the texts are embedded…")
                          : tr("Searching…"));
    m_session->retrieval()->findTranslation(asker(), text);
}

void TranslationFinder::showMatches(quint64 asker, const TranslationMatches &matches)
{
    if (asker != this->asker() || matches.query != m_query->text().trimmed())
        return; // another finder's, or a text no longer in the box
    m_status->setText(m_queryGroup.isEmpty()
                          ? tr("Nearest texts in every language, most similar first.")
                          : tr("Nearest texts in every language; the query's own translations are in bold."));
    m_neighbours->clear();
    QTreeWidgetItem *focus = nullptr;
    for (const auto &language : matches.languages) {
        auto *header = new QTreeWidgetItem(m_neighbours);
        header->setText(0, languageNameWithCode(language.code));
        header->setData(0, Qt::UserRole, language.code);
        header->setFirstColumnSpanned(true);
        QFont bold = header->font(0);
        bold.setBold(true);
        header->setFont(0, bold);
        header->setBackground(0, palette().alternateBase());
        header->setFlags(Qt::ItemIsEnabled);
        if (language.code == m_focusLanguage)
            focus = header;
        for (const auto &neighbour : language.neighbours) {
            auto *item = new QTreeWidgetItem(header);
            const QColor shade = LanguageMatrixView::colourFor(neighbour.similarity);
            item->setText(0, QString::number(neighbour.similarity, 'f', 2));
            item->setTextAlignment(0, Qt::AlignRight | Qt::AlignVCenter);
            item->setBackground(0, shade);
            item->setForeground(0, LanguageMatrixView::textColourOn(shade));
            item->setData(0, Qt::UserRole, neighbour.exampleId);
            const bool itself = neighbour.exampleId >= 0 && neighbour.exampleId == m_queryExample;
            const bool translation =
                !itself && !m_queryGroup.isEmpty() && m_groupOf.value(neighbour.exampleId) == m_queryGroup;
            item->setText(1, translation ? QStringLiteral("✓ ") + neighbour.text : neighbour.text);
            item->setToolTip(1, neighbour.text);
            item->setData(1, Qt::UserRole, translation);
            QFont font = item->font(1);
            if (translation) {
                font.setBold(true);
            } else if (itself) {
                font.setItalic(true);
                // Isolated (FSI … PDI), so a right-to-left text does not take the note into its run.
                item->setText(1, tr("The query itself: %1").arg(QChar(0x2068) + neighbour.text + QChar(0x2069)));
            }
            item->setFont(1, font);
        }
        if (language.neighbours.isEmpty()) {
            auto *item = new QTreeWidgetItem(header);
            item->setText(1, tr("No text in this language."));
            item->setFlags(Qt::ItemIsEnabled);
        }
    }
    m_neighbours->expandAll();
    if (focus) {
        m_neighbours->scrollToItem(focus, QAbstractItemView::PositionAtTop);
        if (focus->childCount() > 0)
            m_neighbours->setCurrentItem(focus->child(0));
    }
}

void TranslationFinder::showFailure(quint64 asker, const QString &message)
{
    if (asker != this->asker())
        return;
    m_neighbours->clear();
    m_status->setText(tr("<b>No answer:</b> %1").arg(message.toHtmlEscaped()));
}

} // namespace glossa::ui
