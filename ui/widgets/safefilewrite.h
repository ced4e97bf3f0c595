#pragma once

#include <QByteArray>
#include <QString>

namespace glossa::ui {

// Writes a report, chart or table the analyst saves as core::AtomicFile does: a temporary
// file created beside it, synced and renamed, replacing only a regular file. False (and the
// previous file as it was) on any failure; error gets the reason when given.
bool writeFileSafely(const QString &file, const QByteArray &bytes, QString *error = nullptr);

} // namespace glossa::ui
