#include "engineforward.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace glossa::cli {

int forwardToEngine(char **argv)
{
    namespace fs = std::filesystem;
    std::error_code error;
    const auto self = fs::read_symlink("/proc/self/exe", error);
    const auto dir = error ? fs::path(".") : self.parent_path();
    // Beside glossa-cli in a build; in the install, libexec/glossa/ next to bin/.
    for (const auto &candidate : {dir / "glossa-cli-engine", dir / ".." / "libexec" / "glossa" / "glossa-cli-engine"}) {
        if (!fs::exists(candidate))
            continue;
        const auto path = candidate.string();
        execv(path.c_str(), argv);
        std::cerr << "glossa-cli: error: cannot start " << path << ": " << std::strerror(errno) << "\n";
        return 127;
    }
    std::cerr << "glossa-cli: error: glossa-cli-engine is missing beside " << dir.string()
              << " (it trains and runs the models; reinstall Glossa)\n";
    return 127;
}

} // namespace glossa::cli
