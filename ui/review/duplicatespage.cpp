#include "ui/review/duplicatespage.h"

#include "ui/data/examplepanel.h"
#include "ui/session/projectsession.h"
#include "ui/widgets/editfailure.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/splitname.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace glossa::ui {

namespace {

// Tints that say what a cluster is, readable in light and dark themes (text drawn black on them).
const QColor conflictTint(0xfd, 0xe2, 0xe1);
const QColor acrossTint(0xff, 0xf1, 0xd6);
const QColor resolvedTint(0xd9, 0xf2, 0xdc);

enum ClusterColumn { KindColumn, RowsColumn, SplitsColumn, LabelsColumn, TextColumn };
enum MemberColumn { IdColumn, SplitColumn, LabelColumn, LangColumn, SimilarityColumn, MemberTextColumn };

QTableWidget *makeTable(const QStringList &headers, int stretchColumn, QWidget *parent)
{
    auto *table = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(stretchColumn, QHeaderView::Stretch);
    return table;
}

QStringList distinctLabels(const DuplicateClusterItem &cluster)
{
    QStringList labels;
    for (const auto &member : cluster.members)
        if (member.labelId >= 0 && !labels.contains(member.label))
            labels.append(member.label);
    return labels;
}

QStringList distinctSplits(const DuplicateClusterItem &cluster)
{
    QStringList splits;
    for (const auto &member : cluster.members)
        if (!splits.contains(splitDisplayName(member.split)))
            splits.append(splitDisplayName(member.split));
    return splits;
}

// A conflict whose members now all carry one label (or none).
bool resolved(const DuplicateClusterItem &cluster)
{
    return cluster.kind == DuplicateKindItem::Conflict && distinctLabels(cluster).size() <= 1;
}

QString kindText(const DuplicateClusterItem &cluster)
{
    if (resolved(cluster))
        return DuplicatesPage::tr("Conflict resolved");
    switch (cluster.kind) {
    case DuplicateKindItem::Conflict: return DuplicatesPage::tr("Conflicting labels");
    case DuplicateKindItem::CrossSplit: return DuplicatesPage::tr("Across splits");
    case DuplicateKindItem::WithinSplit: break;
    }
    return DuplicatesPage::tr("Within a split");
}

QColor tintOf(const DuplicateClusterItem &cluster)
{
    if (resolved(cluster))
        return resolvedTint;
    if (cluster.kind == DuplicateKindItem::Conflict)
        return conflictTint;
    if (cluster.kind == DuplicateKindItem::CrossSplit)
        return acrossTint;
    return {};
}

QTableWidgetItem *item(const QString &text, const QString &toolTip = {})
{
    auto *cell = new QTableWidgetItem(text);
    if (!toolTip.isEmpty())
        cell->setToolTip(toolTip);
    return cell;
}

QString oneLine(const QString &text)
{
    return QString(text).replace(QLatin1Char('\n'), QLatin1Char(' ')).replace(QLatin1Char('\r'), QLatin1Char(' '));
}

} // namespace

DuplicatesPage::DuplicatesPage(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_datasetBox(new QComboBox(this))
    , m_threshold(new QDoubleSpinBox(this))
    , m_searchButton(new QPushButton(themedIcon(QStringLiteral("edit-find")), tr("Look again"), this))
    , m_busy(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_clusters(makeTable({tr("Kind"), tr("Rows"), tr("Splits"), tr("Labels"), tr("Text")}, TextColumn, this))
    , m_clusterTitle(new QLabel(this))
    , m_members(makeTable({tr("Id"), tr("Split"), tr("Label"), tr("Language"), tr("Similarity"), tr("Text")},
                          MemberTextColumn, this))
    , m_labelKeys(new QGridLayout)
    , m_sameLabelButton(new QPushButton(tr("Give all this label (A)"), this))
    , m_openButton(new QPushButton(tr("Open in Data tab"), this))
    , m_split(new QSplitter(Qt::Horizontal, this))
{
    setUpWidgets();
    layOut();
    connectControls();
    showDatasets();
}

DuplicatesPage::~DuplicatesPage()
{
    m_stop.request_stop(); // the duplicates thread gives up a search no one will see
}

void DuplicatesPage::setUpWidgets()
{
    setObjectName(QStringLiteral("duplicatesPage"));
    m_datasetBox->setObjectName(QStringLiteral("duplicatesDataset"));
    m_clusters->setObjectName(QStringLiteral("duplicateClusters"));
    m_members->setObjectName(QStringLiteral("duplicateMembers"));
    m_summary->setObjectName(QStringLiteral("duplicatesSummary"));
    m_sameLabelButton->setObjectName(QStringLiteral("giveClusterLabel"));
    m_clusters->setSelectionMode(QAbstractItemView::SingleSelection);
    // The labels (several in a conflict) get a fixed share, elided, so the text stays visible.
    m_clusters->horizontalHeader()->setSectionResizeMode(LabelsColumn, QHeaderView::Interactive);
    m_clusters->horizontalHeader()->resizeSection(LabelsColumn, m_clusters->fontMetrics().averageCharWidth() * 22);
    m_clusters->setTextElideMode(Qt::ElideRight);
    m_clusters->setWordWrap(false);
    m_clusters->verticalHeader()->setDefaultSectionSize(m_clusters->fontMetrics().height() + 8);
    m_members->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_members->setWordWrap(true);
    m_members->setTextElideMode(Qt::ElideNone);
    m_threshold->setRange(0.5, 1.0);
    m_threshold->setSingleStep(0.05);
    m_threshold->setDecimals(2);
    m_threshold->setValue(0.8);
    m_threshold->setToolTip(tr("Two texts are near-duplicates when they share at least this share of their "
                               "character 5-grams (Jaccard similarity); 1 finds only texts that are the same "
                               "after normalisation"));
    m_searchButton->setToolTip(tr("Look for duplicates again with this threshold"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_clusterTitle->setWordWrap(true);
    m_clusterTitle->setTextFormat(Qt::RichText);
    m_busy->setText(tr("Looking for duplicates…"));
    m_busy->hide();
    m_sameLabelButton->setToolTip(
        tr("Every text of this cluster gets the label of the selected one (A); Edit ▸ Undo takes it back"));
    m_openButton->setToolTip(tr("Show the selected text in the Data tab, with its history (Enter)"));
}

// The dataset and threshold on top, the summary under them; the queue of clusters on the left,
// the current cluster's texts side by side on the right, with the label keys under them.
void DuplicatesPage::layOut()
{
    auto *top = new QHBoxLayout;
    auto *datasetLabel = new QLabel(tr("Dataset:"), this);
    datasetLabel->setBuddy(m_datasetBox);
    top->addWidget(datasetLabel);
    top->addWidget(m_datasetBox);
    auto *thresholdLabel = new QLabel(tr("Near-duplicates from similarity:"), this);
    thresholdLabel->setBuddy(m_threshold);
    top->addSpacing(12);
    top->addWidget(thresholdLabel);
    top->addWidget(m_threshold);
    top->addWidget(m_searchButton);
    top->addWidget(m_busy);
    top->addStretch(1);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new QLabel(tr("<b>Clusters</b> — conflicting labels first, then across splits"), this));
    leftLayout->addWidget(m_clusters, 1);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_clusterTitle);
    rightLayout->addWidget(m_members, 1);
    auto *hint =
        new QLabel(tr("Keys: 1-9 label the selected texts · A gives every text of the cluster the selected "
                      "one's label · N and P step through the clusters · Enter opens the text in the Data tab"),
                   this);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    rightLayout->addWidget(hint);
    auto *keys = new QHBoxLayout;
    keys->addWidget(new QLabel(tr("Label selected:"), this), 0, Qt::AlignTop);
    m_labelKeys->setHorizontalSpacing(4);
    m_labelKeys->setVerticalSpacing(4);
    keys->addLayout(m_labelKeys);
    keys->addStretch(1);
    rightLayout->addLayout(keys);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_sameLabelButton);
    buttons->addStretch(1);
    buttons->addWidget(m_openButton);
    rightLayout->addLayout(buttons);

    m_split->setObjectName(QStringLiteral("duplicatesSplitter"));
    m_split->addWidget(left);
    m_split->addWidget(right);
    m_split->setStretchFactor(0, 1);
    m_split->setStretchFactor(1, 1);
    m_split->setSizes({600, 600});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    layout->addWidget(m_split, 1);
}

void DuplicatesPage::connectControls()
{
    m_clusters->installEventFilter(this);
    m_members->installEventFilter(this);
    connect(m_session, &ProjectSession::projectOpened, this, &DuplicatesPage::showDatasets);
    connect(m_session, &ProjectSession::overviewChanged, this, &DuplicatesPage::showDatasets);
    connect(m_session, &ProjectSession::labelsEdited, this, &DuplicatesPage::applyLabelUpdates);
    connect(m_datasetBox, &QComboBox::currentIndexChanged, this, [this] {
        m_review = {};
        showReview({});
        m_stale = true;
        if (isVisible())
            search();
    });
    connect(m_searchButton, &QPushButton::clicked, this, &DuplicatesPage::search);
    connect(m_clusters, &QTableWidget::currentCellChanged, this, [this](int row, int, int previousRow) {
        if (row != previousRow)
            fillMemberTable();
    });
    connect(m_sameLabelButton, &QPushButton::clicked, this, &DuplicatesPage::labelClusterAsCurrent);
    connect(m_openButton, &QPushButton::clicked, this, [this] {
        const auto ids = selectedMemberIds();
        if (!ids.isEmpty())
            Q_EMIT exampleRequested(dataset(), ids.front());
    });
    connect(m_members, &QTableWidget::cellDoubleClicked, m_openButton, &QPushButton::click);
}

QString DuplicatesPage::dataset() const
{
    return m_datasetBox->currentText();
}

void DuplicatesPage::setDataset(const QString &name)
{
    const int index = m_datasetBox->findText(name);
    if (index >= 0)
        m_datasetBox->setCurrentIndex(index);
}

const DatasetSummary *DuplicatesPage::datasetSummary() const
{
    return m_session->dataset(dataset());
}

// The datasets of the project; an import or a re-split of the one shown makes its clusters
// stale (label edits do not: they are patched in as they come).
void DuplicatesPage::showDatasets()
{
    const QString current = dataset();
    {
        const QSignalBlocker blocker(m_datasetBox);
        m_datasetBox->clear();
        for (const auto &summary : m_session->overview().datasets)
            m_datasetBox->addItem(summary.name);
        const int index = m_datasetBox->findText(current);
        m_datasetBox->setCurrentIndex(index >= 0 ? index : 0);
    }
    rebuildLabelButtons();
    const auto *summary = datasetSummary();
    const QList<qint64> shape =
        summary ? QList<qint64>{summary->id, summary->examples, summary->train, summary->dev, summary->test}
                : QList<qint64>{};
    if (shape != m_searchedShape || dataset() != current) {
        m_stale = true;
        if (isVisible())
            search();
    }
}

void DuplicatesPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        search();
}

void DuplicatesPage::search()
{
    m_stale = false;
    m_stop.request_stop(); // a search still under way is of no use now
    m_stop = std::stop_source();
    const auto *summary = datasetSummary();
    if (!summary) {
        showReview({});
        return;
    }
    m_searchedShape = {summary->id, summary->examples, summary->train, summary->dev, summary->test};
    m_searching = true;
    m_busy->show();
    m_searchButton->setEnabled(false);
    const QString name = summary->name;
    const double threshold = m_threshold->value();
    whenDone(
        m_session->findDuplicates(name, threshold, m_stop.get_token()), this,
        [this, name](const DuplicateReview &review) {
            if (review.stopped || name != dataset())
                return; // a newer search is under way
            m_searching = false;
            m_busy->hide();
            m_searchButton->setEnabled(true);
            showReview(review);
            Q_EMIT searchFinished();
        },
        [this](const QString &message) {
            m_searching = false;
            m_busy->hide();
            m_searchButton->setEnabled(true);
            m_summary->setText(tr("Could not look for duplicates: %1").arg(message.toHtmlEscaped()));
            Q_EMIT searchFinished();
        });
}

void DuplicatesPage::showReview(const DuplicateReview &review)
{
    const auto *current = currentCluster();
    const qint64 keep = current ? current->members.front().exampleId : -1;
    m_review = review;
    fillClusterTable();
    int row = 0;
    for (int c = 0; c < m_review.clusters.size(); ++c)
        if (m_review.clusters[c].members.front().exampleId == keep)
            row = c;
    if (m_clusters->rowCount() > 0)
        m_clusters->setCurrentCell(row, TextColumn);
    fillMemberTable();
    fillSummary();
}

void DuplicatesPage::fillSummary()
{
    const QLocale locale;
    if (m_review.datasetId < 0) {
        m_summary->setText(datasetSummary() ? QString() : tr("Open a project with a dataset to look for duplicates."));
        return;
    }
    if (m_review.clusters.isEmpty()) {
        m_summary->setText(tr("No duplicates among %1 examples: no two texts are the same after normalisation "
                              "(Unicode NFKC, case, spacing), and none share %2% of their character 5-grams.")
                               .arg(locale.toString(m_review.examples))
                               .arg(qRound(m_review.nearThreshold * 100)));
        return;
    }
    QString text = tr("<b>Conflicting labels: %1</b> · across splits: %2 · within a split: %3 — %4 examples "
                      "checked in %5 s")
                       .arg(locale.toString(m_review.clusterCount(DuplicateKindItem::Conflict)),
                            locale.toString(m_review.clusterCount(DuplicateKindItem::CrossSplit)),
                            locale.toString(m_review.clusterCount(DuplicateKindItem::WithinSplit)),
                            locale.toString(m_review.examples), locale.toString(m_review.seconds, 'f', 2));
    auto leak = [&](const SplitLeakageItem &leakage, const QString &sentence) {
        if (leakage.duplicating() > 0)
            text += QStringLiteral("<br><span style='color:#b00020'>⚠ %1</span>")
                        .arg(sentence.arg(locale.toString(leakage.duplicating()), locale.toString(leakage.rows),
                                          locale.toString(leakage.exact), locale.toString(leakage.near)));
    };
    leak(m_review.test, tr("Test: %1 of %2 rows repeat training rows (exact %3, near %4), so test scores count "
                           "texts the model trained on."));
    leak(m_review.dev, tr("Dev: %1 of %2 rows repeat training rows (exact %3, near %4), so early stopping "
                          "and the best checkpoint favour memory."));
    m_summary->setText(text);
}

void DuplicatesPage::fillClusterTable()
{
    const QSignalBlocker blocker(m_clusters);
    const int keepRow = m_clusters->currentRow();
    m_clusters->setRowCount(static_cast<int>(m_review.clusters.size()));
    for (int row = 0; row < m_review.clusters.size(); ++row) {
        const auto &cluster = m_review.clusters[row];
        const QStringList labels = distinctLabels(cluster);
        const QString first = oneLine(cluster.members.front().text);
        m_clusters->setItem(row, KindColumn,
                            item(cluster.near ? tr("%1 (near)").arg(kindText(cluster)) : kindText(cluster),
                                 cluster.near ? tr("Not every text is the same: some only share most of their "
                                                   "character 5-grams")
                                              : tr("The texts are the same after normalisation (Unicode NFKC, "
                                                   "case, spacing)")));
        auto *rows = item(QLocale().toString(cluster.members.size()));
        rows->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_clusters->setItem(row, RowsColumn, rows);
        m_clusters->setItem(row, SplitsColumn, item(distinctSplits(cluster).join(QStringLiteral(", "))));
        m_clusters->setItem(row, LabelsColumn,
                            item(labels.isEmpty() ? tr("(unlabelled)") : labels.join(QStringLiteral(", "))));
        m_clusters->setItem(row, TextColumn, item(first, cluster.members.front().text));
        const QColor tint = tintOf(cluster);
        for (int column = 0; column < m_clusters->columnCount(); ++column)
            if (tint.isValid()) {
                m_clusters->item(row, column)->setBackground(tint);
                m_clusters->item(row, column)->setForeground(Qt::black);
            }
    }
    if (keepRow >= 0 && keepRow < m_clusters->rowCount())
        m_clusters->setCurrentCell(keepRow, TextColumn);
}

void DuplicatesPage::fillMemberTable()
{
    const auto *cluster = currentCluster();
    QList<qint64> keepSelected = selectedMemberIds();
    m_members->setRowCount(0);
    m_sameLabelButton->setEnabled(cluster != nullptr);
    m_openButton->setEnabled(cluster != nullptr);
    if (!cluster) {
        m_clusterTitle->setText(m_review.clusters.isEmpty() ? QString() : tr("Choose a cluster."));
        return;
    }
    const QStringList labels = distinctLabels(*cluster);
    m_clusterTitle->setText(
        tr("<b>Cluster %1 of %2</b> — %3; labels: %4")
            .arg(m_clusters->currentRow() + 1)
            .arg(m_review.clusters.size())
            .arg(kindText(*cluster).toHtmlEscaped(),
                 labels.isEmpty() ? tr("(unlabelled)") : labels.join(QStringLiteral(", ")).toHtmlEscaped()));
    m_members->setRowCount(static_cast<int>(cluster->members.size()));
    for (int row = 0; row < cluster->members.size(); ++row) {
        const auto &member = cluster->members[row];
        auto *id = item(member.externalId);
        id->setData(Qt::UserRole, member.exampleId);
        m_members->setItem(row, IdColumn, id);
        m_members->setItem(row, SplitColumn, item(splitDisplayName(member.split)));
        m_members->setItem(row, LabelColumn, item(member.labelId >= 0 ? member.label : tr("(unlabelled)")));
        m_members->setItem(row, LangColumn, item(member.lang));
        QString match;
        if (row == 0)
            match = tr("first");
        else if (member.exactGroup == cluster->members.front().exactGroup)
            match = tr("same text");
        else
            match = tr("%1% alike").arg(qRound(member.similarity * 100));
        m_members->setItem(row, SimilarityColumn,
                           item(match, tr("Share of character 5-grams in common with the first text")));
        m_members->setItem(row, MemberTextColumn, item(member.text));
        // A label that differs from the first member's stands out.
        if (cluster->kind == DuplicateKindItem::Conflict && member.labelId >= 0
            && member.labelId != cluster->members.front().labelId) {
            m_members->item(row, LabelColumn)->setBackground(conflictTint);
            m_members->item(row, LabelColumn)->setForeground(Qt::black);
        }
    }
    m_members->resizeRowsToContents();
    for (int row = 0; row < m_members->rowCount(); ++row)
        if (keepSelected.contains(cluster->members[row].exampleId))
            m_members->selectRow(row);
    if (m_members->selectionModel()->selectedRows().isEmpty())
        m_members->setCurrentCell(0, MemberTextColumn);
}

void DuplicatesPage::rebuildLabelButtons()
{
    while (auto *child = m_labelKeys->takeAt(0)) {
        delete child->widget();
        delete child;
    }
    const auto *summary = datasetSummary();
    if (!summary)
        return;
    for (int i = 0; i < summary->labelSet.size() && i < 9; ++i) {
        auto *button = new QPushButton(this);
        // As the side panel writes its keys: "[1] 10", a long name shortened, "R&D" shown as is.
        button->setText(ExamplePanel::labelButtonText(i + 1, summary->labelSet[i].name, button->fontMetrics()));
        button->setToolTip(tr("Label the selected texts %1 (key %2)").arg(summary->labelSet[i].name).arg(i + 1));
        button->setFocusPolicy(Qt::NoFocus); // the keys act on the table that has the focus
        connect(button, &QPushButton::clicked, this, [this, i] { labelSelected(i); });
        // Three to a row: five made the keys, not the texts, set how narrow the queue may get.
        m_labelKeys->addWidget(button, i / 3, i % 3);
    }
}

const DuplicateClusterItem *DuplicatesPage::currentCluster() const
{
    const int row = m_clusters->currentRow();
    if (row < 0 || row >= m_review.clusters.size())
        return nullptr;
    return &m_review.clusters[row];
}

QList<qint64> DuplicatesPage::selectedMemberIds() const
{
    QList<qint64> ids;
    for (const auto &index : m_members->selectionModel()->selectedRows(IdColumn))
        ids.append(index.data(Qt::UserRole).toLongLong());
    if (ids.isEmpty() && m_members->currentRow() >= 0 && m_members->item(m_members->currentRow(), IdColumn))
        ids.append(m_members->item(m_members->currentRow(), IdColumn)->data(Qt::UserRole).toLongLong());
    return ids;
}

void DuplicatesPage::labelSelected(int position)
{
    const auto *summary = datasetSummary();
    const auto ids = selectedMemberIds();
    if (!summary || position < 0 || position >= summary->labelSet.size() || ids.isEmpty())
        return;
    const auto &label = summary->labelSet[position];
    setLabel(ids, label.id,
             ids.size() == 1 ? tr("label one duplicate as %1").arg(label.name)
                             : tr("label %1 duplicates as %2").arg(QLocale().toString(ids.size()), label.name));
}

void DuplicatesPage::labelClusterAsCurrent()
{
    const auto *cluster = currentCluster();
    const auto ids = selectedMemberIds();
    if (!cluster || ids.isEmpty())
        return;
    const auto source = std::find_if(cluster->members.begin(), cluster->members.end(),
                                     [&](const DuplicateMemberItem &m) { return m.exampleId == ids.front(); });
    if (source == cluster->members.end() || source->labelId < 0) {
        Q_EMIT statusMessage(tr("The selected text has no label to give the others"));
        return;
    }
    QList<qint64> others;
    for (const auto &member : cluster->members)
        if (member.labelId != source->labelId)
            others.append(member.exampleId);
    if (!others.isEmpty())
        setLabel(others, source->labelId,
                 tr("give %1 duplicates the label %2").arg(QLocale().toString(others.size()), source->label));
    // On to the next cluster, as after accepting a suggestion in Review.
    if (m_clusters->currentRow() + 1 < m_clusters->rowCount())
        m_clusters->setCurrentCell(m_clusters->currentRow() + 1, TextColumn);
}

void DuplicatesPage::setLabel(const QList<qint64> &exampleIds, qint64 labelId, const QString &description)
{
    const auto *summary = datasetSummary();
    if (!summary)
        return;
    Q_EMIT editingDataset(summary->name);
    whenDone(
        m_session->setLabel(summary->id, exampleIds, labelId, description), this, [] {},
        [this](const QString &message) { showEditFailure(this, message); });
}

// Label edits (from here, another tab or an undo) patched into the clusters shown: the queue
// keeps its order, and a conflict whose texts now agree shows as resolved.
void DuplicatesPage::applyLabelUpdates(qint64 datasetId, const QList<LabelUpdate> &updates)
{
    const auto *summary = datasetSummary();
    if (!summary || datasetId != m_review.datasetId || summary->id != datasetId)
        return;
    QHash<qint64, qint64> labelOf;
    for (const auto &update : updates)
        labelOf.insert(update.exampleId, update.labelId);
    QHash<qint64, QString> names;
    for (const auto &label : summary->labelSet)
        names.insert(label.id, label.name);
    bool changed = false;
    for (auto &cluster : m_review.clusters)
        for (auto &member : cluster.members) {
            const auto it = labelOf.constFind(member.exampleId);
            if (it == labelOf.constEnd())
                continue;
            member.labelId = *it;
            member.label = *it >= 0 ? names.value(*it) : QString();
            changed = true;
        }
    if (!changed)
        return;
    const int keepMember = m_members->currentRow();
    fillClusterTable();
    fillMemberTable();
    if (keepMember >= 0 && keepMember < m_members->rowCount()
        && m_members->selectionModel()->selectedRows().size() <= 1)
        m_members->setCurrentCell(keepMember, MemberTextColumn);
}

bool DuplicatesPage::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress || (watched != m_members && watched != m_clusters))
        return QWidget::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    if (key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier))
        return QWidget::eventFilter(watched, event);
    const int k = key->key();
    if (k >= Qt::Key_1 && k <= Qt::Key_9) {
        labelSelected(k - Qt::Key_1);
        return true;
    }
    auto step = [this](int by) {
        const int row = m_clusters->currentRow() + by;
        if (row >= 0 && row < m_clusters->rowCount())
            m_clusters->setCurrentCell(row, TextColumn);
    };
    switch (k) {
    case Qt::Key_A: labelClusterAsCurrent(); return true;
    case Qt::Key_N: step(1); return true;
    case Qt::Key_P: step(-1); return true;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (watched == m_members) {
            m_openButton->click();
            return true;
        }
        m_members->setFocus();
        return true;
    default: break;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace glossa::ui
