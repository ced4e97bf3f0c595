#include "ui/shell/startpage.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace glossa::ui {

StartPage::StartPage(QWidget *parent)
    : QWidget(parent)
    , m_message(new QLabel(this))
    , m_recent(new QListWidget(this))
{
    auto *title = new QLabel(tr("Glossa"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2.0);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto *subtitle = new QLabel(tr("Label, train and inspect multilingual text classifiers."), this);

    m_message->setObjectName(QStringLiteral("startMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto *newButton = new QPushButton(QIcon::fromTheme(QStringLiteral("document-new")), tr("New Project…"), this);
    auto *openButton = new QPushButton(QIcon::fromTheme(QStringLiteral("document-open")), tr("Open Project…"), this);
    auto *demoButton = new QPushButton(tr("Open the Demo Project"), this);
    demoButton->setObjectName(QStringLiteral("demoButton"));
    connect(newButton, &QPushButton::clicked, this, &StartPage::newProjectRequested);
    connect(openButton, &QPushButton::clicked, this, &StartPage::openProjectRequested);
    connect(demoButton, &QPushButton::clicked, this, &StartPage::demoProjectRequested);

    m_recent->setObjectName(QStringLiteral("recentList"));
    connect(m_recent, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { Q_EMIT recentProjectRequested(item->data(Qt::UserRole).toString()); });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(newButton);
    buttons->addWidget(openButton);
    buttons->addWidget(demoButton);
    buttons->addStretch(1);

    auto *column = new QVBoxLayout;
    column->addWidget(title);
    column->addWidget(subtitle);
    column->addSpacing(12);
    column->addWidget(m_message);
    column->addLayout(buttons);
    column->addSpacing(12);
    column->addWidget(new QLabel(tr("Recent projects"), this));
    column->addWidget(m_recent, 1);

    auto *outer = new QHBoxLayout(this);
    outer->addStretch(1);
    outer->addLayout(column, 3);
    outer->addStretch(1);
}

void StartPage::setRecentProjects(const QStringList &paths)
{
    m_recent->clear();
    for (const auto &path : paths) {
        auto *item = new QListWidgetItem(tr("%1 — %2").arg(QFileInfo(path).fileName(), QFileInfo(path).absolutePath()));
        item->setData(Qt::UserRole, path);
        item->setToolTip(path);
        m_recent->addItem(item);
    }
}

void StartPage::setMessage(const QString &message)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

} // namespace glossa::ui
