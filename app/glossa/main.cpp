// glossa: the workbench. Parses the command line, loads the translation, opens a project
// (the one named, the last one, or the demo on first start) and shows the main window.

#include "mainwindow.h"
#include "projectsession.h"
#include "screenshottour.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace {

// The UI language: --lang, else the saved setting, else the system's.
void installTranslations(QApplication &app, const QString &requested)
{
    const QString language =
        !requested.isEmpty() ? requested : QSettings().value(QStringLiteral("language")).toString();
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QLocale::setDefault(locale);
    auto *qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qtTranslator);
    auto *translator = new QTranslator(&app);
    if (translator->load(locale, QStringLiteral("glossa"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(translator);
}

} // namespace

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

    installTranslations(app, parser.value(langOption));

    glossa::ui::ProjectSession session;
    glossa::ui::MainWindow window(&session);
    if (parser.isSet(screenshotOption))
        new ScreenshotTour(&window, &session, parser.value(screenshotOption));
    window.show();

    const QStringList positional = parser.positionalArguments();
    const QString lastProject = QSettings().value(QStringLiteral("lastProject")).toString();
    if (!positional.isEmpty())
        window.openProjectFile(positional.first());
    else if (parser.isSet(demoOption) || parser.isSet(screenshotOption))
        window.openDemoProject();
    else if (!lastProject.isEmpty() && QFileInfo::exists(lastProject))
        window.openProjectFile(lastProject);
    else
        window.openDemoProject(); // first start
    return QApplication::exec();
}
