#pragma once

class QString;
class QWidget;

namespace glossa::ui {

// A rich-text title line above a widget that takes the rest of the height: how the Evaluate
// tab heads its charts and tables.
QWidget *titledBox(const QString &title, QWidget *body, QWidget *parent);

} // namespace glossa::ui
