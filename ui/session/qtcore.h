#pragma once

#include <QString>

#include <string>

namespace glossa::ui {

// core speaks UTF-8 std::string; the UI speaks QString. These two are the whole bridge.
inline QString fromUtf8(const std::string &text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

inline std::string toUtf8(const QString &text)
{
    return text.toStdString();
}

} // namespace glossa::ui
