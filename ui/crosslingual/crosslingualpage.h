#pragma once

#include <QWidget>

#include <functional>

class QComboBox;
class QTabWidget;

namespace glossa::ui {

class ProjectSession;
class RetrievalPanel;
class TransferPanel;

// The Cross-lingual tab: for a dataset in many languages, how labels in one language carry
// over to another (TransferPanel: the transfer matrix and which language to label next) and
// whether the model's representations find a text's translation (RetrievalPanel: P@1 and MRR
// per language pair, and "Find translation").
class CrossLingualPage : public QWidget
{
    Q_OBJECT

public:
    explicit CrossLingualPage(ProjectSession *session, QWidget *parent = nullptr);

    QString dataset() const;
    void setDataset(const QString &name);
    // The settings a new study's runs share (the Train tab's).
    void setSettingsSource(std::function<QString()> currentConfigJson);
    TransferPanel *transfer() const { return m_transfer; }
    RetrievalPanel *retrieval() const { return m_retrieval; }
    QTabWidget *sections() const { return m_sections; }

Q_SIGNALS:
    void evaluationRequested(qint64 runId, const QString &language);
    void statusMessage(const QString &message);

private:
    void showDatasets();
    void datasetChosen();

    ProjectSession *m_session;
    QComboBox *m_datasetBox;
    QTabWidget *m_sections;
    TransferPanel *m_transfer;
    RetrievalPanel *m_retrieval;
};

} // namespace glossa::ui
