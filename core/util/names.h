#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace glossa::core {

// Names a user gives (datasets, labels, runs) show up in terminals, lists and messages. A
// control character in one can move the cursor, recolour or clear a terminal, and a
// bidirectional override makes "dev" read as "ved"; invalid UTF-8 shows as boxes. So names
// are checked where they are made, and any text from a project is escaped where printed.

// What is wrong with a name ("contains a line break", "contains the control character U+001B
// (ESC)", "is not valid UTF-8 at byte 4"), or nullopt when it is fine: no C0 or C1 control
// character, no DEL, no bidirectional embedding, override or isolate (U+202A-U+202E,
// U+2066-U+2069), no line or paragraph separator (U+2028, U+2029), and valid UTF-8.
std::optional<std::string> nameProblem(std::string_view name);

// Throws Error "<what> '<name, escaped>' <problem>; choose one without control characters"
// when nameProblem finds one. what: "dataset name", "label name", "run name".
void requireCleanName(std::string_view what, std::string_view name);

// The text with every character nameProblem refuses written out visibly, so it cannot act on
// the terminal: "\n", "\r", "\t", "\x1b", "\x7f", "\u0085", "\u202e"; a byte that is not
// UTF-8 as "\xff". Everything else (any script, emoji, backslashes) is kept as it is.
std::string escapeForTerminal(std::string_view text);

} // namespace glossa::core
