#pragma once

#include <QString>
#include <QStringList>

#include <string>

namespace glossa::ui {

// Core's schema carries its labels, descriptions, groups and units in English; these make them
// translatable. configfieldtexts.cpp lists every one for lupdate (context "ConfigField"), and a
// test keeps that list complete as the schema grows.
QString translatedConfigText(const std::string &english);
// A choice as people read it ("adamw" -> "AdamW"), translated; a value without a name is shown
// as it is.
QString choiceDisplayName(const std::string &value);

// What lupdate sees, for the completeness test.
QStringList configFieldSourceTexts();
QStringList namedChoiceValues();

} // namespace glossa::ui
