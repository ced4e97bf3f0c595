#pragma once

#include <QObject>

#include <memory>

namespace glossa::ui {

class MainWindow;
class ProjectSession;

// Owns the main window over a session that outlives it. Switching the UI language builds a
// new window in the new language (every string is translated where it is made), while the
// open project, its threads and the window's geometry carry over.
class Workbench : public QObject
{
    Q_OBJECT

public:
    explicit Workbench(ProjectSession *session, QObject *parent = nullptr);
    ~Workbench() override;

    MainWindow *window() const { return m_window.get(); }
    // Saves the choice (empty: the system's language), loads it and rebuilds the window.
    void switchLanguage(const QString &code);

Q_SIGNALS:
    void windowReplaced(glossa::ui::MainWindow *window);

private:
    void makeWindow();

    ProjectSession *m_session;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace glossa::ui
