#include "store/schemacheck.h"

#include "store/database.h"
#include "util/error.h"

#include <algorithm>
#include <map>

namespace glossa::core::store {
namespace {

// Statistics tables that ANALYZE (run by hand in the sqlite3 shell, say) leaves behind: they
// hold numbers for the query planner and no code, so they are neither foreign nor a risk.
bool isStatisticsTable(const SchemaObject &object)
{
    return object.type == "table" && (object.name == "sqlite_stat1" || object.name == "sqlite_stat4");
}

std::string quotedIdentifier(const std::string &name)
{
    std::string quoted = "\"";
    for (const char c : name) {
        quoted += c;
        if (c == '"')
            quoted += '"';
    }
    return quoted + '"';
}

std::vector<SchemaObject> readSchema(Database &db)
{
    std::vector<SchemaObject> objects;
    auto rows = db.prepare("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema ORDER BY rowid");
    while (rows.step())
        objects.push_back({rows.text(0), rows.text(1), rows.text(2), rows.text(3)});
    return objects;
}

bool sameDefinition(const SchemaObject &found, const SchemaObject &expected)
{
    if (found.type != expected.type || found.table != expected.table)
        return false;
    const auto have = normalizedSql(found.sql);
    const auto want = normalizedSql(expected.sql);
    if (have == want)
        return true;
    for (const auto &variant : formerSchemaVariants()) {
        if (variant.name != found.name)
            continue;
        auto former = want;
        const auto at = former.find(variant.current);
        if (at != std::string::npos
            && have == former.replace(at, std::string_view(variant.current).size(), variant.former))
            return true;
    }
    return false;
}

std::string describe(const SchemaObject &object)
{
    auto text = "the " + object.type + " '" + object.name + "'";
    if (object.type == "index" || object.type == "trigger")
        text += " on " + object.table;
    return text;
}

} // namespace

std::string normalizedSql(const std::string &sql)
{
    std::string out;
    out.reserve(sql.size());
    bool pendingSpace = false;
    for (size_t i = 0; i < sql.size();) {
        const char c = sql[i];
        if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            i = sql.find('\n', i);
            i = i == std::string::npos ? sql.size() : i;
            pendingSpace = true;
            continue;
        }
        if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
            const auto end = sql.find("*/", i + 2);
            i = end == std::string::npos ? sql.size() : end + 2;
            pendingSpace = true;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            pendingSpace = true;
            ++i;
            continue;
        }
        if (pendingSpace && !out.empty())
            out += ' ';
        pendingSpace = false;
        if (c == '\'' || c == '"' || c == '`' || c == '[') {
            // A quoted name or string is copied as it is, doubled quotes included.
            const char close = c == '[' ? ']' : c;
            size_t end = i + 1;
            while (end < sql.size()) {
                if (sql[end] == close) {
                    if (close != ']' && end + 1 < sql.size() && sql[end + 1] == close) {
                        end += 2;
                        continue;
                    }
                    break;
                }
                ++end;
            }
            end = std::min(end + 1, sql.size());
            out.append(sql, i, end - i);
            i = end;
            continue;
        }
        out += c;
        ++i;
    }
    return out;
}

std::vector<SchemaFinding> checkSchema(Database &db, int version)
{
    const auto &expected = expectedSchema(version);
    std::map<std::string, const SchemaObject *> expectedByName;
    for (const auto &object : expected)
        expectedByName.emplace(object.name, &object);

    std::vector<SchemaFinding> findings;
    std::map<std::string, bool> seen;
    for (const auto &object : readSchema(db)) {
        seen[object.name] = true;
        const auto wanted = expectedByName.find(object.name);
        if (wanted == expectedByName.end()) {
            if (!isStatisticsTable(object))
                findings.push_back({SchemaFinding::Kind::Foreign, object});
        } else if (!sameDefinition(object, *wanted->second)) {
            findings.push_back({SchemaFinding::Kind::Altered, object});
        }
    }
    for (const auto &object : expected)
        if (!seen.contains(object.name))
            findings.push_back({SchemaFinding::Kind::Missing, object});
    return findings;
}

std::vector<std::string> describeSchemaFindings(const std::vector<SchemaFinding> &findings)
{
    std::vector<std::string> lines;
    for (const auto &finding : findings) {
        std::string text;
        switch (finding.kind) {
        case SchemaFinding::Kind::Foreign: text += describe(finding.object) + ", which Glossa does not create"; break;
        case SchemaFinding::Kind::Altered:
            text += describe(finding.object) + ", whose definition is not Glossa's";
            break;
        case SchemaFinding::Kind::Missing: text += describe(finding.object) + ", which is missing"; break;
        }
        lines.push_back(std::move(text));
    }
    return lines;
}

bool canRepairSchema(const std::vector<SchemaFinding> &findings)
{
    return std::none_of(findings.begin(), findings.end(), [](const SchemaFinding &finding) {
        return finding.kind != SchemaFinding::Kind::Foreign && finding.object.type == "table";
    });
}

std::vector<std::string> repairSchema(Database &db, int version, const std::vector<SchemaFinding> &findings)
{
    if (!canRepairSchema(findings))
        throw Error(db.file().string()
                    + ": a table of the project is altered or missing, which cannot be repaired without losing data. "
                      "Open a backup copy, or export the datasets (glossa-cli export) into a new project.");
    Transaction transaction(db);
    std::vector<std::string> done;
    // Triggers and views first: they may name a foreign table, which goes after them.
    auto rank = [](const SchemaFinding &finding) {
        const auto &type = finding.object.type;
        return type == "trigger" ? 0 : type == "view" ? 1 : type == "index" ? 2 : 3;
    };
    auto ordered = findings;
    std::stable_sort(ordered.begin(), ordered.end(),
                     [&](const SchemaFinding &a, const SchemaFinding &b) { return rank(a) < rank(b); });
    for (const auto &finding : ordered) {
        if (finding.kind == SchemaFinding::Kind::Missing)
            continue;
        // A foreign table's own indexes and triggers went with it.
        const bool stillThere = [&] {
            // Finished before the DROP: an active statement keeps the schema locked.
            auto exists = db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = ?1");
            exists.bind(1, finding.object.name);
            return exists.step() && exists.int64(0) > 0;
        }();
        if (!stillThere)
            continue;
        db.exec("DROP " + finding.object.type + " " + quotedIdentifier(finding.object.name));
        done.push_back("dropped " + describe(finding.object));
    }
    // Glossa's own definitions back, in the order the migrations create them.
    for (const auto &object : expectedSchema(version)) {
        const bool wanted = std::any_of(findings.begin(), findings.end(), [&](const SchemaFinding &finding) {
            return finding.kind != SchemaFinding::Kind::Foreign && finding.object.name == object.name;
        });
        if (!wanted || object.sql.empty())
            continue;
        db.exec(object.sql);
        done.push_back("recreated " + describe(object));
    }
    transaction.commit();
    return done;
}

} // namespace glossa::core::store
