#include "store/artefactpath.h"

#include "util/boundedfile.h"
#include "util/error.h"
#include "util/hash.h"

#include <algorithm>
#include <string>

#include <sys/stat.h>

namespace glossa::core::store {
namespace {

bool isLowerHex(std::string_view text)
{
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool isKindName(std::string_view kind)
{
    return !kind.empty() && kind.size() <= 32
           && std::all_of(kind.begin(), kind.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; });
}

// ".pt", ".model", ".json", or nothing: what addArtefact keeps of the file it was given.
bool isExtension(std::string_view extension)
{
    if (extension.empty())
        return true;
    return extension.size() >= 2 && extension.size() <= 16 && extension.front() == '.'
           && std::all_of(extension.begin() + 1, extension.end(), [](char c) {
                  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
              });
}

// lstat: true when something is there; refuses what is there but is not of the wanted type.
bool existsAs(const std::filesystem::path &path, mode_t wantedType, const char *what)
{
    struct stat info
    {
    };
    if (::lstat(path.c_str(), &info) != 0)
        return false;
    if ((info.st_mode & S_IFMT) == wantedType)
        return true;
    throw Error(path.string() + ": is "
                + (S_ISLNK(info.st_mode) ? fileKindName(info.st_mode) : "not a " + std::string(what))
                + "; Glossa keeps its artefacts in a real folder beside the project and never follows a link out "
                  "of it. Move the files into place (or remove the link) and try again.");
}

} // namespace

std::filesystem::path resolveArtefactPath(const std::filesystem::path &artefactDir, std::string_view kind,
                                          std::string_view sha256, std::string_view storedPath)
{
    const auto expectedStem = std::string(kind) + "/" + std::string(sha256);
    const bool wellFormed = isKindName(kind) && sha256.size() == 64 && isLowerHex(sha256)
                            && storedPath.substr(0, expectedStem.size()) == expectedStem
                            && isExtension(storedPath.substr(std::min(expectedStem.size(), storedPath.size())));
    if (!wellFormed)
        throw Error("the project names a " + std::string(kind) + " artefact at '" + std::string(storedPath)
                    + "', which is not a file Glossa keeps in its artefacts folder (" + artefactDir.string()
                    + "); it is not used. glossa-cli doctor --fix removes such entries.");
    requireRealFolder(artefactDir);
    requireRealFolder(artefactDir / std::string(kind));
    auto file = artefactDir / std::string(storedPath);
    existsAs(file, S_IFREG, "regular file");
    return file;
}

void requireRealFolder(const std::filesystem::path &folder)
{
    existsAs(folder, S_IFDIR, "folder");
}

void verifyArtefactContent(const std::filesystem::path &file, std::string_view sha256)
{
    if (sha256File(file) != sha256)
        throw Error(
            file.string()
            + ": this artefact's content is not what the project recorded (its SHA-256 differs), so the file "
              "was changed or damaged and is not used. Train the run again, or restore the file from a backup.");
}

} // namespace glossa::core::store
