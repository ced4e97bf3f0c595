#pragma once

#include "ui/session/projectoverview.h"

#include <QDockWidget>

class QStandardItemModel;
class QTreeView;

namespace glossa::ui {

// The Project dock: the project's datasets (with their sizes) and runs (with their status).
class ProjectDock : public QDockWidget
{
    Q_OBJECT

public:
    explicit ProjectDock(QWidget *parent = nullptr);

    void showOverview(const ProjectOverview &overview);
    void clear();
    QString currentDataset() const;
    void selectDataset(const QString &name);

Q_SIGNALS:
    void datasetSelected(const QString &name);
    // A run chosen in the tree: the tabs that show one run follow it.
    void runSelected(qint64 runId);

private:
    QTreeView *m_tree = nullptr;
    QStandardItemModel *m_model = nullptr;
};

} // namespace glossa::ui
