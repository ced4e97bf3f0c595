#include "ui/crosslingual/retrievalpanel.h"

#include "ui/crosslingual/languagematrixview.h"
#include "ui/session/projectsession.h"
#include "ui/session/runlist.h"
#include "ui/session/workerthread.h"
#include "ui/widgets/languagename.h"
#include "ui/widgets/runpicker.h"
#include "ui/widgets/splitname.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QCompleter>
#include <QFileDialog>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRandomGenerator>
#include <QSplitter>
#include <QStringListModel>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <climits>
#include <cmath>
#include <limits>

namespace glossa::ui {

namespace {

// As the Compare tab: ask once typing has paused this long.
constexpr int settleMs = 300;
// The split's texts offered to pick from; a larger split still measures whole, and its other
// texts are only not offered (nor marked as translations).
constexpr std::size_t pickableTexts = 20000;

QString score(double value)
{
    return std::isnan(value) ? QStringLiteral("—") : QString::number(value, 'f', 2);
}

} // namespace

RetrievalPanel::RetrievalPanel(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_useRun(new QRadioButton(tr("Run"), this))
    , m_runPicker(new RunPicker(
          [this](const RunRow &run) {
              return run.status == core::store::RunStatus::Finished
                     && (m_dataset.isEmpty() || run.dataset == m_dataset);
          },
          tr("No finished run of this dataset"), this))
    , m_useFolder(new QRadioButton(tr("Model folder"), this))
    , m_folder(new QLineEdit(this))
    , m_browse(new QToolButton(this))
    , m_pooling(new QComboBox(this))
    , m_split(new QComboBox(this))
    , m_measure(new QPushButton(tr("Measure"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_scoreChoice(new QButtonGroup(this))
    , m_matrix(new LanguageMatrixView(this))
    , m_query(new QLineEdit(this))
    , m_random(new QToolButton(this))
    , m_findStatus(new QLabel(this))
    , m_neighbours(new QTreeWidget(this))
    , m_completions(new QStringListModel(this))
{
    setObjectName(QStringLiteral("retrievalPanel"));
    buildControls();
    buildResults();
    connectSession();
    if (const auto &overview = m_session->overview(); !overview.datasets.isEmpty())
        setDataset(overview.datasets.constFirst().name);
    // The service outlives windows: show what it already has (a language switch rebuilds this).
    auto *service = m_session->retrieval();
    serviceStateChanged(service->state());
    if (service->state() == RetrievalService::State::Ready)
        showResult(service->result());
}

void RetrievalPanel::buildControls()
{
    m_useRun->setObjectName(QStringLiteral("retrievalUseRun"));
    m_useFolder->setObjectName(QStringLiteral("retrievalUseFolder"));
    m_runPicker->setObjectName(QStringLiteral("retrievalRun"));
    m_runPicker->setToolTip(tr("A finished run embeds with its own encoder and pooling: the representation its "
                               "classifier reads."));
    m_folder->setObjectName(QStringLiteral("retrievalFolder"));
    m_folder->setPlaceholderText(tr("A Hugging Face model folder (XLM-R, BERT)"));
    m_browse->setText(tr("Browse…"));
    m_browse->setObjectName(QStringLiteral("retrievalBrowse"));
    m_pooling->setObjectName(QStringLiteral("retrievalPooling"));
    m_pooling->addItem(tr("Mean of the tokens"), QStringLiteral("mean"));
    m_pooling->addItem(tr("First token (CLS)"), QStringLiteral("cls"));
    m_pooling->setToolTip(tr("How a text's token vectors become one vector. Mean pooling usually finds "
                             "translations better in a model that was not trained for sentence embeddings."));
    m_split->setObjectName(QStringLiteral("retrievalSplit"));
    for (const QString &split : {QStringLiteral("test"), QStringLiteral("dev"), QStringLiteral("train")})
        m_split->addItem(splitDisplayName(split), split);
    m_measure->setObjectName(QStringLiteral("retrievalMeasure"));
    m_measure->setDefault(false);
    m_measure->setToolTip(tr("Embed every text of the split and search each text's translations among the "
                             "other languages' texts."));
    m_cancel->setObjectName(QStringLiteral("retrievalCancel"));
    m_progress->setObjectName(QStringLiteral("retrievalProgress"));
    m_progress->setTextVisible(true);
    m_status->setObjectName(QStringLiteral("retrievalStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *models = new QButtonGroup(this);
    models->addButton(m_useRun);
    models->addButton(m_useFolder);
    m_useRun->setChecked(true);

    auto *grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(new QLabel(tr("Model:"), this), 0, 0);
    grid->addWidget(m_useRun, 0, 1);
    grid->addWidget(m_runPicker, 0, 2, 1, 3);
    grid->addWidget(m_useFolder, 1, 1);
    grid->addWidget(m_folder, 1, 2);
    grid->addWidget(m_browse, 1, 3);
    auto *poolingLabel = new QLabel(tr("Pooling:"), this);
    poolingLabel->setBuddy(m_pooling);
    auto *pooling = new QHBoxLayout;
    pooling->addWidget(poolingLabel);
    pooling->addWidget(m_pooling);
    grid->addLayout(pooling, 1, 4);
    auto *splitLabel = new QLabel(tr("Split:"), this);
    splitLabel->setBuddy(m_split);
    grid->addWidget(splitLabel, 0, 5);
    grid->addWidget(m_split, 0, 6);
    grid->addWidget(m_measure, 0, 7);
    grid->addWidget(m_cancel, 0, 8);
    grid->addWidget(m_progress, 1, 5, 1, 4);
    grid->setColumnStretch(2, 1);

    connect(m_useRun, &QRadioButton::toggled, this, &RetrievalPanel::updateControls);
    connect(m_folder, &QLineEdit::textChanged, this, &RetrievalPanel::updateControls);
    connect(m_runPicker, &RunPicker::runChanged, this, &RetrievalPanel::updateControls);
    connect(m_browse, &QToolButton::clicked, this, [this] {
        const QString folder =
            QFileDialog::getExistingDirectory(this, tr("Choose a Hugging Face model folder"), m_folder->text());
        if (!folder.isEmpty())
            chooseModelFolder(folder, m_pooling->currentData().toString());
    });
    connect(m_split, &QComboBox::currentIndexChanged, this, &RetrievalPanel::readSplitTexts);
    connect(m_measure, &QPushButton::clicked, this, &RetrievalPanel::measure);
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_session->retrieval()->cancel(); });

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(grid);
    layout->addWidget(m_status);
}

void RetrievalPanel::buildResults()
{
    m_summary->setObjectName(QStringLiteral("retrievalSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);

    auto *precision = new QToolButton(this);
    precision->setObjectName(QStringLiteral("retrievalShowPrecision"));
    precision->setText(tr("Precision at 1"));
    precision->setToolTip(tr("The share of queries whose most similar text in the other language is one of their "
                             "translations."));
    auto *mrr = new QToolButton(this);
    mrr->setObjectName(QStringLiteral("retrievalShowMrr"));
    mrr->setText(tr("Mean reciprocal rank"));
    mrr->setToolTip(tr("1 / the rank of a query's best-ranked translation, averaged: 0.5 means it comes second on "
                       "average."));
    for (auto *button : {precision, mrr}) {
        button->setCheckable(true);
        button->setAutoRaise(true);
        m_scoreChoice->addButton(button);
    }
    m_scoreChoice->setId(precision, 1);
    m_scoreChoice->setId(mrr, 0);
    precision->setChecked(true);
    connect(m_scoreChoice, &QButtonGroup::idToggled, this, [this](int, bool checked) {
        if (checked)
            showMatrix();
    });

    m_matrix->setAxisTitles(tr("Queries in"), tr("Candidates in"));
    m_matrix->setPlaceholderText(tr("Choose a model and press Measure: every text of the split is embedded, and "
                                    "each one's translations are searched among the other languages' texts."));
    connect(m_matrix, &LanguageMatrixView::cellActivated, this, &RetrievalPanel::matrixCellActivated);

    auto *matrixBox = new QWidget(this);
    auto *matrixLayout = new QVBoxLayout(matrixBox);
    matrixLayout->setContentsMargins(0, 0, 0, 0);
    auto *show = new QHBoxLayout;
    show->addWidget(new QLabel(tr("Show:"), this));
    show->addWidget(precision);
    show->addWidget(mrr);
    show->addStretch();
    matrixLayout->addWidget(m_summary);
    matrixLayout->addLayout(show);
    matrixLayout->addWidget(m_matrix, 1);

    auto *find = new QGroupBox(tr("Find translation"), this);
    find->setObjectName(QStringLiteral("retrievalFind"));
    m_query->setObjectName(QStringLiteral("retrievalQuery"));
    m_query->setPlaceholderText(tr("Type a text in any language, or pick one of the split's texts"));
    m_query->setClearButtonEnabled(true);
    auto *completer = new QCompleter(m_completions, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    completer->setMaxVisibleItems(12);
    m_query->setCompleter(completer);
    connect(completer, qOverload<const QString &>(&QCompleter::activated), this, [this](const QString &text) {
        for (const auto &row : std::as_const(m_splitRows)) {
            if (row.text == text) {
                pickText(row);
                return;
            }
        }
    });
    m_random->setObjectName(QStringLiteral("retrievalRandom"));
    m_random->setText(tr("Random text"));
    m_random->setToolTip(tr("Pick one of the split's texts at random"));
    connect(m_random, &QToolButton::clicked, this, [this] { pickRandomText(); });
    m_findStatus->setObjectName(QStringLiteral("retrievalFindStatus"));
    m_findStatus->setWordWrap(true);

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
    connect(&m_settle, &QTimer::timeout, this, &RetrievalPanel::askNow);
    connect(m_query, &QLineEdit::textEdited, this, &RetrievalPanel::queryEdited);
    connect(m_query, &QLineEdit::returnPressed, this, [this] {
        m_settle.stop();
        askNow();
    });

    auto *legend = new QLabel(tr("<small><b>✓ Bold</b>: a translation of the query (the same group). The "
                                 "similarity is the cosine of the two texts' vectors.</small>"),
                              this);
    legend->setWordWrap(true);
    auto *queryRow = new QHBoxLayout;
    queryRow->addWidget(m_query, 1);
    queryRow->addWidget(m_random);
    auto *findLayout = new QVBoxLayout(find);
    findLayout->addLayout(queryRow);
    findLayout->addWidget(m_findStatus);
    findLayout->addWidget(m_neighbours, 1);
    findLayout->addWidget(legend);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("retrievalSplitter"));
    splitter->addWidget(matrixBox);
    splitter->addWidget(find);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    static_cast<QVBoxLayout *>(layout())->addWidget(splitter, 1);
}

void RetrievalPanel::connectSession()
{
    auto *service = m_session->retrieval();
    connect(service, &RetrievalService::stateChanged, this, &RetrievalPanel::serviceStateChanged);
    connect(service, &RetrievalService::progress, this, &RetrievalPanel::showProgress);
    connect(service, &RetrievalService::measured, this, &RetrievalPanel::showResult);
    connect(service, &RetrievalService::translationsFound, this, &RetrievalPanel::showMatches);
    connect(service, &RetrievalService::translationFailed, this, &RetrievalPanel::showFindFailure);
    connect(m_session->runs(), &RunList::changed, this, &RetrievalPanel::updateRuns);
    connect(m_session, &ProjectSession::projectOpened, this, [this](const ProjectOverview &overview) {
        m_dataset.clear();
        if (!overview.datasets.isEmpty())
            setDataset(overview.datasets.constFirst().name);
    });
    connect(m_session, &ProjectSession::overviewChanged, this, [this] {
        if (m_dataset.isEmpty() && !m_session->overview().datasets.isEmpty())
            setDataset(m_session->overview().datasets.constFirst().name);
        else
            readSplitTexts(); // an import or a re-split changes the split's texts
    });
    updateRuns();
}

void RetrievalPanel::setDataset(const QString &name)
{
    if (name == m_dataset)
        return;
    m_dataset = name;
    updateRuns();
    readSplitTexts();
}

void RetrievalPanel::chooseRun(qint64 runId)
{
    m_useRun->setChecked(true);
    m_runPicker->selectRun(runId);
    updateControls();
}

void RetrievalPanel::chooseModelFolder(const QString &folder, const QString &pooling)
{
    m_useFolder->setChecked(true);
    m_folder->setText(folder);
    if (const int index = m_pooling->findData(pooling); index >= 0)
        m_pooling->setCurrentIndex(index);
    updateControls();
}

void RetrievalPanel::chooseSplit(const QString &split)
{
    if (const int index = m_split->findData(split); index >= 0)
        m_split->setCurrentIndex(index);
}

RetrievalChoice RetrievalPanel::choice() const
{
    RetrievalChoice choice;
    choice.dataset = m_dataset;
    if (m_useRun->isChecked())
        choice.runId = m_runPicker->runId();
    else
        choice.modelFolder = m_folder->text().trimmed();
    choice.pooling = m_pooling->currentData().toString();
    choice.split = m_split->currentData().toString();
    return choice;
}

void RetrievalPanel::measure()
{
    const RetrievalChoice wanted = choice();
    if (wanted.dataset.isEmpty() || (wanted.usesRun() ? false : wanted.modelFolder.isEmpty())
        || (m_useRun->isChecked() && !wanted.usesRun()))
        return;
    m_status->clear();
    m_session->retrieval()->measure(wanted);
}

void RetrievalPanel::updateRuns()
{
    m_runPicker->setRuns(m_session->runs()->rows());
    updateControls();
}

void RetrievalPanel::updateControls()
{
    const bool measuring = m_session->retrieval()->state() == RetrievalService::State::Measuring;
    const bool byRun = m_useRun->isChecked();
    m_runPicker->setEnabled(byRun && !m_runPicker->runs().isEmpty());
    m_folder->setEnabled(!byRun);
    m_browse->setEnabled(!byRun);
    m_pooling->setEnabled(!byRun);
    const bool chosen = byRun ? m_runPicker->runId() >= 0 : !m_folder->text().trimmed().isEmpty();
    m_measure->setEnabled(chosen && !m_dataset.isEmpty() && !measuring);
    m_cancel->setEnabled(measuring);
    m_progress->setVisible(measuring);
    const bool ready = m_session->retrieval()->state() == RetrievalService::State::Ready;
    m_query->setEnabled(ready || measuring);
    m_random->setEnabled((ready || measuring) && !m_splitRows.isEmpty());
}

void RetrievalPanel::serviceStateChanged(RetrievalService::State state)
{
    auto *service = m_session->retrieval();
    switch (state) {
    case RetrievalService::State::Idle:
        m_status->setText(tr("Not measured."));
        m_progress->reset();
        break;
    case RetrievalService::State::Measuring:
        m_progress->setRange(0, 0); // busy until the first count arrives: loading the model
        m_progress->setFormat(tr("Loading the model…"));
        m_status->setText(tr("Measuring %1 on the %2 split…")
                              .arg(service->choice().usesRun() ? tr("run %1").arg(service->choice().runId)
                                                               : service->choice().modelFolder,
                                   splitDisplayName(service->choice().split)));
        m_summary->clear();
        m_matrix->setMatrix({}, {});
        m_neighbours->clear();
        break;
    case RetrievalService::State::Ready: m_status->clear(); break;
    case RetrievalService::State::Failed:
        m_status->setText(tr("<b>Retrieval could not be measured:</b> %1").arg(service->failure().toHtmlEscaped()));
        m_matrix->setPlaceholderText(tr("No matrix: measuring failed (see above)."));
        if (service->result().pairs.isEmpty())
            m_matrix->setMatrix({}, {});
        break;
    }
    m_status->setVisible(!m_status->text().isEmpty());
    updateControls();
}

void RetrievalPanel::showProgress(qint64 embedded, qint64 total)
{
    if (total <= 0)
        return;
    // QProgressBar counts in int: scale a huge split down to per mille.
    m_progress->setRange(0, 1000);
    m_progress->setValue(static_cast<int>(1000.0 * static_cast<double>(std::min(embedded, total)) / total));
    m_progress->setFormat(tr("Embedded %1 of %2 texts").arg(QLocale().toString(embedded), QLocale().toString(total)));
}

void RetrievalPanel::showResult(const RetrievalResult &result)
{
    const QLocale locale;
    QString text =
        tr("%1 split: %2 texts in %3 languages, embedded by %4%5.")
            .arg(splitDisplayName(result.split.isEmpty() ? m_session->retrieval()->choice().split : result.split),
                 locale.toString(result.texts))
            .arg(result.languages.size())
            .arg(result.model.toHtmlEscaped(),
                 result.pooling.isEmpty() ? QString() : tr(" (%1 pooling)").arg(result.pooling));
    if (result.pairs.isEmpty()) {
        text += QStringLiteral("<br>")
                + tr("No language pair has at least 10 groups with texts in both languages in this split: nothing "
                     "to measure. Groups link a text to its translations.");
    } else {
        text += QStringLiteral("<br>")
                + tr("Mean precision at 1 <b>%1</b> · mean reciprocal rank <b>%2</b> over %3 language pairs "
                     "(n = %4 queries).")
                      .arg(score(result.meanPrecisionAt1), score(result.meanReciprocalRank))
                      .arg(result.pairs.size())
                      .arg(locale.toString(result.queries()));
    }
    m_summary->setText(text);
    m_matrix->setPlaceholderText(tr("No language pair to show."));
    showMatrix();
    updateControls();
    // A text typed while measuring was asked then; one picked before shows its answer now.
    if (!m_query->text().trimmed().isEmpty())
        askNow();
}

bool RetrievalPanel::showsPrecision() const
{
    return m_scoreChoice->checkedId() == 1;
}

void RetrievalPanel::showPrecision(bool precision)
{
    m_scoreChoice->button(precision ? 1 : 0)->setChecked(true);
}

void RetrievalPanel::showMatrix()
{
    const RetrievalResult &result = m_session->retrieval()->result();
    if (result.pairs.isEmpty()) {
        m_matrix->setMatrix({}, {});
        return;
    }
    // Only languages that take part in a pair: one without groups would be an empty line.
    QStringList languages;
    for (const QString &code : result.languages) {
        for (const auto &pair : result.pairs) {
            if (pair.queryLanguage == code || pair.candidateLanguage == code) {
                languages.append(code);
                break;
            }
        }
    }
    const bool precision = showsPrecision();
    LanguageMatrix matrix;
    matrix.rows = languages;
    matrix.columns = languages;
    for (const QString &query : languages) {
        QList<double> values;
        QList<int> counts;
        for (const QString &candidate : languages) {
            const auto *pair = result.pair(query, candidate);
            values.append(pair ? (precision ? pair->precisionAt1 : pair->meanReciprocalRank)
                               : std::numeric_limits<double>::quiet_NaN());
            counts.append(pair ? static_cast<int>(std::min<qint64>(pair->queries, INT_MAX)) : 0);
        }
        matrix.values.append(values);
        matrix.counts.append(counts);
    }
    m_matrix->setMatrix(matrix, precision ? tr("P@1") : tr("MRR"));
}

void RetrievalPanel::readSplitTexts()
{
    const auto *dataset = m_session->dataset(m_dataset);
    const quint64 request = ++m_splitRequest;
    if (!dataset) {
        m_splitRows.clear();
        m_groupOf.clear();
        m_completions->setStringList({});
        updateControls();
        return;
    }
    BrowseFilter filter;
    filter.split = m_split->currentData().toString();
    whenDone(
        m_session->queryExamples(dataset->id, filter, BrowseSort{BrowseColumn::Group, Qt::AscendingOrder}, {}), this,
        [this, request](const BrowseQueryResult &result) {
            if (request != m_splitRequest || !result.ids)
                return;
            std::vector<std::int64_t> ids(
                result.ids->begin(),
                result.ids->begin() + static_cast<std::ptrdiff_t>(std::min(result.ids->size(), pickableTexts)));
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
                    updateControls();
                },
                [this](const QString &message) { m_findStatus->setText(message); });
        },
        [this](const QString &message) { m_findStatus->setText(message); });
}

void RetrievalPanel::pickText(const ExampleRowData &row)
{
    m_queryExample = row.id;
    m_queryGroup = row.group;
    m_queryText = row.text;
    m_query->setText(row.text);
    m_query->setCursorPosition(0);
    m_settle.stop();
    askNow();
}

void RetrievalPanel::pickRandomText(const QString &language)
{
    QList<const ExampleRowData *> candidates;
    for (const auto &row : std::as_const(m_splitRows)) {
        if (language.isEmpty() || row.lang == language)
            candidates.append(&row);
    }
    if (candidates.isEmpty())
        return;
    pickText(*candidates.at(QRandomGenerator::global()->bounded(static_cast<int>(candidates.size()))));
}

void RetrievalPanel::queryEdited(const QString &text)
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

void RetrievalPanel::findTranslation(const QString &text)
{
    m_query->setText(text);
    queryEdited(text);
    m_settle.stop();
    askNow();
}

void RetrievalPanel::askNow()
{
    const QString text = m_query->text().trimmed();
    if (text.isEmpty()) {
        m_neighbours->clear();
        m_findStatus->clear();
        m_session->retrieval()->findTranslation(asker(), {});
        return;
    }
    m_findStatus->setText(m_session->retrieval()->state() == RetrievalService::State::Measuring
                              ? tr("Searching once the texts are embedded…")
                              : tr("Searching…"));
    m_session->retrieval()->findTranslation(asker(), text);
}

void RetrievalPanel::showMatches(quint64 asker, const TranslationMatches &matches)
{
    if (asker != this->asker() || matches.query != m_query->text().trimmed())
        return; // another panel's, or a text no longer in the box
    m_findStatus->setText(m_queryGroup.isEmpty()
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
            item->setText(0, QString::number(neighbour.similarity, 'f', 2));
            item->setTextAlignment(0, Qt::AlignRight | Qt::AlignVCenter);
            item->setBackground(0, LanguageMatrixView::colourFor(neighbour.similarity));
            item->setForeground(0,
                                LanguageMatrixView::textColourOn(LanguageMatrixView::colourFor(neighbour.similarity)));
            item->setData(0, Qt::UserRole, neighbour.exampleId);
            const bool itself = neighbour.exampleId >= 0 && neighbour.exampleId == m_queryExample;
            const bool translation =
                !itself && !m_queryGroup.isEmpty() && m_groupOf.value(neighbour.exampleId) == m_queryGroup;
            item->setText(1, translation ? QStringLiteral("✓ ") + neighbour.text : neighbour.text);
            item->setToolTip(1, neighbour.text);
            item->setData(1, Qt::UserRole, translation);
            if (translation) {
                QFont font = item->font(1);
                font.setBold(true);
                item->setFont(1, font);
            } else if (itself) {
                QFont font = item->font(1);
                font.setItalic(true);
                item->setFont(1, font);
                item->setText(1, tr("%1 (the query itself)").arg(neighbour.text));
            }
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

void RetrievalPanel::showFindFailure(quint64 asker, const QString &message)
{
    if (asker != this->asker())
        return;
    m_neighbours->clear();
    m_findStatus->setText(tr("<b>No answer:</b> %1").arg(message.toHtmlEscaped()));
}

void RetrievalPanel::matrixCellActivated(int row, int column)
{
    // A cell asks: what do this language's texts find in that one? One of them, at random.
    const auto &matrix = m_matrix->matrix();
    if (row < 0 || row >= matrix.rows.size() || column < 0 || column >= matrix.columns.size())
        return;
    pickRandomText(matrix.rows[row]);
    m_focusLanguage = matrix.columns[column];
}

} // namespace glossa::ui
