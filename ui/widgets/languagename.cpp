#include "ui/widgets/languagename.h"

#include <QCoreApplication>
#include <QLocale>

#include <unicode/uloc.h>

#include <array>

namespace glossa::ui {

// ICU has the names of languages in every language; Qt 6.4 names them only in English
// (QLocale::languageToString) or in their own (nativeLanguageName).
QString languageDisplayName(const QString &code)
{
    if (code.isEmpty() || code == QLatin1String("und"))
        return QCoreApplication::translate("LanguageName", "unknown language");
    const QByteArray tag = code.toLatin1().replace('-', '_');
    const QByteArray display = QLocale().name().toLatin1();
    std::array<UChar, 128> name{};
    UErrorCode status = U_ZERO_ERROR;
    const int32_t length = uloc_getDisplayLanguage(tag.constData(), display.constData(), name.data(),
                                                   static_cast<int32_t>(name.size()), &status);
    // ICU answers an unknown code with the code itself (and a warning): nothing gained.
    if (U_FAILURE(status) || status == U_USING_DEFAULT_WARNING || length <= 0)
        return code;
    const QString result = QString::fromUtf16(reinterpret_cast<const char16_t *>(name.data()), length);
    if (result.compare(code.section(QLatin1Char('-'), 0, 0), Qt::CaseInsensitive) == 0)
        return code;
    // Latin-script names in lower case ("polski" in a Polish UI) read better capitalised in a list.
    return result.left(1).toUpper() + result.mid(1);
}

QString languageNameWithCode(const QString &code)
{
    const QString name = languageDisplayName(code);
    if (name == code || code.isEmpty() || code == QLatin1String("und"))
        return name;
    return QCoreApplication::translate("LanguageName", "%1 (%2)").arg(name, code);
}

} // namespace glossa::ui
