#include "ui/session/studiesworker.h"

#include "ui/session/qtcore.h"
#include "ui/session/workerthread.h"

#include "data/snapshot.h"
#include "store/database.h"
#include "store/datasetstore.h"
#include "store/project.h"
#include "store/runstore.h"
#include "store/studystore.h"
#include "train/trainconfig.h"
#include "train/transferstudy.h"
#include "util/error.h"

#include <map>

namespace glossa::ui {

namespace {

QStringList fromUtf8List(const std::vector<std::string> &values)
{
    QStringList list;
    for (const auto &value : values)
        list.append(fromUtf8(value));
    return list;
}

std::vector<std::string> toUtf8List(const QStringList &values)
{
    std::vector<std::string> list;
    for (const auto &value : values)
        list.push_back(toUtf8(value));
    return list;
}

StudyStepData::Action fromCore(core::train::StudyStep::Action action)
{
    using Action = core::train::StudyStep::Action;
    switch (action) {
    case Action::Resume: return StudyStepData::Action::Resume;
    case Action::Busy: return StudyStepData::Action::Busy;
    case Action::Done: return StudyStepData::Action::Done;
    case Action::Train: break;
    }
    return StudyStepData::Action::Train;
}

TransferCellData fromCore(const core::train::TransferCell &cell)
{
    TransferCellData data;
    data.macroF1 = cell.macroF1;
    if (cell.macroF1Interval)
        data.interval = ScoreInterval{cell.macroF1Interval->low, cell.macroF1Interval->high};
    data.accuracy = cell.accuracy;
    data.examples = cell.examples;
    return data;
}

TransferTargetData fromCore(const core::train::TransferTarget &target)
{
    TransferTargetData data;
    data.language = fromUtf8(target.language);
    data.bestSource = target.bestSource ? fromUtf8(*target.bestSource) : QString();
    data.bestTransfer = target.bestTransfer;
    data.own = target.own;
    data.meanTransfer = target.meanTransfer;
    data.gap = target.gap;
    data.gainFromOwn = target.gainFromOwn;
    return data;
}

} // namespace

StudiesWorker::StudiesWorker() = default;
StudiesWorker::~StudiesWorker() = default;

void StudiesWorker::connectTo(const QString &projectFile)
{
    m_db.reset();
    m_db = std::make_unique<core::store::Database>(core::store::Project::connectTo(projectFile.toStdString()));
}

core::store::Database &StudiesWorker::database()
{
    if (!m_db)
        throw RequestFailed{tr("No project is open.")};
    return *m_db;
}

QList<TransferLanguageCount> StudiesWorker::languageCounts(qint64 datasetId)
{
    auto &db = database();
    const auto snapshot = core::data::takeSnapshot(db, core::store::DatasetStore(db).datasetName(datasetId));
    std::map<std::string, TransferLanguageCount> counts;
    for (const auto &row : snapshot.examples) {
        if (row.label < 0)
            continue;
        auto &count = counts[row.lang];
        count.language = fromUtf8(row.lang);
        (row.split == core::data::Split::Train ? count.train
         : row.split == core::data::Split::Dev ? count.dev
                                               : count.test)++;
    }
    QList<TransferLanguageCount> list;
    for (const auto &[language, count] : counts)
        list.append(count);
    std::stable_sort(list.begin(), list.end(), [](const auto &a, const auto &b) {
        return a.train + a.dev + a.test > b.train + b.dev + b.test;
    });
    return list;
}

QList<StudySummary> StudiesWorker::studies(qint64 datasetId)
{
    auto &db = database();
    core::store::StudyStore store(db);
    core::store::RunStore runs(db, {});
    QList<StudySummary> list;
    for (const auto &study : store.studies(datasetId)) {
        StudySummary summary;
        summary.id = study.id;
        summary.name = fromUtf8(study.name);
        summary.languages = fromUtf8List(study.languages);
        summary.sources = static_cast<int>(core::train::transferSources(study.languages).size());
        for (const auto &link : store.runs(study.id))
            if (const auto run = runs.run(link.runId); run && run->status == core::store::RunStatus::Finished)
                ++summary.finishedRuns;
        list.append(summary);
    }
    return list;
}

TransferStudyData StudiesWorker::study(qint64 studyId)
{
    auto &db = database();
    core::store::StudyStore store(db);
    const auto study = store.study(studyId);
    if (!study)
        throw RequestFailed{tr("Study %1 is no longer in the project.").arg(studyId)};
    TransferStudyData data;
    data.id = study->id;
    data.name = fromUtf8(study->name);
    data.datasetId = study->datasetId;
    data.configJson = fromUtf8(study->configJson);
    data.languages = fromUtf8List(study->languages);
    data.sources = fromUtf8List(core::train::transferSources(study->languages));
    core::store::RunStore runs(db, {});
    const auto links = store.runs(studyId);
    for (const auto &source : data.sources) {
        StudySourceState state;
        state.source = source;
        for (const auto &link : links)
            if (fromUtf8(link.source) == source)
                if (const auto run = runs.run(link.runId)) {
                    state.runId = run->id;
                    state.runName = fromUtf8(run->name);
                    state.status = run->status;
                    state.errorMessage = run->errorMessage ? fromUtf8(*run->errorMessage) : QString();
                }
        data.states.append(state);
    }
    const auto matrix = core::train::readTransferMatrix(db, *study);
    for (const auto &[source, runId] : matrix.runs)
        data.runs.insert(fromUtf8(source), runId);
    for (const auto &[source, row] : matrix.cells)
        for (const auto &[target, cell] : row)
            data.cells[fromUtf8(source)].insert(fromUtf8(target), fromCore(cell));
    for (const auto &target : matrix.targets)
        data.targets.append(fromCore(target));
    return data;
}

qint64 StudiesWorker::createTransferStudy(qint64 datasetId, const QStringList &languages, const QString &configJson,
                                          const QString &projectFile)
{
    auto &db = database();
    try {
        auto config = core::train::TrainConfig::fromJsonString(toUtf8(configJson));
        config.reset("eval.source_languages"); // each run sets its own
        config.requireValid();
        const auto snapshot = core::data::takeSnapshot(db, core::store::DatasetStore(db).datasetName(datasetId));
        const auto codes = toUtf8List(languages);
        core::train::requireTransferData(snapshot, codes, toUtf8(projectFile));
        core::store::StudyStore store(db);
        const auto shared = config.toJsonString();
        if (const auto same = store.findSame(datasetId, codes, shared))
            return same->id;
        return store.createTransferStudy(datasetId, store.nextName(), codes, shared);
    } catch (const core::Error &e) {
        throw RequestFailed{fromUtf8(e.what())};
    }
}

QList<StudyStepData> StudiesWorker::steps(qint64 studyId)
{
    auto &db = database();
    core::store::StudyStore store(db);
    const auto study = store.study(studyId);
    if (!study)
        throw RequestFailed{tr("Study %1 is no longer in the project.").arg(studyId)};
    const auto steps = core::train::readStudySteps(db, *study);
    QList<StudyStepData> list;
    for (const auto &step : steps)
        list.append({fromUtf8(step.source), fromCore(step.action), step.runId > 0 ? step.runId : -1});
    return list;
}

} // namespace glossa::ui
