#include "ui/runs/runstablemodel.h"

#include "ui/session/qtcore.h"
#include "ui/widgets/runcolors.h"
#include "ui/widgets/runsettings.h"
#include "ui/widgets/runstatustext.h"

#include "train/configdiff.h"
#include "train/trainconfig.h"

#include <QJsonDocument>
#include <QLocale>

#include <cmath>
#include <exception>

namespace glossa::ui {

RunsTableModel::RunsTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void RunsTableModel::setRuns(const QList<RunRow> &runs)
{
    beginResetModel();
    m_runs = runs;
    m_keySettings = keySettings(runs);
    QSet<qint64> present;
    for (const auto &run : runs)
        present.insert(run.id);
    const auto before = m_overlaid;
    m_overlaid.intersect(present); // a deleted run leaves the charts
    endResetModel();
    if (before != m_overlaid)
        Q_EMIT overlaidChanged(overlaid());
}

const RunRow *RunsTableModel::run(qint64 runId) const
{
    for (const auto &run : m_runs)
        if (run.id == runId)
            return &run;
    return nullptr;
}

QList<qint64> RunsTableModel::overlaid() const
{
    QList<qint64> ids;
    for (const auto &run : m_runs) // in the table's order, newest first
        if (m_overlaid.contains(run.id))
            ids.append(run.id);
    return ids;
}

void RunsTableModel::setOverlaid(qint64 runId, bool on)
{
    if (on == m_overlaid.contains(runId))
        return;
    if (on)
        m_overlaid.insert(runId);
    else
        m_overlaid.remove(runId);
    for (int row = 0; row < m_runs.size(); ++row)
        if (m_runs[row].id == runId)
            Q_EMIT dataChanged(index(row, Name), index(row, Name), {Qt::CheckStateRole});
    Q_EMIT overlaidChanged(overlaid());
}

int RunsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_runs.size());
}

int RunsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RunsTableModel::durationText(double seconds)
{
    if (seconds < 0)
        return {};
    const auto whole = static_cast<qint64>(std::llround(seconds));
    if (whole < 60)
        return tr("%1 s").arg(seconds < 10 ? QString::number(seconds, 'f', 1) : QString::number(whole));
    if (whole < 3600)
        return tr("%1 min %2 s").arg(whole / 60).arg(whole % 60);
    return tr("%1 h %2 min").arg(whole / 3600).arg((whole % 3600) / 60);
}

// What tells the listed runs apart, like TensorBoard's hyperparameter table: the settings that
// differ from the defaults in one of them or between them (early stopping included).
QStringList RunsTableModel::keySettings(const QList<RunRow> &runs)
{
    std::vector<core::train::TrainConfig> configs;
    configs.reserve(static_cast<std::size_t>(runs.size()));
    for (const auto &run : runs) {
        try {
            configs.push_back(core::train::TrainConfig::fromJsonString(toUtf8(run.configJson)));
        } catch (const std::exception &) {
            configs.emplace_back(); // settings this version cannot read: listed as the defaults
        }
    }
    QStringList texts;
    std::size_t index = 0;
    for (const auto &settings : core::train::distinguishingSettings(configs)) {
        const auto &config = configs[index++];
        QStringList parts;
        for (const auto &setting : settings) {
            // A learning rate of 0 is the model's default: say which.
            if (setting.key == "optimizer.learning_rate" && config.real(setting.key) <= 0)
                parts << tr("%1=auto (%2)")
                             .arg(fromUtf8(setting.key), QString::number(config.effectiveLearningRate(), 'g', 6));
            else
                parts << QStringLiteral("%1=%2").arg(fromUtf8(setting.key), fromUtf8(setting.value));
        }
        texts << (parts.isEmpty() ? tr("defaults") : parts.join(QStringLiteral(" · ")));
    }
    return texts;
}

// The settings that differ from the defaults first, then the rest: what an analyst changed is
// what tells a run apart.
QString RunsTableModel::settingsText(const QString &configJson, const QString &device,
                                     const RunTrainingSummary *training)
{
    const auto lines = runSettingLines(configJson, training, device);
    if (lines.isEmpty())
        return QString::fromUtf8(QJsonDocument::fromJson(configJson.toUtf8()).toJson(QJsonDocument::Indented));
    QStringList changed;
    QStringList unchanged;
    for (const auto &line : lines) {
        const QString text = line.note.isEmpty() ? QStringLiteral("%1 = %2").arg(line.key, line.value)
                                                 : tr("%1 = %2 (%3)").arg(line.key, line.value, line.note);
        (line.changed ? changed : unchanged).append(text);
    }
    QString text;
    if (!changed.isEmpty())
        text += tr("Changed from the defaults:") + QLatin1Char('\n') + changed.join(QLatin1Char('\n'))
                + QStringLiteral("\n\n");
    text += tr("Defaults:") + QLatin1Char('\n') + unchanged.join(QLatin1Char('\n'));
    return text;
}

QVariant RunsTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_runs.size())
        return {};
    const auto &run = m_runs[index.row()];
    const auto column = static_cast<Column>(index.column());
    if (role == RunIdRole)
        return run.id;
    if (role == Qt::CheckStateRole && column == Name)
        return m_overlaid.contains(run.id) ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::DecorationRole && column == Name)
        return runColor(run.id);
    if (role == Qt::ToolTipRole) {
        if (column == Name)
            return tr("Tick to draw this run's curves beside the selected run's.");
        if (column == Status && !run.errorMessage.isEmpty())
            return run.errorMessage;
        if (column == Dataset && !run.snapshotHash.isEmpty())
            return tr("Labels as they were in snapshot %1").arg(run.snapshotHash);
        if (column == Notes)
            return run.notes;
        if (column == Study && !run.study.isEmpty())
            return run.studySource == QLatin1String("all")
                       ? tr("Trained on every language of transfer study %1; the Cross-lingual tab shows its matrix")
                             .arg(run.study)
                       : tr("Trained on %1 alone in transfer study %2; the Cross-lingual tab shows its matrix")
                             .arg(run.studySource, run.study);
        if (column == Test && run.testExamples > 0)
            return QString((run.testEvaluation == QLatin1String("cross-validation")
                                ? tr("Cross-validated over n = %1 labelled examples (the splits were too small)")
                                : tr("On the test split, n = %1"))
                               .arg(QLocale().toString(run.testExamples))
                           + QLatin1Char('\n') + tr("[low, high]: the 95% bootstrap interval"));
        if (column == Model)
            return tr("What differs from the defaults or between the listed runs:\n%1")
                .arg(m_keySettings.value(index.row()).replace(QStringLiteral(" · "), QStringLiteral("\n")));
        return {};
    }
    if (role == Qt::TextAlignmentRole && (column == BestDev || column == Test || column == Duration))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    auto score = [](double value) { return value < 0 ? QString() : QString::number(value, 'f', 4); };
    if (role == Qt::DisplayRole) {
        switch (column) {
        case Name: return run.name;
        case Status: return runStatusText(run.status);
        case Started:
            return QLocale().toString(run.startedAt.isValid() ? run.startedAt : run.createdAt, QLocale::ShortFormat);
        case Duration: return durationText(run.durationSeconds);
        case Dataset:
            return run.snapshotHash.isEmpty() ? run.dataset : tr("%1 @ %2").arg(run.dataset, run.snapshotHash.left(8));
        case Study:
            return run.study.isEmpty() ? QString()
                                       : tr("%1 · %2").arg(run.study, run.studySource == QLatin1String("all")
                                                                          ? tr("all languages")
                                                                          : run.studySource);
        case Model: return m_keySettings.value(index.row());
        case BestDev: return score(run.bestDevMacroF1);
        case Test:
            return run.testLow <= run.testHigh && run.testMacroF1 >= 0
                       ? QStringLiteral("%1 [%2, %3]")
                             .arg(QString::number(run.testMacroF1, 'f', 3), QString::number(run.testLow, 'f', 2),
                                  QString::number(run.testHigh, 'f', 2))
                       : score(run.testMacroF1);
        case Notes: return run.notes.section(QLatin1Char('\n'), 0, 0);
        case ColumnCount: break;
        }
    }
    if (role == SortRole) {
        switch (column) {
        case Started: return (run.startedAt.isValid() ? run.startedAt : run.createdAt).toMSecsSinceEpoch();
        case Duration: return run.durationSeconds;
        case BestDev: return run.bestDevMacroF1;
        case Test: return run.testMacroF1;
        default: return data(index, Qt::DisplayRole);
        }
    }
    return {};
}

bool RunsTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.column() != Name || role != Qt::CheckStateRole)
        return false;
    setOverlaid(m_runs[index.row()].id, value.value<Qt::CheckState>() == Qt::Checked);
    return true;
}

Qt::ItemFlags RunsTableModel::flags(const QModelIndex &index) const
{
    auto flags = QAbstractTableModel::flags(index);
    if (index.column() == Name)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

QVariant RunsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (static_cast<Column>(section)) {
    case Name: return tr("Run");
    case Status: return tr("Status");
    case Started: return tr("Started");
    case Duration: return tr("Duration");
    case Dataset: return tr("Dataset @ snapshot");
    case Study: return tr("Study");
    case Model: return tr("Key settings");
    case BestDev: return tr("Best dev macro-F1");
    case Test: return tr("Test macro-F1");
    case Notes: return tr("Notes");
    case ColumnCount: break;
    }
    return {};
}

} // namespace glossa::ui
