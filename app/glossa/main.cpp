// glossa: the workbench. Parses the command line, loads the translation, opens a project
// (the one named, the last one, or the demo on first start) and shows the main window.

#include "ui/shell/languages.h"
#include "ui/shell/mainwindow.h"
#include "ui/session/projectsession.h"
#include "screenshottour.h"
#include "ui/shell/workbench.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Glossa"));
    QApplication::setApplicationName(QStringLiteral("Glossa"));
    QApplication::setApplicationVersion(QStringLiteral(GLOSSA_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("glossa"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/glossa.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Glossa: label, train and inspect multilingual text classifiers"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("Project file to open (*.glossa)"));
    const QCommandLineOption demoOption(QStringLiteral("demo"),
                                        QStringLiteral("Open the demo project (created on first use)"));
    const QCommandLineOption langOption(QStringLiteral("lang"), QStringLiteral("UI language, such as en or zh_CN"),
                                        QStringLiteral("code"));
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
                                              QStringLiteral("Save a PNG of each view into DIR, then quit"),
                                              QStringLiteral("dir"));
    parser.addOptions({demoOption, langOption, screenshotOption});
    parser.process(app);

    if (parser.isSet(screenshotOption)) {
        // Default settings and window size, and no trace in the user's recent projects.
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }
    // The UI language: --lang, else the one chosen in View ▸ Language, else the system's.
    glossa::ui::installLanguage(parser.isSet(langOption) ? parser.value(langOption)
                                                         : QSettings().value(QStringLiteral("language")).toString());

    glossa::ui::ProjectSession session;
    glossa::ui::Workbench workbench(&session);
    auto *window = workbench.window();
    if (parser.isSet(screenshotOption)) {
        // A fresh copy of the demo in a temporary folder: the tour labels and imports, and must
        // leave the user's own demo project as it was.
        const QStringList positional = parser.positionalArguments();
        new ScreenshotTour(window, &session, parser.value(screenshotOption),
                           positional.isEmpty() ? QString() : positional.first());
        window->show();
        return QApplication::exec();
    }
    window->show();

    const QStringList positional = parser.positionalArguments();
    const QString lastProject = QSettings().value(QStringLiteral("lastProject")).toString();
    if (!positional.isEmpty())
        window->openProjectFile(positional.first());
    else if (parser.isSet(demoOption))
        window->openDemoProject();
    else if (!lastProject.isEmpty() && QFileInfo::exists(lastProject))
        window->openProjectFile(lastProject);
    else
        window->openDemoProject(); // first start
    return QApplication::exec();
}
