#include "output.h"

#include "util/names.h"

#include <iostream>

namespace glossa::cli {

void printJson(const nlohmann::ordered_json &value)
{
    std::cout << value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << std::endl;
}

std::string printable(std::string_view text)
{
    return core::escapeForTerminal(text);
}

std::string groupDigits(long long value)
{
    std::string digits = std::to_string(value < 0 ? -value : value);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<size_t>(i), ",");
    return value < 0 ? "-" + digits : digits;
}

} // namespace glossa::cli
