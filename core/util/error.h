#pragma once

#include <stdexcept>
#include <string>

namespace glossa::core {

// The one exception type core throws for failures a user should read: a bad file, a project
// written by a newer Glossa, a locked database. The message is complete and ready to show.
class Error : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

} // namespace glossa::core
