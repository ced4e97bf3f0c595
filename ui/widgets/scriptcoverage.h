#pragma once

#include <QFont>
#include <QString>
#include <QStringList>

namespace glossa::ui {

// A writing system of a text that no installed font can draw: what the font fallback would
// show as empty boxes.
struct MissingScript
{
    QString name;        // in the UI's language ("Khmer", "高棉文"); "unknown script" for private use
    QString fontPackage; // the Debian package with fonts for it, empty when none is known
};

// The writing systems of text (its letters, digits, punctuation and symbols; not spaces,
// marks or format characters) with at least one character that neither font nor any font
// the fallback finds has a glyph for, in the order they first appear. Reads at most the
// first 20,000 characters.
QList<MissingScript> scriptsWithoutFont(const QString &text, const QFont &font);

// "Some characters of this text (Khmer) cannot be drawn: install fonts-noto-core", or empty
// when every character can be drawn.
QString missingFontNotice(const QList<MissingScript> &missing);

} // namespace glossa::ui
