#include "ui/widgets/splitname.h"

#include <QCoreApplication>

namespace glossa::ui {

QString splitDisplayName(const QString &split)
{
    if (split == QLatin1String("train"))
        return QCoreApplication::translate("Split", "train");
    if (split == QLatin1String("dev"))
        return QCoreApplication::translate("Split", "dev");
    if (split == QLatin1String("test"))
        return QCoreApplication::translate("Split", "test");
    return split;
}

} // namespace glossa::ui
