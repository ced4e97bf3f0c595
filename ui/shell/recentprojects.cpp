#include "ui/shell/recentprojects.h"

#include <QFileInfo>
#include <QSettings>

namespace glossa::ui {

namespace {
const QString settingsKey = QStringLiteral("recentProjects");
}

QStringList RecentProjects::list()
{
    return QSettings().value(settingsKey).toStringList();
}

void RecentProjects::add(const QString &filePath)
{
    const QString path = QFileInfo(filePath).absoluteFilePath();
    auto entries = list();
    entries.removeAll(path);
    entries.prepend(path);
    while (entries.size() > maxEntries)
        entries.removeLast();
    QSettings().setValue(settingsKey, entries);
}

void RecentProjects::remove(const QString &filePath)
{
    auto entries = list();
    entries.removeAll(QFileInfo(filePath).absoluteFilePath());
    QSettings().setValue(settingsKey, entries);
}

} // namespace glossa::ui
