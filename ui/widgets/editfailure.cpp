#include "ui/widgets/editfailure.h"

#include <QCoreApplication>
#include <QMessageBox>

namespace glossa::ui {

void showEditFailure(QWidget *parent, const QString &message)
{
    QMessageBox::warning(parent, QCoreApplication::translate("glossa::ui::MainWindow", "Could not change the labels"),
                         message);
}

} // namespace glossa::ui
