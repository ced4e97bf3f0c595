#include "ui/compare/comparepage.h"

#include "ui/compare/comparecolumn.h"
#include "ui/session/projectsession.h"
#include "ui/session/runlist.h"
#include "ui/widgets/editfailure.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/runcolors.h"
#include "ui/widgets/splitname.h"

#include <QComboBox>
#include <QCompleter>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPainter>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSet>
#include <QStringListModel>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace glossa::ui {

namespace {

QIcon colourDot(const QColor &colour)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(colour);
    painter.setPen(Qt::NoPen);
    painter.drawEllipse(1, 1, 10, 10);
    return QIcon(pixmap);
}

} // namespace

ComparePage::ComparePage(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_service(session->predictions())
    , m_runButton(new QToolButton(this))
    , m_runMenu(new QMenu(this))
    , m_addColumnButton(new QToolButton(this))
    , m_groupEdit(new QLineEdit(this))
    , m_groupIds(new QStringListModel(this))
    , m_fillButton(new QToolButton(this))
    , m_randomButton(new QToolButton(this))
    , m_hint(new QLabel(this))
    , m_columnsLayout(new QHBoxLayout)
{
    setObjectName(QStringLiteral("comparePage"));
    m_runButton->setObjectName(QStringLiteral("compareRuns"));
    m_runButton->setMenu(m_runMenu);
    m_runButton->setPopupMode(QToolButton::InstantPopup);
    m_runButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_runButton->setToolTip(tr("The runs that classify the texts (up to %1)").arg(maxRuns));
    m_addColumnButton->setObjectName(QStringLiteral("compareAddColumn"));
    m_addColumnButton->setIcon(themedIcon(QStringLiteral("list-add")));
    m_addColumnButton->setText(tr("Column"));
    m_addColumnButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_addColumnButton->setToolTip(tr("Add a column (up to %1)").arg(maxColumns));
    m_groupEdit->setObjectName(QStringLiteral("compareGroup"));
    m_groupEdit->setPlaceholderText(tr("group id"));
    m_groupEdit->setClearButtonEnabled(true);
    m_groupEdit->setMaximumWidth(200);
    auto *completer = new QCompleter(m_groupIds, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_groupEdit->setCompleter(completer);
    m_fillButton->setObjectName(QStringLiteral("compareFill"));
    m_fillButton->setText(tr("Fill from group"));
    m_fillButton->setToolTip(tr("Load every translation of this item (examples with this group id) into the columns"));
    m_randomButton->setObjectName(QStringLiteral("compareRandomGroup"));
    m_randomButton->setText(tr("Random group"));
    m_randomButton->setToolTip(tr("Load the translations of an item picked at random"));
    m_hint->setObjectName(QStringLiteral("compareHint"));
    m_hint->setWordWrap(true);

    auto *top = new QHBoxLayout;
    auto *runLabel = new QLabel(tr("Runs:"), this);
    runLabel->setBuddy(m_runButton);
    top->addWidget(runLabel);
    top->addWidget(m_runButton);
    top->addSpacing(12);
    top->addWidget(m_addColumnButton);
    top->addSpacing(12);
    auto *groupLabel = new QLabel(tr("Example group:"), this);
    groupLabel->setBuddy(m_groupEdit);
    top->addWidget(groupLabel);
    top->addWidget(m_groupEdit);
    top->addWidget(m_fillButton);
    top->addWidget(m_randomButton);
    top->addStretch(1);

    auto *canvas = new QWidget(this);
    canvas->setLayout(m_columnsLayout);
    m_columnsLayout->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(canvas);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_hint);
    layout->addWidget(scroll, 1);

    connect(m_addColumnButton, &QToolButton::clicked, this, &ComparePage::addColumn);
    connect(m_fillButton, &QToolButton::clicked, this, [this] { fillFromGroup(m_groupEdit->text().trimmed()); });
    connect(m_groupEdit, &QLineEdit::returnPressed, this, [this] { fillFromGroup(m_groupEdit->text().trimmed()); });
    connect(m_randomButton, &QToolButton::clicked, this, &ComparePage::fillFromRandomGroup);
    connect(m_service, &PredictionService::predicted, this, &ComparePage::showPrediction);
    connect(m_service, &PredictionService::failed, this, [this](qint64 runId, const QString &message) {
        for (auto *column : m_columns)
            column->showFailure(runId, message);
        Q_EMIT statusMessage(tr("Run %1 could not classify: %2").arg(runId).arg(message));
    });
    connect(m_session->runs(), &RunList::changed, this, [this] { showRuns(m_session->runs()->rows()); });

    for (int i = 0; i < minColumns; ++i)
        addColumn();
    showRuns(m_session->runs()->rows());
    runsChanged();
}

const RunRow *ComparePage::runRow(qint64 runId) const
{
    for (const auto &run : m_runs)
        if (run.id == runId)
            return &run;
    return nullptr;
}

QList<RunRow> ComparePage::comparedRows() const
{
    QList<RunRow> rows;
    for (const qint64 id : m_compared)
        if (const auto *run = runRow(id))
            rows.append(*run);
    return rows;
}

QString ComparePage::datasetName() const
{
    const auto *run = m_compared.isEmpty() ? nullptr : runRow(m_compared.front());
    return run ? run->dataset : QString();
}

const DatasetSummary *ComparePage::dataset() const
{
    const QString name = datasetName();
    return name.isEmpty() ? nullptr : m_session->dataset(name);
}

QList<qint64> ComparePage::runsCompared() const
{
    return m_compared;
}

void ComparePage::setRunsCompared(const QList<qint64> &runIds)
{
    m_chosenByUser = true;
    m_compared.clear();
    for (const qint64 id : runIds)
        if (runRow(id) && m_compared.size() < maxRuns && !m_compared.contains(id))
            m_compared.append(id);
    rebuildRunMenu();
    runsChanged();
}

void ComparePage::showRuns(const QList<RunRow> &runs)
{
    m_runs.clear();
    for (const auto &run : runs)
        if (run.testMacroF1 >= 0) // finished, with a model to ask
            m_runs.append(run);
    QList<qint64> compared;
    for (const qint64 id : m_compared)
        if (runRow(id))
            compared.append(id);
    if (compared.isEmpty() && !m_runs.isEmpty()) {
        // The newest run, until the analyst picks.
        const auto newest = std::max_element(m_runs.begin(), m_runs.end(),
                                             [](const RunRow &a, const RunRow &b) { return a.id < b.id; });
        compared.append(newest->id);
    }
    const bool changed = compared != m_compared;
    m_compared = compared;
    rebuildRunMenu();
    if (changed)
        runsChanged();
}

void ComparePage::rebuildRunMenu()
{
    m_runMenu->clear();
    for (const auto &run : m_runs) {
        auto *action = m_runMenu->addAction(colourDot(runColor(run.id)), tr("%1 (%2)").arg(run.name, run.dataset));
        action->setCheckable(true);
        action->setChecked(m_compared.contains(run.id));
        action->setEnabled(action->isChecked() || m_compared.size() < maxRuns);
        connect(action, &QAction::toggled, this, [this, id = run.id](bool on) {
            m_chosenByUser = true;
            if (on && !m_compared.contains(id) && m_compared.size() < maxRuns)
                m_compared.append(id);
            else if (!on)
                m_compared.removeAll(id);
            rebuildRunMenu();
            runsChanged();
        });
    }
    QStringList names;
    for (const qint64 id : m_compared)
        if (const auto *run = runRow(id))
            names.append(run->name);
    m_runButton->setText(names.isEmpty() ? tr("choose runs") : names.join(QStringLiteral(", ")));
    m_runButton->setEnabled(!m_runs.isEmpty());
}

void ComparePage::runsChanged()
{
    m_service->keepOnly(m_compared);
    const QList<RunRow> rows = comparedRows();
    for (auto *column : m_columns)
        column->setRuns(rows);
    if (m_runs.isEmpty())
        m_hint->setText(tr("Train a run first: its model classifies the texts typed here."));
    else if (rows.isEmpty())
        m_hint->setText(tr("Choose up to three runs to compare."));
    else
        m_hint->clear();
    m_hint->setVisible(!m_hint->text().isEmpty());
    if (const auto *summary = dataset(); summary && summary->id != m_groupIdsDataset) {
        m_groupIdsDataset = summary->id;
        const auto failed = [this](const QString &message) { Q_EMIT statusMessage(message); };
        whenDone(
            m_session->groupIds(summary->id), this,
            [this, id = summary->id](const QStringList &ids) {
                if (dataset() && dataset()->id == id)
                    m_groupIds->setStringList(ids);
            },
            failed);
        whenDone(
            m_session->languages(summary->id), this,
            [this, id = summary->id](const QStringList &languages) {
                if (dataset() && dataset()->id == id)
                    for (auto *column : m_columns)
                        column->setLanguages(languages);
            },
            failed);
    }
    for (auto *column : m_columns)
        predict(column);
}

void ComparePage::addColumn()
{
    if (m_columns.size() >= maxColumns)
        return;
    auto *column = new CompareColumn(this);
    m_columns.append(column);
    m_columnsLayout->addWidget(column, 1);
    const QList<RunRow> rows = comparedRows();
    column->setRuns(rows);
    if (!m_columns.isEmpty() && m_columns.front() != column) {
        QStringList languages;
        for (int i = 1; i < m_columns.front()->languageBox()->count(); ++i)
            languages.append(m_columns.front()->languageBox()->itemData(i).toString());
        column->setLanguages(languages);
    }
    connect(column, &CompareColumn::predictionWanted, this, [this, column] { predict(column); });
    connect(column, &CompareColumn::removeRequested, this, [this, column] { removeColumn(column); });
    connect(column, &CompareColumn::addToDatasetRequested, this, [this, column] { addToDataset(column); });
    updateColumnButtons();
}

void ComparePage::removeColumn(CompareColumn *column)
{
    if (m_columns.size() <= minColumns || !m_columns.removeOne(column))
        return;
    for (const qint64 id : m_compared)
        m_latest.remove({column, id});
    column->hide();
    column->deleteLater();
    updateColumnButtons();
    updateHighlights();
}

void ComparePage::setColumnCount(int count)
{
    count = std::clamp(count, minColumns, maxColumns);
    while (m_columns.size() < count)
        addColumn();
    while (m_columns.size() > count)
        removeColumn(m_columns.last());
}

void ComparePage::updateColumnButtons()
{
    for (auto *column : m_columns)
        column->removeButton()->setEnabled(m_columns.size() > minColumns);
    m_addColumnButton->setEnabled(m_columns.size() < maxColumns);
}

void ComparePage::predict(CompareColumn *column)
{
    const QString text = column->text().trimmed();
    if (text.isEmpty() || m_compared.isEmpty()) {
        for (const qint64 id : m_compared)
            m_latest.remove({column, id});
        column->clearPredictions();
        updateHighlights();
        return;
    }
    for (const qint64 id : m_compared) {
        const quint64 key = ++m_nextKey;
        m_asked.insert(key, {column, id});
        m_latest.insert({column, id}, key);
        m_service->request(id, key, text);
    }
}

void ComparePage::showPrediction(qint64 runId, quint64 key, const TextPrediction &prediction)
{
    const auto asked = m_asked.take(key);
    if (!asked.column || !m_columns.contains(asked.column) || m_latest.value({asked.column, runId}) != key)
        return; // a text typed over since, or a column removed
    asked.column->showPrediction(runId, prediction);
    updateHighlights();
}

void ComparePage::updateHighlights()
{
    if (m_compared.isEmpty())
        return;
    // The first run's label in each column decides which columns stand out.
    const qint64 primary = m_compared.front();
    QHash<QString, int> counts;
    for (auto *column : m_columns)
        if (const QString label = column->topLabel(primary); !label.isEmpty())
            ++counts[label];
    int most = 0;
    for (const int count : counts)
        most = std::max(most, count);
    QStringList majority;
    for (auto it = counts.begin(); it != counts.end(); ++it)
        if (it.value() == most)
            majority.append(it.key());
    for (auto *column : m_columns) {
        const QString label = column->topLabel(primary);
        // With a tie there is no "the others": every column that has a label and shares it with
        // not all of the rest stands out.
        const bool differs =
            !label.isEmpty() && counts.size() > 1 && (majority.size() > 1 || !majority.contains(label));
        QSet<QString> labels;
        for (const qint64 id : m_compared)
            if (const QString runLabel = column->topLabel(id); !runLabel.isEmpty())
                labels.insert(runLabel);
        column->setHighlight(differs, labels.size() > 1);
    }
}

void ComparePage::fillFromGroup(const QString &groupId)
{
    const auto *summary = dataset();
    if (!summary) {
        Q_EMIT statusMessage(tr("Choose a run first: its dataset holds the groups"));
        return;
    }
    if (groupId.isEmpty())
        return;
    requestGroup(summary->id, groupId);
}

void ComparePage::fillFromRandomGroup()
{
    const auto *summary = dataset();
    if (!summary)
        return;
    requestGroup(summary->id, QString());
}

void ComparePage::requestGroup(qint64 datasetId, const QString &groupId)
{
    whenDone(
        m_session->exampleGroup(datasetId, groupId), this,
        [this, datasetId](const ExampleGroup &group) { showGroup(datasetId, group.groupId, group.members); },
        [this](const QString &message) { Q_EMIT statusMessage(message); });
}

void ComparePage::showGroup(qint64 datasetId, const QString &groupId, const QList<GroupMemberData> &members)
{
    const auto *summary = dataset();
    if (!summary || summary->id != datasetId)
        return;
    if (members.isEmpty()) {
        Q_EMIT statusMessage(groupId.isEmpty() ? tr("%1 has no example groups").arg(summary->name)
                                               : tr("%1 has no group %2").arg(summary->name, groupId));
        return;
    }
    // With more translations than columns, the languages the columns were set to come first
    // (so one group after another shows the same languages), then the rest by language code.
    QList<int> order;
    for (auto *column : m_columns) {
        const QString lang = column->languageBox()->currentData().toString();
        for (int i = 0; i < members.size() && !lang.isEmpty(); ++i)
            if (members[i].lang == lang && !order.contains(i)) {
                order.append(i);
                break;
            }
    }
    for (int i = 0; i < members.size(); ++i)
        if (!order.contains(i))
            order.append(i);
    const int shown = std::min(static_cast<int>(members.size()), maxColumns);
    setColumnCount(shown);
    for (int i = 0; i < m_columns.size(); ++i) {
        if (i < shown)
            m_columns[i]->setText(members[order[i]].text, members[order[i]].lang);
        else
            m_columns[i]->setText(QString());
    }
    m_shownGroup = groupId;
    m_groupEdit->setText(groupId);
    if (members.size() > maxColumns)
        Q_EMIT statusMessage(
            tr("Group %1: showing %2 of its %3 translations").arg(groupId).arg(shown).arg(members.size()));
    Q_EMIT groupFilled(groupId, static_cast<int>(members.size()));
}

void ComparePage::addToDataset(CompareColumn *column)
{
    const auto *summary = dataset();
    const QString text = column->text().trimmed();
    if (!summary || text.isEmpty()) {
        Q_EMIT statusMessage(summary ? tr("Type a text first") : tr("Choose a run first: its dataset takes the text"));
        return;
    }
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Add to %1").arg(summary->name));
    auto *preview = new QLabel(text.toHtmlEscaped().left(400), &dialog);
    preview->setWordWrap(true);
    auto *labelBox = new QComboBox(&dialog);
    labelBox->setObjectName(QStringLiteral("addLabel"));
    for (const auto &label : summary->labelSet)
        labelBox->addItem(label.name, label.id);
    // The first run's prediction as the starting point: often right, always one key away.
    const int predicted = labelBox->findText(column->topLabel(m_compared.isEmpty() ? -1 : m_compared.front()));
    labelBox->setCurrentIndex(std::max(predicted, 0));
    auto *splitBox = new QComboBox(&dialog);
    for (const QString &split : {QStringLiteral("train"), QStringLiteral("dev"), QStringLiteral("test")})
        splitBox->addItem(splitDisplayName(split), split);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Add"));
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *form = new QFormLayout(&dialog);
    form->addRow(tr("Text:"), preview);
    form->addRow(tr("Language:"), new QLabel(column->language(), &dialog));
    form->addRow(tr("Label:"), labelBox);
    form->addRow(tr("Split:"), splitBox);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted || labelBox->currentIndex() < 0)
        return;
    whenDone(
        m_session->addExample(summary->id, text, column->language(), labelBox->currentData().toLongLong(),
                              splitBox->currentData().toString(), tr("Add typed example")),
        this,
        [this](qint64) {
            Q_EMIT statusMessage(tr("Added to %1; Edit ▸ Undo takes its label back").arg(datasetName()));
        },
        [this](const QString &message) { showEditFailure(this, message); });
}

} // namespace glossa::ui
