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
    double strongest = 0;
    for (const auto &token : tokens)
        strongest = std::max(strongest, std::abs(token.score));
    const QColor towards(0x2e, 0xa0, 0x43);
    const QColor against(0xd6, 0x36, 0x2f);
    // Dark text on the tints, whatever the palette: at most 60% tint keeps it readable.
    const bool darkBase = base.lightnessF() < 0.5;
    QString html = rightToLeft ? QStringLiteral("<div dir=\"rtl\">") : QStringLiteral("<div>");
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        const auto &token = tokens[i];
        const QString text = pieceText(token.piece, i == 0);
        if (text.isEmpty())
            continue;
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
