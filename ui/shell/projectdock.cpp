#include "ui/shell/projectdock.h"

#include "ui/widgets/runcolors.h"
#include "ui/widgets/runstatustext.h"

#include <QHeaderView>
#include <QLocale>
#include <QStandardItemModel>
#include <QTreeView>

namespace glossa::ui {

namespace {

enum Role { DatasetNameRole = Qt::UserRole + 1, RunIdRole };

} // namespace

ProjectDock::ProjectDock(QWidget *parent)
    : QDockWidget(tr("Project"), parent)
    , m_tree(new QTreeView(this))
    , m_model(new QStandardItemModel(this))
{
    setObjectName(QStringLiteral("projectDock"));
    m_model->setHorizontalHeaderLabels({tr("Name"), tr("Size / status")});
    m_tree->setModel(m_model);
    m_tree->setObjectName(QStringLiteral("projectTree"));
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);
    setWidget(m_tree);

    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                const auto item = current.siblingAtColumn(0);
                const auto name = item.data(DatasetNameRole).toString();
                if (!name.isEmpty())
                    Q_EMIT datasetSelected(name);
                if (const auto run = item.data(RunIdRole); run.isValid())
                    Q_EMIT runSelected(run.toLongLong());
            });
}

void ProjectDock::showOverview(const ProjectOverview &overview)
{
    const QString selected = currentDataset();
    const auto selectedRun = m_tree->currentIndex().siblingAtColumn(0).data(RunIdRole);
    m_model->removeRows(0, m_model->rowCount());
    const QLocale locale;

    auto *datasets = new QStandardItem(tr("Datasets"));
    QFont sectionFont = datasets->font();
    sectionFont.setBold(true);
    datasets->setFont(sectionFont);
    datasets->setSelectable(false);
    for (const auto &dataset : overview.datasets) {
        auto *name = new QStandardItem(QIcon::fromTheme(QStringLiteral("x-office-spreadsheet")), dataset.name);
        name->setData(dataset.name, DatasetNameRole);
        name->setToolTip(tr("%1 examples, %2 labelled, %3 languages")
                             .arg(locale.toString(dataset.examples), locale.toString(dataset.labelled),
                                  locale.toString(dataset.languages)));
        auto *size = new QStandardItem(tr("%1 examples").arg(locale.toString(dataset.examples)));
        datasets->appendRow({name, size});
    }
    if (overview.datasets.isEmpty()) {
        auto *none = new QStandardItem(tr("No datasets yet"));
        none->setEnabled(false);
        datasets->appendRow(none);
    }
    m_model->appendRow({datasets, new QStandardItem});

    auto *runs = new QStandardItem(tr("Runs"));
    runs->setFont(sectionFont);
    runs->setSelectable(false);
    for (const auto &run : overview.runs) {
        auto *name = new QStandardItem(run.name);
        name->setData(runColor(run.id), Qt::DecorationRole); // the run's colour everywhere
        name->setToolTip(tr("Run %1 on %2").arg(run.id).arg(run.dataset));
        name->setData(run.id, RunIdRole);
        runs->appendRow({name, new QStandardItem(runStatusText(run.status))});
    }
    if (overview.runs.isEmpty()) {
        auto *none = new QStandardItem(tr("No runs yet"));
        none->setEnabled(false);
        runs->appendRow(none);
    }
    m_model->appendRow({runs, new QStandardItem});
    m_tree->expandAll();

    if (selectedRun.isValid()) {
        const auto matches =
            m_model->match(m_model->index(0, 0), RunIdRole, selectedRun, 1, Qt::MatchExactly | Qt::MatchRecursive);
        if (!matches.isEmpty()) {
            m_tree->setCurrentIndex(matches.first());
            return;
        }
    }
    if (!selected.isEmpty())
        selectDataset(selected);
    else if (!overview.datasets.isEmpty())
        selectDataset(overview.datasets.first().name);
}

void ProjectDock::clear()
{
    m_model->removeRows(0, m_model->rowCount());
}

QString ProjectDock::currentDataset() const
{
    return m_tree->currentIndex().siblingAtColumn(0).data(DatasetNameRole).toString();
}

void ProjectDock::selectDataset(const QString &name)
{
    const auto matches =
        m_model->match(m_model->index(0, 0), DatasetNameRole, name, 1, Qt::MatchExactly | Qt::MatchRecursive);
    if (!matches.isEmpty())
        m_tree->setCurrentIndex(matches.first());
}

} // namespace glossa::ui
