#include "ui/widgets/titledbox.h"

#include <QLabel>
#include <QVBoxLayout>
#include <QWidget>

namespace glossa::ui {

QWidget *titledBox(const QString &title, QWidget *body, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(title, box));
    layout->addWidget(body, 1);
    return box;
}

} // namespace glossa::ui
