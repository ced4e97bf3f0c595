#include "store/doctor.h"

#include "store/artefactpath.h"
#include "store/database.h"
#include "store/project.h"
#include "store/schema.h"
#include "store/schemacheck.h"
#include "util/error.h"

#include <sys/stat.h>

namespace glossa::core::store {
namespace {

void checkIntegrity(Database &db, DoctorReport &report)
{
    auto check = db.prepare("PRAGMA integrity_check(20)");
    while (check.step()) {
        const auto line = check.text(0);
        if (line != "ok")
            report.problems.push_back("the file is damaged: " + line + " (open a backup copy)");
    }
    const auto broken = db.queryInt("SELECT count(*) FROM pragma_foreign_key_check");
    if (broken > 0)
        report.problems.push_back(std::to_string(broken)
                                  + " rows refer to rows that are gone (PRAGMA foreign_key_check lists them)");
}

void checkArtefacts(Database &db, const std::filesystem::path &artefactDir, bool fix, DoctorReport &report)
{
    try {
        requireRealFolder(artefactDir);
    } catch (const Error &e) {
        report.problems.push_back(e.what());
        return;
    }
    std::vector<std::int64_t> outside;
    auto rows = db.prepare("SELECT id, kind, sha256, path FROM artefacts ORDER BY id");
    while (rows.step()) {
        const auto id = rows.int64(0);
        const auto title = "artefact " + std::to_string(id) + " (" + rows.text(1) + ")";
        std::filesystem::path file;
        try {
            file = resolveArtefactPath(artefactDir, rows.textView(1), rows.textView(2), rows.textView(3));
        } catch (const Error &e) {
            outside.push_back(id);
            report.problems.push_back(title + ": " + e.what());
            continue;
        }
        if (!std::filesystem::exists(file)) {
            report.problems.push_back(title + ": " + file.string()
                                      + " is missing; the runs that use it must be trained again");
            continue;
        }
        try {
            verifyArtefactContent(file, rows.textView(2));
        } catch (const Error &e) {
            report.problems.push_back(title + ": " + e.what());
        }
    }
    if (!fix || outside.empty())
        return;
    Transaction transaction(db);
    auto drop = db.prepare("DELETE FROM artefacts WHERE id = ?1");
    for (const auto id : outside) {
        drop.bind(1, id).run();
        report.repairs.push_back("removed the entry of artefact " + std::to_string(id)
                                 + ", which named a place outside the artefacts folder (that place was not touched)");
    }
    transaction.commit();
    std::erase_if(report.problems, [](const std::string &problem) {
        return problem.find("not a file Glossa keeps") != std::string::npos;
    });
}

} // namespace

DoctorReport examineProject(const std::filesystem::path &file, bool fix)
{
    struct stat info
    {
    };
    if (::lstat(file.c_str(), &info) != 0)
        throw Error(file.string() + ": no such project file");
    if (!S_ISREG(info.st_mode))
        throw Error(file.string() + ": is not a regular file, so it is not a project");

    DoctorReport report;
    auto db = Project::openUnverified(file);
    db.setCheckpointOnClose(false);
    try {
        Project::checkIdentity(db);
    } catch (const Error &e) {
        report.problems.push_back(e.what());
        return report;
    }
    db.exec("PRAGMA foreign_keys = ON");
    const auto version = static_cast<int>(db.queryInt("PRAGMA user_version"));
    auto findings = checkSchema(db, version);
    if (fix && !findings.empty() && canRepairSchema(findings)) {
        report.repairs = repairSchema(db, version, findings);
        findings = checkSchema(db, version);
    }
    for (const auto &line : describeSchemaFindings(findings))
        report.problems.push_back("schema: " + line);
    checkIntegrity(db, report);
    if (findings.empty())
        checkArtefacts(db, Project::artefactDirOf(file), fix, report);
    return report;
}

} // namespace glossa::core::store
