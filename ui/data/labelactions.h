#pragma once

#include "ui/session/projectoverview.h"

#include <QFuture>
#include <QObject>

#include <functional>

class QMenu;
class QWidget;

namespace glossa::ui {

class ProjectSession;

// Edit ▸ Labels: add a label, rename one, merge one into another (a journalled relabel, so
// Ctrl+Z takes it back).
class LabelActions : public QObject
{
    Q_OBJECT

public:
    // currentDataset gives the dataset on show (id 0: none).
    LabelActions(ProjectSession *session, std::function<DatasetSummary()> currentDataset, QWidget *parent);

    QMenu *menu() const { return m_menu; }
    void addLabel();
    void renameLabel();
    void mergeLabels();

private:
    QWidget *parentWidget() const;
    void reportFailure(QFuture<void> edit);

    ProjectSession *m_session;
    std::function<DatasetSummary()> m_currentDataset;
    QMenu *m_menu;
};

} // namespace glossa::ui
