#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace glossa::ui {

// What the UI shows of a project, read on the project thread and handed over by value, so
// no widget ever waits on the database.
struct LabelLanguageCount
{
    QString label; // empty: unlabelled
    QString lang;
    qint64 count = 0;
};

struct DatasetSummary
{
    QString name;
    qint64 examples = 0;
    qint64 labelled = 0;
    qint64 languages = 0;
    qint64 labels = 0;
    qint64 train = 0;
    qint64 dev = 0;
    qint64 test = 0;
    QList<LabelLanguageCount> counts;
};

struct RunSummary
{
    qint64 id = 0;
    QString name;
    QString dataset;
    QString status;
};

struct ProjectOverview
{
    QString filePath;
    int schemaVersion = 0;
    QList<DatasetSummary> datasets;
    QList<RunSummary> runs;
};

} // namespace glossa::ui

Q_DECLARE_METATYPE(glossa::ui::ProjectOverview)
