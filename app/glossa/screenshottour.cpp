#include "screenshottour.h"

#include "mainwindow.h"
#include "projectsession.h"

#include <QApplication>
#include <QPixmap>
#include <QTimer>

#include <cstdio>

ScreenshotTour::ScreenshotTour(glossa::ui::MainWindow *window, glossa::ui::ProjectSession *session,
                               const QString &directory)
    : QObject(window)
    , m_window(window)
    , m_directory(directory)
{
    m_directory.mkpath(QStringLiteral("."));
    connect(session, &glossa::ui::ProjectSession::projectOpened, this, [this] {
        // Let the layout settle before grabbing.
        QTimer::singleShot(0, this, [this] {
            capture(QStringLiteral("project"));
            finish(0);
        });
    });
    connect(session, &glossa::ui::ProjectSession::openFailed, this, [this](const QString &message) {
        std::fprintf(stderr, "glossa: %s\n", qPrintable(message));
        finish(1);
    });
}

void ScreenshotTour::capture(const QString &name)
{
    const QString file = m_directory.filePath(name + QStringLiteral(".png"));
    if (!m_window->grab().save(file))
        std::fprintf(stderr, "glossa: cannot write %s\n", qPrintable(file));
    else
        std::printf("%s\n", qPrintable(file));
}

void ScreenshotTour::finish(int exitCode)
{
    QTimer::singleShot(0, qApp, [exitCode] { QApplication::exit(exitCode); });
}
