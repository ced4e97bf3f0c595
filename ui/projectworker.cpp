#include "projectworker.h"

#include "data/demoproject.h"
#include "store/datasetstore.h"
#include "store/project.h"
#include "store/runstore.h"
#include "util/error.h"

#include <QHash>

namespace glossa::ui {

namespace {

QString fromUtf8(const std::string &text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace

ProjectWorker::ProjectWorker() = default;
ProjectWorker::~ProjectWorker() = default;

void ProjectWorker::open(const QString &filePath, OpenMode mode)
{
    // The new project is built aside and only replaces the open one when it opened: a file
    // that fails to open leaves the current project (and what the window shows) as it was.
    std::unique_ptr<core::store::Project> project;
    try {
        const std::filesystem::path path = filePath.toStdString();
        const bool exists = std::filesystem::exists(path);
        if (mode == OpenMode::Existing || (mode == OpenMode::Demo && exists)) {
            Q_EMIT busy(tr("Opening %1…").arg(filePath));
            project = std::make_unique<core::store::Project>(core::store::Project::open(path));
        } else {
            if (mode == OpenMode::Demo) // in the per-user data folder, which may not exist yet
                std::filesystem::create_directories(path.parent_path());
            Q_EMIT busy(tr("Creating %1…").arg(filePath));
            project = std::make_unique<core::store::Project>(core::store::Project::create(path));
        }
        if (mode == OpenMode::Demo) {
            const auto demoDir = core::data::findDemoDataDir();
            if (!demoDir)
                throw core::Error("the demo data was not found (set GLOSSA_DATA_DIR to the folder that holds demo/)");
            Q_EMIT busy(tr("Importing the demo dataset…"));
            core::data::importDemoData(project->db(), *demoDir);
        }
        auto overview = readOverview(*project);
        m_project = std::move(project);
        Q_EMIT opened(overview);
    } catch (const std::exception &e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
    }
}

void ProjectWorker::refresh()
{
    if (!m_project)
        return;
    try {
        Q_EMIT refreshed(readOverview(*m_project));
    } catch (const std::exception &e) {
        Q_EMIT refreshFailed(QString::fromUtf8(e.what()));
    }
}

void ProjectWorker::close()
{
    m_project.reset();
}

ProjectOverview ProjectWorker::readOverview(core::store::Project &project)
{
    ProjectOverview overview;
    overview.filePath = QString::fromStdString(project.file().string());
    overview.schemaVersion = project.schemaVersion();
    core::store::DatasetStore datasets(project.db());
    QHash<qint64, QString> datasetNames;
    for (const auto &info : datasets.datasets()) {
        DatasetSummary summary;
        summary.name = fromUtf8(info.name);
        summary.examples = info.exampleCount;
        summary.labelled = info.labelledCount;
        summary.languages = info.languageCount;
        summary.labels = info.labelCount;
        QHash<QPair<QString, QString>, qint64> byLabelAndLang;
        QList<QPair<QString, QString>> order;
        for (const auto &cell : datasets.stats(info.id)) {
            if (cell.split == "train")
                summary.train += cell.count;
            else if (cell.split == "dev")
                summary.dev += cell.count;
            else
                summary.test += cell.count;
            const QPair key(fromUtf8(cell.label), fromUtf8(cell.lang));
            if (!byLabelAndLang.contains(key))
                order.append(key);
            byLabelAndLang[key] += cell.count;
        }
        for (const auto &key : order)
            summary.counts.append({key.first, key.second, byLabelAndLang.value(key)});
        datasetNames.insert(info.id, summary.name);
        overview.datasets.append(summary);
    }
    core::store::RunStore runs(project.db(), project.artefactDir());
    for (const auto &run : runs.runs())
        overview.runs.append({run.id, fromUtf8(run.name), datasetNames.value(run.datasetId), fromUtf8(run.status)});
    return overview;
}

} // namespace glossa::ui
