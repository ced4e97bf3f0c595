#pragma once

#include <QIcon>
#include <QString>
#include <QStringList>

namespace glossa::ui {

// The desktop theme's icon when it has one, else Glossa's own (:/icons/<name>.svg), so menus
// and toolbars have icons on every desktop.
QIcon themedIcon(const QString &name);

// Freedesktop names that Glossa bundles a fallback for.
QStringList bundledIconNames();

} // namespace glossa::ui
