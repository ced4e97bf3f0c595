#pragma once

#include <QList>
#include <QString>

namespace glossa::ui {

struct UiLanguage
{
    QString code;       // "zh_CN"
    QString nativeName; // "简体中文": shown as is, whatever the UI language
};

// The translations Glossa ships besides English.
QList<UiLanguage> availableLanguages();

// Loads Qt's and Glossa's translations for a language code (empty: the system's), replacing
// the ones installed before. Widgets made afterwards speak it.
void installLanguage(const QString &code);

} // namespace glossa::ui
