#include "ui/crosslingual/transferpanel.h"

#include "ui/crosslingual/languagematrixview.h"
#include "ui/crosslingual/newstudydialog.h"
#include "ui/session/projectsession.h"
#include "ui/session/workerthread.h"
#include "ui/widgets/languagename.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace glossa::ui {

namespace {

enum TargetColumn { TargetLanguage, BestSource, FromBest, OwnLabels, Gain, Gap, TestRows };

// Sorts the advice by what the cell holds as a number (gains and scores), not as text.
class NumericItem : public QTreeWidgetItem
{
public:
    using QTreeWidgetItem::QTreeWidgetItem;
    bool operator<(const QTreeWidgetItem &other) const override
    {
        const int column = treeWidget() ? treeWidget()->sortColumn() : 0;
        const auto mine = data(column, Qt::UserRole);
        const auto theirs = other.data(column, Qt::UserRole);
        if (mine.isValid() && theirs.isValid())
            return mine.toDouble() < theirs.toDouble();
        return QTreeWidgetItem::operator<(other);
    }
};

QString sourceName(const QString &source)
{
    return source == QLatin1String("all") ? TransferPanel::tr("All languages") : languageNameWithCode(source);
}

QString scoreText(const std::optional<double> &score)
{
    return score ? QString::number(*score, 'f', 3) : QStringLiteral("–");
}

QString signedText(double value)
{
    return (value >= 0 ? QStringLiteral("+") : QString()) + QString::number(value, 'f', 3);
}

} // namespace

TransferPanel::TransferPanel(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_studies(new QComboBox(this))
    , m_newStudy(new QPushButton(tr("New study…"), this))
    , m_continue(new QPushButton(tr("Continue study"), this))
    , m_stop(new QPushButton(tr("Stop study"), this))
    , m_progress(new QProgressBar(this))
    , m_progressText(new QLabel(this))
    , m_explanation(new QLabel(this))
    , m_matrix(new LanguageMatrixView(this))
    , m_advice(new QLabel(this))
    , m_targets(new QTreeWidget(this))
{
    m_studies->setObjectName(QStringLiteral("studyBox"));
    m_newStudy->setObjectName(QStringLiteral("newStudyButton"));
    m_continue->setObjectName(QStringLiteral("continueStudyButton"));
    m_stop->setObjectName(QStringLiteral("stopStudyButton"));
    m_progress->setObjectName(QStringLiteral("studyProgress"));
    m_targets->setObjectName(QStringLiteral("transferTargets"));
    m_advice->setObjectName(QStringLiteral("transferAdvice"));
    buildLayout();
    connectControls();
    updateProgress();
}

void TransferPanel::buildLayout()
{
    m_studies->setMinimumContentsLength(28);
    m_studies->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_progress->setMaximumWidth(220);
    m_progress->setFormat(tr("%v of %m runs"));
    m_explanation->setWordWrap(true);
    m_explanation->setText(
        tr("Rows: a run trained on one language's labels alone, its checkpoint picked on that language's dev rows "
           "(strict zero-shot); the last row learns from all the study's languages. Columns: the test rows of one "
           "language. Click a cell to evaluate that run on that language."));
    m_matrix->setAxisTitles(tr("Trained on"), tr("Tested on"));
    m_matrix->setPlaceholderText(tr("No study yet: New study… trains one run per language and scores each on "
                                    "every language."));
    m_advice->setWordWrap(true);
    m_advice->setTextFormat(Qt::RichText);
    m_targets->setRootIsDecorated(false);
    m_targets->setSortingEnabled(true);
    m_targets->setHeaderLabels(
        {tr("Target"), tr("Best source"), tr("From it"), tr("Own labels"), tr("Gain"), tr("Transfer gap"), tr("n")});
    m_targets->headerItem()->setToolTip(Gap, tr("Macro-F1 with the language's own labels minus the mean of what "
                                                "the other single languages give it"));
    m_targets->headerItem()->setToolTip(BestSource, tr("The single other language whose labels give this language "
                                                       "the highest macro-F1"));
    m_targets->headerItem()->setToolTip(FromBest, tr("Macro-F1 on this language from the best source's run"));
    m_targets->headerItem()->setToolTip(OwnLabels, tr("Macro-F1 on this language from its own labels alone"));
    m_targets->headerItem()->setToolTip(TestRows, tr("Test rows of this language"));
    m_targets->headerItem()->setToolTip(Gain, tr("Macro-F1 with the language's own labels minus the best any "
                                                 "other single language gives it: what labelling it adds."));
    m_targets->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_targets->header()->setStretchLastSection(false);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Study:"), this));
    top->addWidget(m_studies);
    top->addWidget(m_newStudy);
    top->addWidget(m_continue);
    top->addWidget(m_stop);
    top->addStretch(1);
    top->addWidget(m_progressText);
    top->addWidget(m_progress);

    auto *side = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(m_advice);
    sideLayout->addWidget(m_targets, 1);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_matrix);
    split->addWidget(side);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({640, 480});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_explanation);
    layout->addWidget(split, 1);
}

void TransferPanel::connectControls()
{
    connect(m_studies, &QComboBox::currentIndexChanged, this, [this] { readStudy(); });
    connect(m_newStudy, &QPushButton::clicked, this, &TransferPanel::askForLanguages);
    connect(m_continue, &QPushButton::clicked, this, &TransferPanel::continueStudy);
    connect(m_stop, &QPushButton::clicked, this, &TransferPanel::stopStudy);
    connect(m_matrix, &LanguageMatrixView::cellActivated, this, [this](int row, int column) {
        if (row < 0 || row >= m_study.sources.size() || column < 0 || column >= m_study.languages.size())
            return;
        const auto run = m_study.runs.constFind(m_study.sources[row]);
        if (run != m_study.runs.constEnd())
            Q_EMIT evaluationRequested(*run, m_study.languages[column]);
    });
    auto *training = m_session->training();
    connect(training, &TrainingController::runStarted, this, [this] {
        const auto &current = m_session->training()->current();
        m_liveSource = current.studyId == shownStudyId() ? current.studySource : QString();
        if (current.studyId == shownStudyId())
            readStudy(); // the new run is linked now: its row says "training"
        updateProgress();
    });
    connect(training, &TrainingController::updated, this, [this] { updateProgress(); });
    connect(training, &TrainingController::queueChanged, this, [this] { updateProgress(); });
    connect(training, &TrainingController::stateChanged, this, [this] { updateProgress(); });
    connect(training, &TrainingController::runEnded, this, [this] {
        m_liveSource.clear();
        readStudies(shownStudyId()); // a finished run fills its row; the list's counts change
    });
    connect(training, &TrainingController::runFailed, this, [this](qint64, const QString &message) {
        m_liveSource.clear();
        Q_EMIT statusMessage(tr("A run of the study failed: %1").arg(message));
        readStudies(shownStudyId());
    });
}

void TransferPanel::setDataset(qint64 datasetId)
{
    if (datasetId == m_datasetId)
        return;
    m_datasetId = datasetId;
    readStudies(-1);
}

void TransferPanel::setSettingsSource(std::function<QString()> currentConfigJson)
{
    m_currentConfig = std::move(currentConfigJson);
}

void TransferPanel::showStudy(qint64 studyId)
{
    readStudies(studyId);
}

qint64 TransferPanel::shownStudyId() const
{
    return m_studies->currentIndex() >= 0 ? m_studies->currentData().toLongLong() : -1;
}

void TransferPanel::readStudies(qint64 selectId)
{
    if (m_datasetId < 0)
        return;
    whenDone(
        m_session->studies(m_datasetId), this,
        [this, selectId](const QList<StudySummary> &studies) {
            {
                const QSignalBlocker blocker(m_studies);
                m_studies->clear();
                for (const auto &study : studies)
                    m_studies->addItem(tr("%1 · %n languages · %2 of %3 runs", nullptr,
                                          static_cast<int>(study.languages.size()))
                                           .arg(study.name)
                                           .arg(study.finishedRuns)
                                           .arg(study.sources),
                                       study.id);
                const int index = m_studies->findData(selectId);
                m_studies->setCurrentIndex(index >= 0 ? index : (studies.isEmpty() ? -1 : 0));
            }
            readStudy();
        },
        [this](const QString &message) { Q_EMIT statusMessage(message); });
}

void TransferPanel::readStudy()
{
    const qint64 id = shownStudyId();
    if (id < 0) {
        m_study = {};
        showMatrix();
        showTargets();
        updateProgress();
        Q_EMIT studyShown();
        return;
    }
    whenDone(
        m_session->transferStudy(id), this,
        [this, id](const TransferStudyData &study) {
            if (id != shownStudyId())
                return; // another study was chosen meanwhile
            m_study = study;
            showMatrix();
            showTargets();
            updateProgress();
            Q_EMIT studyShown();
        },
        [this](const QString &message) { Q_EMIT statusMessage(message); });
}

void TransferPanel::showMatrix()
{
    LanguageMatrix matrix;
    matrix.rows = m_study.sources;
    matrix.columns = m_study.languages;
    const double none = std::numeric_limits<double>::quiet_NaN();
    QList<QPoint> best;
    for (int row = 0; row < matrix.rows.size(); ++row) {
        QList<double> values;
        QList<int> counts;
        QList<QPair<double, double>> intervals;
        for (const auto &target : matrix.columns) {
            const auto *cell = m_study.cell(matrix.rows[row], target);
            values.append(cell ? cell->macroF1 : none);
            counts.append(cell ? static_cast<int>(cell->examples) : 0);
            intervals.append(cell && cell->interval ? qMakePair(cell->interval->low, cell->interval->high)
                                                    : qMakePair(1.0, 0.0));
        }
        matrix.values.append(values);
        matrix.counts.append(counts);
        matrix.intervals.append(intervals);
    }
    for (int column = 0; column < m_study.targets.size(); ++column) {
        const int row = static_cast<int>(m_study.sources.indexOf(m_study.targets[column].bestSource));
        if (row >= 0)
            best.append(QPoint(column, row));
    }
    m_matrix->setMatrix(matrix, tr("macro-F1"));
    m_matrix->setEmphasised(best, tr("the best other source for the language"));
}

void TransferPanel::showTargets()
{
    m_targets->setSortingEnabled(false);
    m_targets->clear();
    const TransferTargetData *mostGain = nullptr;
    for (const auto &target : m_study.targets) {
        auto *item = new NumericItem(m_targets);
        item->setText(TargetLanguage, languageNameWithCode(target.language));
        item->setText(BestSource, target.bestSource.isEmpty() ? QStringLiteral("–") : sourceName(target.bestSource));
        item->setText(FromBest, scoreText(target.bestTransfer));
        item->setText(OwnLabels, scoreText(target.own));
        item->setText(Gain, target.gainFromOwn ? signedText(*target.gainFromOwn) : QStringLiteral("–"));
        item->setText(Gap, target.gap ? signedText(*target.gap) : QStringLiteral("–"));
        const auto *all = m_study.cell(QStringLiteral("all"), target.language);
        item->setText(TestRows, all ? QString::number(all->examples) : QStringLiteral("–"));
        const std::pair<int, std::optional<double>> numbers[] = {
            {FromBest, target.bestTransfer}, {OwnLabels, target.own}, {Gain, target.gainFromOwn}, {Gap, target.gap}};
        for (const auto &[column, value] : numbers) {
            item->setData(column, Qt::UserRole, value ? QVariant(*value) : QVariant(-2.0));
            item->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
        }
        item->setTextAlignment(TestRows, Qt::AlignRight | Qt::AlignVCenter);
        if (target.gainFromOwn && (!mostGain || *target.gainFromOwn > *mostGain->gainFromOwn))
            mostGain = &target;
    }
    m_targets->setSortingEnabled(true);
    m_targets->sortItems(Gain, Qt::DescendingOrder);
    if (mostGain)
        m_advice->setText(tr("<b>Label %1 next:</b> its own labels add %2 macro-F1 beyond the best other language "
                             "(%3). Languages at the bottom of the list are served well by another language's "
                             "labels.")
                              .arg(languageDisplayName(mostGain->language).toHtmlEscaped(),
                                   signedText(*mostGain->gainFromOwn),
                                   sourceName(mostGain->bestSource).toHtmlEscaped()));
    else
        m_advice->setText(m_study.isEmpty() ? QString()
                                            : tr("The advice appears when each language's own run and another "
                                                 "language's run have finished."));
}

void TransferPanel::askForLanguages()
{
    if (m_datasetId < 0)
        return;
    whenDone(
        m_session->transferLanguageCounts(m_datasetId), this,
        [this](const QList<TransferLanguageCount> &counts) {
            const QString config = m_currentConfig ? m_currentConfig() : QString();
            const auto modelType = QJsonDocument::fromJson(config.toUtf8())
                                       .object()
                                       .value(QStringLiteral("model"))
                                       .toObject()
                                       .value(QStringLiteral("type"))
                                       .toString(QStringLiteral("bag"));
            NewStudyDialog dialog(counts,
                                  tr("Every run uses the Train tab's current settings (model: %1).").arg(modelType),
                                  this);
            if (dialog.exec() == QDialog::Accepted)
                startStudy(dialog.chosenLanguages());
        },
        [this](const QString &message) { Q_EMIT statusMessage(message); });
}

void TransferPanel::startStudy(const QStringList &languages)
{
    const QString config = m_currentConfig ? m_currentConfig() : QStringLiteral("{}");
    whenDone(
        m_session->createTransferStudy(m_datasetId, languages, config), this,
        [this](qint64 studyId) {
            readStudies(studyId);
            whenDone(
                m_session->studySteps(studyId), this, [this](const QList<StudyStepData> &steps) { queueSteps(steps); },
                [this](const QString &message) { Q_EMIT statusMessage(message); });
        },
        [this](const QString &message) { Q_EMIT statusMessage(tr("The study was not started: %1").arg(message)); });
}

void TransferPanel::continueStudy()
{
    const qint64 id = shownStudyId();
    if (id < 0)
        return;
    whenDone(
        m_session->studySteps(id), this, [this](const QList<StudyStepData> &steps) { queueSteps(steps); },
        [this](const QString &message) { Q_EMIT statusMessage(message); });
}

void TransferPanel::queueSteps(const QList<StudyStepData> &steps)
{
    if (steps.isEmpty())
        return;
    auto *training = m_session->training();
    const qint64 studyId = shownStudyId();
    int queued = 0;
    for (const auto &step : steps) {
        const bool alreadyQueued =
            std::any_of(training->queue().begin(), training->queue().end(), [&](const TrainingRequest &request) {
                return request.studyId == studyId && request.studySource == step.source;
            }) || (training->isBusy() && training->current().studyId == studyId
                   && training->current().studySource == step.source);
        if (alreadyQueued || step.action == StudyStepData::Action::Done
            || step.action == StudyStepData::Action::Busy)
            continue;
        TrainingRequest request;
        request.projectPath = m_session->overview().filePath;
        request.studyId = studyId;
        request.studySource = step.source;
        if (step.action == StudyStepData::Action::Resume)
            request.resumeRunId = step.runId;
        training->submit(request);
        ++queued;
    }
    Q_EMIT statusMessage(queued > 0 ? tr("%n runs of the study queued.", nullptr, queued)
                                    : tr("Every run of the study has finished or is under way."));
    updateProgress();
}

void TransferPanel::stopStudy()
{
    auto *training = m_session->training();
    const qint64 studyId = shownStudyId();
    for (int i = static_cast<int>(training->queue().size()) - 1; i >= 0; --i)
        if (training->queue()[i].studyId == studyId)
            training->removeQueued(i);
    if (trainsThisStudy())
        training->stop();
    updateProgress();
}

bool TransferPanel::trainsThisStudy() const
{
    const auto *training = m_session->training();
    return training->isBusy() && training->current().studyId >= 0 && training->current().studyId == shownStudyId();
}

int TransferPanel::queuedRunsOfStudy() const
{
    const qint64 studyId = shownStudyId();
    const auto &queue = m_session->training()->queue();
    return static_cast<int>(std::count_if(queue.begin(), queue.end(),
                                          [&](const TrainingRequest &request) { return request.studyId == studyId; }));
}

void TransferPanel::updateProgress()
{
    const bool hasStudy = !m_study.isEmpty();
    const bool training = trainsThisStudy();
    const int queued = queuedRunsOfStudy();
    const int total = static_cast<int>(m_study.sources.size());
    m_progress->setVisible(hasStudy);
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(m_study.finishedRuns());
    m_stop->setVisible(training || queued > 0);
    m_continue->setVisible(hasStudy && !training && queued == 0 && m_study.finishedRuns() < total);
    m_newStudy->setEnabled(m_datasetId >= 0);
    if (training) {
        const auto &status = m_session->training()->status();
        const QString where = status.totalSteps > 0
                                  ? tr("step %1 of %2").arg(status.step).arg(status.totalSteps)
                                  : tr("starting");
        const QString source = sourceName(m_session->training()->current().studySource);
        m_progressText->setText(queued > 0 ? tr("Training %1 (%2); %n more queued", nullptr, queued).arg(source, where)
                                           : tr("Training %1 (%2)").arg(source, where));
    } else if (queued > 0) {
        m_progressText->setText(tr("%n runs queued behind another run", nullptr, queued));
    } else if (hasStudy && m_study.finishedRuns() < total) {
        m_progressText->setText(tr("Incomplete: Continue study trains the rest"));
    } else {
        m_progressText->clear();
    }
}

} // namespace glossa::ui
