#include "text/specialtokens.h"

#include <algorithm>

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

std::vector<int> idsBetween(int first, std::string_view text, std::span<const SpecialToken> specials,
                            const std::function<void(std::string_view, std::vector<int> &)> &encodeStretch,
                            std::size_t maxTokens, int last)
{
    std::vector<int> ids{first};
    for (const auto &segment : splitOnSpecialTokens(text, specials)) {
        if (segment.specialId >= 0)
            ids.push_back(segment.specialId);
        else
            encodeStretch(segment.text, ids);
    }
    ids.resize(1 + (maxTokens >= 2 ? std::min(ids.size() - 1, maxTokens - 2) : 0));
    ids.push_back(last);
    return ids;
}

} // namespace glossa::core::text
