#pragma once

#include <QDir>
#include <QObject>

namespace glossa::ui {
class MainWindow;
class ProjectSession;
} // namespace glossa::ui

// `glossa --screenshot DIR`: waits for the project to load, saves a PNG of the whole window
// per view, then quits. Used to look at the UI (in every language) without a person at it.
class ScreenshotTour : public QObject
{
    Q_OBJECT

public:
    ScreenshotTour(glossa::ui::MainWindow *window, glossa::ui::ProjectSession *session, const QString &directory);

private:
    void capture(const QString &name);
    void finish(int exitCode);

    glossa::ui::MainWindow *m_window;
    QDir m_directory;
};
