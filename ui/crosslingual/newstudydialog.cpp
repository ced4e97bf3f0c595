#include "ui/crosslingual/newstudydialog.h"

#include "ui/widgets/languagename.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace glossa::ui {

namespace {

enum Column { LanguageColumn, TrainColumn, DevColumn, TestColumn };

} // namespace

NewStudyDialog::NewStudyDialog(const QList<TransferLanguageCount> &languages, const QString &settingsText,
                               QWidget *parent)
    : QDialog(parent)
    , m_languages(new QTreeWidget(this))
    , m_summary(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("New transfer study"));
    auto *intro = new QLabel(
        tr("A transfer study trains one run per language on that language's labels alone, picks each run's "
           "checkpoint on the same language's dev rows, and tests every run on every language. One more run "
           "learns from all the chosen languages together."),
        this);
    intro->setWordWrap(true);
    auto *settings = new QLabel(settingsText, this);
    settings->setWordWrap(true);
    m_languages->setObjectName(QStringLiteral("studyLanguages"));
    m_languages->setRootIsDecorated(false);
    m_languages->setHeaderLabels({tr("Language"), tr("Train"), tr("Dev"), tr("Test")});
    m_languages->header()->setSectionResizeMode(LanguageColumn, QHeaderView::Stretch);
    const QLocale locale;
    for (const auto &count : languages) {
        auto *item = new QTreeWidgetItem(m_languages);
        item->setText(LanguageColumn, languageNameWithCode(count.language));
        item->setData(LanguageColumn, Qt::UserRole, count.language);
        item->setText(TrainColumn, locale.toString(count.train));
        item->setText(DevColumn, locale.toString(count.dev));
        item->setText(TestColumn, locale.toString(count.test));
        for (int column = TrainColumn; column <= TestColumn; ++column)
            item->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
        const bool usable = count.train > 0 && count.test > 0;
        if (usable) {
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(LanguageColumn, Qt::Checked);
        } else {
            item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
            item->setToolTip(LanguageColumn, tr("No labelled training or test rows: it can be neither a source "
                                                "nor a target."));
        }
        if (count.dev < 10 && usable)
            item->setToolTip(DevColumn, tr("Fewer than 10 dev rows: held-out training rows of this language "
                                           "pick its run's checkpoint."));
    }
    m_languages->setMinimumHeight(260);
    m_summary->setWordWrap(true);
    connect(m_languages, &QTreeWidget::itemChanged, this, &NewStudyDialog::updateSummary);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Start study"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_languages, 1);
    layout->addWidget(settings);
    layout->addWidget(m_summary);
    layout->addWidget(m_buttons);
    resize(560, 520);
    updateSummary();
}

QStringList NewStudyDialog::chosenLanguages() const
{
    QStringList chosen;
    for (int i = 0; i < m_languages->topLevelItemCount(); ++i) {
        const auto *item = m_languages->topLevelItem(i);
        if (item->checkState(LanguageColumn) == Qt::Checked && (item->flags() & Qt::ItemIsEnabled))
            chosen.append(item->data(LanguageColumn, Qt::UserRole).toString());
    }
    return chosen;
}

void NewStudyDialog::setChosenLanguages(const QStringList &languages)
{
    for (int i = 0; i < m_languages->topLevelItemCount(); ++i) {
        auto *item = m_languages->topLevelItem(i);
        if (item->flags() & Qt::ItemIsEnabled)
            item->setCheckState(LanguageColumn, languages.contains(item->data(LanguageColumn, Qt::UserRole).toString())
                                                    ? Qt::Checked
                                                    : Qt::Unchecked);
    }
}

void NewStudyDialog::updateSummary()
{
    const auto count = chosenLanguages().size();
    const bool enough = count >= 2;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(enough);
    m_summary->setText(enough ? tr("%n runs: one per language, and one on all of them.", nullptr,
                                   static_cast<int>(count + 1))
                              : tr("Choose two or more languages."));
}

} // namespace glossa::ui
