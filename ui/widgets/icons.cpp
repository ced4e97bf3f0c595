#include "ui/widgets/icons.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace glossa::ui {

QIcon themedIcon(const QString &name)
{
    if (QIcon::hasThemeIcon(name))
        return QIcon::fromTheme(name);
    const QString bundled = QStringLiteral(":/icons/") + name + QStringLiteral(".svg");
    return QFile::exists(bundled) ? QIcon(bundled) : QIcon();
}

QStringList bundledIconNames()
{
    QStringList names;
    const auto files = QDir(QStringLiteral(":/icons")).entryInfoList({QStringLiteral("*.svg")}, QDir::Files);
    for (const auto &file : files) {
        if (file.completeBaseName() != QLatin1String("glossa"))
            names.append(file.completeBaseName());
    }
    names.sort();
    return names;
}

} // namespace glossa::ui
