#pragma once

#include <QString>

class QWidget;

namespace glossa::ui {

// Says that a label edit (a label set, undone or redone, a label added, renamed or merged)
// did not take, in a dialog over the page that asked for it: the project is unchanged.
void showEditFailure(QWidget *parent, const QString &message);

} // namespace glossa::ui
