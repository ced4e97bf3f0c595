#pragma once

#include <QWidget>

class QLabel;
class QListWidget;

namespace glossa::ui {

// Shown while no project is open: create, open, the demo, and the recent projects.
class StartPage : public QWidget
{
    Q_OBJECT

public:
    explicit StartPage(QWidget *parent = nullptr);

    void setRecentProjects(const QStringList &paths);
    void setMessage(const QString &message);

Q_SIGNALS:
    void newProjectRequested();
    void openProjectRequested();
    void demoProjectRequested();
    void recentProjectRequested(const QString &path);

private:
    QLabel *m_message = nullptr;
    QListWidget *m_recent = nullptr;
};

} // namespace glossa::ui
