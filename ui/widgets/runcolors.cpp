#include "ui/widgets/runcolors.h"

#include <array>

namespace glossa::ui {

QColor runColor(qint64 runId)
{
    // Okabe and Ito's palette, then the darker half of Tableau 10.
    static constexpr std::array<QRgb, 10> palette = {0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7, 0x56B4E9,
                                                     0xD55E00, 0x8C564B, 0x7F7F7F, 0xBCBD22, 0x332288};
    const auto index = static_cast<std::size_t>(runId < 0 ? 0 : runId % static_cast<qint64>(palette.size()));
    return QColor::fromRgb(palette[index]);
}

} // namespace glossa::ui
