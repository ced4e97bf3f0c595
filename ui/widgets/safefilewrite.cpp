#include "ui/widgets/safefilewrite.h"

#include "util/atomicfile.h"
#include "util/error.h"

#include <string_view>

namespace glossa::ui {

bool writeFileSafely(const QString &file, const QByteArray &bytes, QString *error)
{
    try {
        core::writeFileAtomically(file.toStdString(), std::string_view(bytes.constData(), size_t(bytes.size())));
        return true;
    } catch (const core::Error &e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
}

} // namespace glossa::ui
