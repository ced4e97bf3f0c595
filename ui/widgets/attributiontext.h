#pragma once

#include "ui/session/predictionservice.h"

#include <QColor>
#include <QString>

namespace glossa::ui {

// A text's subword pieces as rich text, each on a background that says how much it pushed the
// model towards the predicted label (green) or away from it (red), scaled to the strongest
// piece, so the words that decided stand out at a glance.
// rightToLeft sets the paragraph's direction (Arabic, Hebrew...); the pieces keep their order
// in the text either way, so the bidi algorithm lays them out as the text itself.
QString attributionHtml(const QList<TextPrediction::Token> &tokens, bool rightToLeft, const QColor &base);

// The pieces joined back into readable text ("▁" is the word boundary SentencePiece marks).
QString piecesAsText(const QList<TextPrediction::Token> &tokens);

} // namespace glossa::ui
