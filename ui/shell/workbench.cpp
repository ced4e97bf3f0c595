#include "ui/shell/workbench.h"

#include "ui/shell/languages.h"
#include "ui/shell/mainwindow.h"

#include <QSettings>

namespace glossa::ui {

Workbench::Workbench(ProjectSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    makeWindow();
}

Workbench::~Workbench() = default;

void Workbench::makeWindow()
{
    m_window = std::make_unique<MainWindow>(m_session);
    connect(m_window.get(), &MainWindow::languageChosen, this, &Workbench::switchLanguage, Qt::QueuedConnection);
}

void Workbench::switchLanguage(const QString &code)
{
    QSettings().setValue(QStringLiteral("language"), code);
    const bool visible = m_window->isVisible();
    m_window->saveWindowState();
    m_window.reset();
    installLanguage(code);
    makeWindow();
    if (visible)
        m_window->show();
    Q_EMIT windowReplaced(m_window.get());
}

} // namespace glossa::ui
