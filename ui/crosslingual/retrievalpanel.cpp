#include "ui/crosslingual/retrievalpanel.h"

#include "ui/crosslingual/languagematrixview.h"
#include "ui/crosslingual/translationfinder.h"
#include "ui/session/projectsession.h"
#include "ui/session/runlist.h"
#include "ui/session/workerthread.h"
#include "ui/widgets/runpicker.h"
#include "ui/widgets/splitname.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include <climits>
#include <cmath>
#include <limits>

namespace glossa::ui {

namespace {

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
    , m_finder(new TranslationFinder(session, this))
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

QString RetrievalPanel::notMeasuredText()
{
    return tr("Choose a model and press Measure: every text of the split is embedded, and each one's translations "
              "are searched among the other languages' texts.");
}

void RetrievalPanel::buildControls()
{
    m_useRun->setObjectName(QStringLiteral("retrievalUseRun"));
    m_useFolder->setObjectName(QStringLiteral("retrievalUseFolder"));
    m_runPicker->setObjectName(QStringLiteral("retrievalRun"));
    m_runPicker->setToolTip(tr("A finished run embeds with its own encoder and pooling: the representation its "
                               "classifier reads."));
    m_folder->setObjectName(QStringLiteral("retrievalFolder"));
    m_folder->setPlaceholderText(tr("A Hugging Face model folder (XLM-R, BERT, DistilBERT, DeBERTa-v2)"));
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
    m_matrix->setPlaceholderText(notMeasuredText());
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

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("retrievalSplitter"));
    splitter->addWidget(matrixBox);
    splitter->addWidget(m_finder);
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
    const bool chosen = m_useRun->isChecked() ? wanted.usesRun() : !wanted.modelFolder.isEmpty();
    if (wanted.dataset.isEmpty() || !chosen)
        return;
    m_status->clear();
    auto *service = m_session->retrieval();
    // The button measures again even for the same choice (the texts may have changed); the
    // embeddings are cached, so only what changed is embedded again.
    if (service->choice() == wanted && service->state() == RetrievalService::State::Ready)
        service->cancel();
    service->measure(wanted);
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
    m_finder->setAvailable(ready || measuring);
}

void RetrievalPanel::serviceStateChanged(RetrievalService::State state)
{
    auto *service = m_session->retrieval();
    switch (state) {
    case RetrievalService::State::Idle:
        // Cancelled, or another project: nothing shown belongs to a measurement any more.
        m_status->setText(tr("Not measured."));
        m_progress->reset();
        m_summary->clear();
        m_matrix->setPlaceholderText(notMeasuredText());
        m_matrix->setMatrix({}, {});
        m_finder->measuringStarted();
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
        m_finder->measuringStarted();
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
    m_finder->resultChanged();
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
    m_finder->setSplit(m_dataset, m_split->currentData().toString());
}

void RetrievalPanel::matrixCellActivated(int row, int column)
{
    // A cell asks: what do this language's texts find in that one? One of them, at random.
    const auto &matrix = m_matrix->matrix();
    if (row < 0 || row >= matrix.rows.size() || column < 0 || column >= matrix.columns.size())
        return;
    m_finder->pickRandomText(matrix.rows[row], matrix.columns[column]);
}

void RetrievalPanel::findTranslation(const QString &text)
{
    m_finder->findTranslation(text);
}

const QList<ExampleRowData> &RetrievalPanel::splitTexts() const
{
    return m_finder->splitTexts();
}

} // namespace glossa::ui
