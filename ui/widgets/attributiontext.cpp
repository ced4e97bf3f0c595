#include "ui/widgets/attributiontext.h"

#include <algorithm>
#include <cmath>

namespace glossa::ui {

namespace {

const QChar wordBoundary(0x2581); // ▁

QColor blend(const QColor &base, const QColor &tint, double amount)
{
    const double a = std::clamp(amount, 0.0, 1.0);
    return QColor::fromRgbF(static_cast<float>(base.redF() * (1 - a) + tint.redF() * a),
                            static_cast<float>(base.greenF() * (1 - a) + tint.greenF() * a),
                            static_cast<float>(base.blueF() * (1 - a) + tint.blueF() * a));
}

QString pieceText(const QString &piece, bool first)
{
    QString text = piece;
    text.replace(wordBoundary, QLatin1Char(' '));
    return first ? text.trimmed() : text;
}

// Scripts whose letters join or stack into clusters: a colour boundary inside a word breaks
// their shaping (Arabic letters drawn apart, Bengali vowel signs on dotted circles), so their
// words are coloured whole.
bool shapesAcrossPieces(const QString &text)
{
    for (const char32_t ucs4 : text.toUcs4()) {
        switch (QChar::script(ucs4)) {
        case QChar::Script_Arabic:
        case QChar::Script_Syriac:
        case QChar::Script_Thaana:
        case QChar::Script_Nko:
        case QChar::Script_Mongolian:
        case QChar::Script_Devanagari:
        case QChar::Script_Bengali:
        case QChar::Script_Gurmukhi:
        case QChar::Script_Gujarati:
        case QChar::Script_Oriya:
        case QChar::Script_Tamil:
        case QChar::Script_Telugu:
        case QChar::Script_Kannada:
        case QChar::Script_Malayalam:
        case QChar::Script_Sinhala:
        case QChar::Script_Thai:
        case QChar::Script_Lao:
        case QChar::Script_Tibetan:
        case QChar::Script_Myanmar:
        case QChar::Script_Khmer: return true;
        default: break;
        }
    }
    return false;
}

struct Unit
{
    QString text; // with the space before it
    double score = 0;
};

// The pieces to colour: each piece, except that a word of a joining script is one unit with
// the sum of its pieces' scores (they add up to the word's share).
QList<Unit> colouredUnits(const QList<TextPrediction::Token> &tokens)
{
    QList<Unit> units;
    bool joiningWord = false; // the last unit is a word of a joining script
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        const QString text = pieceText(tokens[i].piece, i == 0);
        if (text.isEmpty())
            continue;
        const bool startsWord = i == 0 || text.front().isSpace();
        if (!startsWord && joiningWord && !units.isEmpty()) {
            units.last().text += text;
            units.last().score += tokens[i].score;
            continue;
        }
        joiningWord = shapesAcrossPieces(text);
        units.append({text, tokens[i].score});
    }
    return units;
}

} // namespace

QString piecesAsText(const QList<TextPrediction::Token> &tokens)
{
    QString text;
    for (qsizetype i = 0; i < tokens.size(); ++i)
        text += pieceText(tokens[i].piece, i == 0);
    return text;
}

QString attributionHtml(const QList<TextPrediction::Token> &tokens, bool rightToLeft, const QColor &base)
{
    const auto units = colouredUnits(tokens);
    double strongest = 0;
    for (const auto &unit : units)
        strongest = std::max(strongest, std::abs(unit.score));
    const QColor towards(0x2e, 0xa0, 0x43);
    const QColor against(0xd6, 0x36, 0x2f);
    // Dark text on the tints, whatever the palette: at most 60% tint keeps it readable.
    const bool darkBase = base.lightnessF() < 0.5;
    QString html = rightToLeft ? QStringLiteral("<div dir=\"rtl\">") : QStringLiteral("<div>");
    for (const auto &token : units) {
        const QString &text = token.text;
        const double share = strongest > 0 ? std::abs(token.score) / strongest : 0;
        const QColor background = blend(base, token.score >= 0 ? towards : against, 0.6 * share);
        const QColor foreground = darkBase && share < 0.3 ? QColor(Qt::white) : QColor(Qt::black);
        // Spaces stay outside the span, so a coloured block is the word, not its gap.
        const QString core = text.trimmed();
        const auto leading = text.indexOf(core);
        html += text.left(leading).toHtmlEscaped();
        html += QStringLiteral("<span style=\"background-color:%1; color:%2\">%3</span>")
                    .arg(background.name(), foreground.name(), core.toHtmlEscaped());
        html += text.mid(leading + core.size()).toHtmlEscaped();
    }
    return html + QStringLiteral("</div>");
}

} // namespace glossa::ui
