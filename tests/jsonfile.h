#pragma once

// A JSON object written to a file, as the tests that hand-build model folders and tokenizer
// files write config.json and tokenizer.json.

#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <filesystem>

namespace glossa::test {

inline void writeJson(const std::filesystem::path &path, const QJsonObject &json)
{
    writeFile(path, QJsonDocument(json).toJson(QJsonDocument::Compact));
}

} // namespace glossa::test
