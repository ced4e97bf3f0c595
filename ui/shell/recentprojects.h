#pragma once

#include <QStringList>

namespace glossa::ui {

// The most recently opened project files, newest first, kept in QSettings.
class RecentProjects
{
public:
    static constexpr int maxEntries = 10;

    static QStringList list();
    static void add(const QString &filePath);
    static void remove(const QString &filePath);
};

} // namespace glossa::ui
