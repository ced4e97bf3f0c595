#include "ui/widgets/scriptcoverage.h"

#include <QCoreApplication>
#include <QGlyphRun>
#include <QHash>
#include <QLocale>
#include <QSet>
#include <QTextLayout>

#include <unicode/uloc.h>
#include <unicode/uscript.h>

#include <array>

namespace glossa::ui {

namespace {

constexpr qsizetype maxCharacters = 20000;

bool needsGlyph(char32_t ucs4)
{
    switch (QChar::category(ucs4)) {
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing:
    case QChar::Separator_Space:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_NotAssigned: return false;
    default: return true;
    }
}

// The script's name in the UI's language, through ICU ("Khmr" → "Khmer", "高棉文").
QString scriptName(UScriptCode script)
{
    if (script == USCRIPT_UNKNOWN || script == USCRIPT_INVALID_CODE)
        return QCoreApplication::translate("ScriptCoverage", "unknown script");
    const QByteArray tag = QByteArray("und_") + uscript_getShortName(script);
    const QByteArray display = QLocale().name().toLatin1();
    std::array<UChar, 128> name{};
    UErrorCode status = U_ZERO_ERROR;
    const int32_t length = uloc_getDisplayScript(tag.constData(), display.constData(), name.data(),
                                                 static_cast<int32_t>(name.size()), &status);
    if (U_FAILURE(status) || length <= 0)
        return QString::fromLatin1(uscript_getName(script));
    return QString::fromUtf16(reinterpret_cast<const char16_t *>(name.data()), length);
}

QString fontPackageFor(UScriptCode script)
{
    switch (script) {
    case USCRIPT_UNKNOWN:
    case USCRIPT_INVALID_CODE: return {};
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_HANGUL:
    case USCRIPT_BOPOMOFO: return QStringLiteral("fonts-noto-cjk");
    default: return QStringLiteral("fonts-noto-core");
    }
}

// True when laying chars out with font (and its fallbacks) leaves one without a glyph: a
// missing glyph is glyph 0 of the first font, the box the text would show.
bool lacksGlyphs(const QString &chars, const QFont &font)
{
    QTextLayout layout(chars, font);
    layout.beginLayout();
    while (layout.createLine().isValid()) {
    }
    layout.endLayout();
    for (const auto &run : layout.glyphRuns())
        for (const quint32 glyph : run.glyphIndexes())
            if (glyph == 0)
                return true;
    return false;
}

} // namespace

QList<MissingScript> scriptsWithoutFont(const QString &text, const QFont &font)
{
    // Each script's distinct characters, laid out once per script.
    QList<UScriptCode> order;
    QHash<int, QString> characters;
    QHash<int, QSet<char32_t>> seen;
    const QString sample = text.left(maxCharacters);
    for (const char32_t ucs4 : sample.toUcs4()) {
        if (!needsGlyph(ucs4) && QChar::category(ucs4) != QChar::Other_NotAssigned)
            continue;
        // Private use has no script: said as unknown, since no standard font covers it.
        UErrorCode status = U_ZERO_ERROR;
        UScriptCode script = uscript_getScript(static_cast<UChar32>(ucs4), &status);
        if (U_FAILURE(status))
            script = USCRIPT_UNKNOWN;
        // Common and inherited characters (digits, punctuation) go with the script they are
        // drawn with; a font that lacks them lacks its script's too.
        if (script == USCRIPT_COMMON || script == USCRIPT_INHERITED)
            continue;
        if (!characters.contains(script))
            order.append(script);
        if (!seen[script].contains(ucs4)) {
            seen[script].insert(ucs4);
            characters[script].append(QString::fromUcs4(&ucs4, 1));
        }
    }
    QList<MissingScript> missing;
    for (const auto script : order)
        if (lacksGlyphs(characters.value(script), font))
            missing.append({scriptName(script), fontPackageFor(script)});
    return missing;
}

QString missingFontNotice(const QList<MissingScript> &missing)
{
    if (missing.isEmpty())
        return {};
    QStringList names;
    QStringList packages;
    for (const auto &script : missing) {
        names.append(script.name);
        if (!script.fontPackage.isEmpty() && !packages.contains(script.fontPackage))
            packages.append(script.fontPackage);
    }
    const QString list = QLocale().createSeparatedList(names);
    if (packages.isEmpty())
        return QCoreApplication::translate("ScriptCoverage",
                                           "Some characters of this text (%1) cannot be drawn: no installed font has "
                                           "them.")
            .arg(list);
    return QCoreApplication::translate("ScriptCoverage",
                                       "Some characters of this text (%1) cannot be drawn: install %2.")
        .arg(list, QLocale().createSeparatedList(packages));
}

} // namespace glossa::ui
