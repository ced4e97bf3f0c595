#include "ui/crosslingual/crosslingualpage.h"

#include "ui/crosslingual/retrievalpanel.h"
#include "ui/crosslingual/transferpanel.h"
#include "ui/session/projectsession.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QTabWidget>
#include <QVBoxLayout>

namespace glossa::ui {

CrossLingualPage::CrossLingualPage(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_datasetBox(new QComboBox(this))
    , m_sections(new QTabWidget(this))
    , m_transfer(new TransferPanel(session, this))
    , m_retrieval(new RetrievalPanel(session, this))
{
    m_datasetBox->setObjectName(QStringLiteral("crossLingualDataset"));
    m_sections->addTab(m_transfer, tr("Transfer across languages"));
    m_sections->addTab(m_retrieval, tr("Translation retrieval"));
    m_sections->setDocumentMode(true);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Dataset:"), this));
    top->addWidget(m_datasetBox);
    top->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_sections, 1);

    connect(m_session, &ProjectSession::projectOpened, this, &CrossLingualPage::showDatasets);
    connect(m_session, &ProjectSession::overviewChanged, this, &CrossLingualPage::showDatasets);
    connect(m_datasetBox, &QComboBox::currentIndexChanged, this, &CrossLingualPage::datasetChosen);
    connect(m_transfer, &TransferPanel::evaluationRequested, this, &CrossLingualPage::evaluationRequested);
    connect(m_transfer, &TransferPanel::statusMessage, this, &CrossLingualPage::statusMessage);
}

QString CrossLingualPage::dataset() const
{
    return m_datasetBox->currentText();
}

void CrossLingualPage::setDataset(const QString &name)
{
    const int index = m_datasetBox->findText(name);
    if (index >= 0)
        m_datasetBox->setCurrentIndex(index);
}

void CrossLingualPage::setSettingsSource(std::function<QString()> currentConfigJson)
{
    m_transfer->setSettingsSource(std::move(currentConfigJson));
}

void CrossLingualPage::showDatasets()
{
    const QString current = dataset();
    {
        const QSignalBlocker blocker(m_datasetBox);
        m_datasetBox->clear();
        for (const auto &summary : m_session->overview().datasets)
            m_datasetBox->addItem(summary.name, summary.id);
        const int index = m_datasetBox->findText(current);
        m_datasetBox->setCurrentIndex(index >= 0 ? index : 0);
    }
    datasetChosen();
}

void CrossLingualPage::datasetChosen()
{
    if (m_datasetBox->currentIndex() < 0)
        return;
    m_transfer->setDataset(m_datasetBox->currentData().toLongLong());
    m_retrieval->setDataset(dataset());
}

} // namespace glossa::ui
