#include "ui/data/labelactions.h"

#include "ui/session/projectsession.h"
#include "ui/widgets/editfailure.h"
#include "ui/widgets/icons.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>

#include <utility>

namespace glossa::ui {

namespace {

QStringList labelNames(const DatasetSummary &dataset)
{
    QStringList names;
    for (const auto &label : dataset.labelSet)
        names.append(label.name);
    return names;
}

void fillLabels(QComboBox *combo, const DatasetSummary &dataset)
{
    const QLocale locale;
    for (const auto &label : dataset.labelSet)
        combo->addItem(LabelActions::tr("%1  (%2)").arg(label.name, locale.toString(label.examples)), label.id);
}

} // namespace

LabelActions::LabelActions(ProjectSession *session, std::function<DatasetSummary()> currentDataset, QWidget *parent)
    : QObject(parent)
    , m_session(session)
    , m_currentDataset(std::move(currentDataset))
    , m_menu(new QMenu(tr("&Labels"), parent))
{
    m_menu->setIcon(themedIcon(QStringLiteral("tag")));
    m_menu->addAction(themedIcon(QStringLiteral("list-add")), tr("&Add Label…"), this, &LabelActions::addLabel);
    m_menu->addAction(themedIcon(QStringLiteral("tag-edit")), tr("&Rename Label…"), this, &LabelActions::renameLabel);
    m_menu->addAction(tr("&Merge Labels…"), this, &LabelActions::mergeLabels);
}

QWidget *LabelActions::parentWidget() const
{
    return qobject_cast<QWidget *>(parent());
}

void LabelActions::addLabel()
{
    const auto dataset = m_currentDataset();
    if (dataset.id <= 0)
        return;
    bool ok = false;
    const QString name =
        QInputDialog::getText(parentWidget(), tr("Add Label"),
                              tr("New label for %1 (key %2):").arg(dataset.name).arg(dataset.labelSet.size() + 1),
                              QLineEdit::Normal, QString(), &ok)
            .trimmed();
    if (!ok || name.isEmpty())
        return;
    if (labelNames(dataset).contains(name)) {
        QMessageBox::information(parentWidget(), tr("Add Label"),
                                 tr("%1 already has a label named %2.").arg(dataset.name, name));
        return;
    }
    reportFailure(m_session->addLabel(dataset.id, name));
}

void LabelActions::renameLabel()
{
    const auto dataset = m_currentDataset();
    if (dataset.id <= 0 || dataset.labelSet.isEmpty())
        return;
    QDialog dialog(parentWidget());
    dialog.setWindowTitle(tr("Rename Label"));
    auto *label = new QComboBox(&dialog);
    fillLabels(label, dataset);
    auto *name = new QLineEdit(&dialog);
    name->setText(dataset.labelSet.first().name);
    QObject::connect(label, &QComboBox::currentIndexChanged, &dialog,
                     [&](int index) { name->setText(dataset.labelSet.value(index).name); });
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *form = new QFormLayout(&dialog);
    form->addRow(tr("Label:"), label);
    form->addRow(tr("New name:"), name);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString newName = name->text().trimmed();
    if (newName.isEmpty() || newName == label->currentText())
        return;
    reportFailure(m_session->renameLabel(dataset.id, label->currentData().toLongLong(), newName));
}

void LabelActions::mergeLabels()
{
    const auto dataset = m_currentDataset();
    if (dataset.id <= 0 || dataset.labelSet.size() < 2)
        return;
    QDialog dialog(parentWidget());
    dialog.setWindowTitle(tr("Merge Labels"));
    auto *from = new QComboBox(&dialog);
    auto *into = new QComboBox(&dialog);
    fillLabels(from, dataset);
    fillLabels(into, dataset);
    into->setCurrentIndex(1);
    auto *note = new QLabel(tr("Every example with the first label is relabelled with the second, and the first label "
                               "is removed from the label set. Edit ▸ Undo reverses the merge."),
                            &dialog);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *form = new QFormLayout(&dialog);
    form->addRow(tr("Merge:"), from);
    form->addRow(tr("Into:"), into);
    form->addRow(note);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted || from->currentIndex() == into->currentIndex())
        return;
    reportFailure(
        m_session->mergeLabels(dataset.id, from->currentData().toLongLong(), into->currentData().toLongLong()));
}

void LabelActions::reportFailure(QFuture<void> edit)
{
    whenDone(
        std::move(edit), this, [] {}, [this](const QString &message) { showEditFailure(parentWidget(), message); });
}

} // namespace glossa::ui
