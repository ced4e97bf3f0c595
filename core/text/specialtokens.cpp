#include "text/specialtokens.h"

namespace glossa::core::text {

std::vector<TextSegment> splitOnSpecialTokens(std::string_view text, std::span<const SpecialToken> specials)
{
    std::vector<TextSegment> segments;
    std::size_t start = 0; // where the current stretch of ordinary text begins
    for (std::size_t at = 0; at < text.size();) {
        const SpecialToken *found = nullptr;
        for (const auto &special : specials)
            if (!special.text.empty() && text.substr(at).starts_with(special.text)
                && (!found || special.text.size() > found->text.size()))
                found = &special;
        if (!found) {
            ++at;
            continue;
        }
        auto before = text.substr(start, at - start);
        if (found->stripLeft)
            before = before.substr(0, before.find_last_not_of(" \t\n\r\v\f") + 1);
        segments.push_back({before});
        segments.push_back({found->text, found->id});
        at += found->text.size();
        start = at;
    }
    segments.push_back({text.substr(start)});
    return segments;
}

} // namespace glossa::core::text
