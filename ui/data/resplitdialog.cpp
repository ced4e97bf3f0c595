#include "ui/data/resplitdialog.h"

#include "ui/session/qtcore.h"

#include "ui/session/projectsession.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace glossa::ui {

namespace {

QSpinBox *percentBox(int value, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setRange(0, 100);
    box->setSuffix(QStringLiteral(" %"));
    box->setValue(value);
    return box;
}

QTableWidget *countTable(const QString &name, QWidget *parent)
{
    auto *table = new QTableWidget(parent);
    table->setObjectName(name);
    table->setColumnCount(3);
    table->setHorizontalHeaderLabels({ResplitDialog::tr("Train"), ResplitDialog::tr("Dev"), ResplitDialog::tr("Test")});
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return table;
}

void fillCounts(QTableWidget *table, const std::map<std::string, std::array<std::int64_t, 3>> &counts,
                const QString &empty)
{
    table->setRowCount(static_cast<int>(counts.size()));
    QStringList rows;
    int row = 0;
    const QLocale locale;
    for (const auto &[key, perSplit] : counts) {
        rows << (key.empty() ? empty : fromUtf8(key));
        for (int split = 0; split < 3; ++split) {
            auto *item =
                new QTableWidgetItem(locale.toString(static_cast<qint64>(perSplit[static_cast<size_t>(split)])));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            // A language or label a split lacks entirely is worth seeing.
            if (perSplit[static_cast<size_t>(split)] == 0)
                item->setForeground(QColor(0xb0, 0x00, 0x20));
            table->setItem(row, split, item);
        }
        ++row;
    }
    table->setVerticalHeaderLabels(rows);
}

} // namespace

ResplitDialog::ResplitDialog(ProjectSession *session, const QString &dataset, qint64 datasetId, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_dataset(dataset)
    , m_datasetId(datasetId)
    , m_train(percentBox(80, this))
    , m_dev(percentBox(10, this))
    , m_test(percentBox(10, this))
    , m_seed(new QSpinBox(this))
    , m_byGroup(new QCheckBox(tr("Keep each group's rows (the translations of one item) in one split"), this))
    , m_summary(new QLabel(this))
    , m_languages(countTable(QStringLiteral("resplitLanguages"), this))
    , m_labels(countTable(QStringLiteral("resplitLabels"), this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_debounce(new QTimer(this))
{
    setObjectName(QStringLiteral("resplitDialog"));
    setWindowTitle(tr("Re-split %1").arg(dataset));
    m_train->setObjectName(QStringLiteral("resplitTrain"));
    m_dev->setObjectName(QStringLiteral("resplitDev"));
    m_test->setObjectName(QStringLiteral("resplitTest"));
    m_seed->setObjectName(QStringLiteral("resplitSeed"));
    m_seed->setRange(0, 2147483647);
    m_seed->setValue(13);
    m_byGroup->setObjectName(QStringLiteral("resplitByGroup"));
    m_byGroup->setChecked(true);
    m_summary->setObjectName(QStringLiteral("resplitSummary"));
    m_summary->setWordWrap(true);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Re-split"));
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(150);

    auto *ratios = new QHBoxLayout;
    for (auto [label, box] : {std::pair{tr("Train"), m_train}, {tr("Dev"), m_dev}, {tr("Test"), m_test}}) {
        auto *caption = new QLabel(label, this);
        caption->setBuddy(box);
        ratios->addWidget(caption);
        ratios->addWidget(box);
    }
    ratios->addStretch(1);
    auto *form = new QFormLayout;
    form->addRow(tr("Shares"), ratios);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(QString(), m_byGroup);
    auto *intro = new QLabel(tr("Every row is given a split again, stratified by label × language; splits the file "
                                "gave are replaced too. Runs keep the snapshot they trained on, and Data ▸ Undo "
                                "Re-split puts these splits back."),
                             this);
    intro->setWordWrap(true);
    auto *tables = new QHBoxLayout;
    for (auto [title, table] : {std::pair{tr("Rows per language"), m_languages}, {tr("Rows per label"), m_labels}}) {
        auto *column = new QVBoxLayout;
        column->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(title), this));
        column->addWidget(table, 1);
        tables->addLayout(column, 1);
    }
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addLayout(tables, 1);
    layout->addWidget(m_buttons);
    resize(760, 560);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &ResplitDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ResplitDialog::reject);
    connect(m_debounce, &QTimer::timeout, this, &ResplitDialog::requestPreview);
    for (auto *box : {m_train, m_dev, m_test, m_seed})
        connect(box, &QSpinBox::valueChanged, this, &ResplitDialog::schedulePreview);
    connect(m_byGroup, &QCheckBox::toggled, this, &ResplitDialog::schedulePreview);
    schedulePreview();
}

core::data::ResplitOptions ResplitDialog::options() const
{
    core::data::ResplitOptions options;
    options.seed = static_cast<std::uint64_t>(m_seed->value());
    options.ratios = {m_train->value(), m_dev->value(), m_test->value()};
    options.byGroup = m_byGroup->isChecked();
    return options;
}

void ResplitDialog::schedulePreview()
{
    ++m_generation;
    const auto ratios = options().ratios;
    const bool valid = ratios.train + ratios.dev + ratios.test == 100;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    if (!valid) {
        m_summary->setText(
            tr("The shares add up to %1%; they must add up to 100%.").arg(ratios.train + ratios.dev + ratios.test));
        return;
    }
    m_summary->setText(tr("Counting…"));
    m_debounce->start();
}

void ResplitDialog::requestPreview()
{
    const auto generation = m_generation;
    whenDone(
        m_session->planResplit(m_datasetId, options()), this,
        [this, generation](const core::data::ResplitPlan &plan) {
            if (generation == m_generation)
                showPreview(plan);
        },
        [this, generation](const QString &message) {
            if (generation == m_generation)
                showError(message);
        });
}

void ResplitDialog::showPreview(const core::data::ResplitPlan &plan)
{
    m_preview = plan;
    const QLocale locale;
    const auto &after = plan.after.total;
    m_summary->setText(
        tr("%1 rows: %2 train, %3 dev, %4 test; %5 change split. Groups with rows in more than one split: %6 now, "
           "%7 after.")
            .arg(locale.toString(plan.rows), locale.toString(static_cast<qint64>(after[0])),
                 locale.toString(static_cast<qint64>(after[1])), locale.toString(static_cast<qint64>(after[2])),
                 locale.toString(plan.changed), locale.toString(plan.before.groupsAcrossSplits),
                 locale.toString(plan.after.groupsAcrossSplits)));
    fillCounts(m_languages, plan.after.perLanguage, tr("(no language)"));
    fillCounts(m_labels, plan.after.perLabel, tr("(unlabelled)"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_applying && plan.rows > 0);
    Q_EMIT previewShown();
}

void ResplitDialog::showError(const QString &message)
{
    m_summary->setText(QStringLiteral("<span style='color:#b00020'>%1</span>").arg(message.toHtmlEscaped()));
    m_buttons->setEnabled(true);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    m_applying = false;
    Q_EMIT failed(message);
}

void ResplitDialog::accept()
{
    if (m_applying || m_preview.rows == 0)
        return;
    m_applying = true;
    m_buttons->setEnabled(false); // it runs to the end once started: one transaction
    m_summary->setText(tr("Re-splitting…"));
    whenDone(
        m_session->applyResplit(m_datasetId, options()), this,
        [this](const core::data::ResplitPlan &applied) {
            Q_EMIT resplit(m_dataset, applied.changed);
            QDialog::accept();
        },
        [this](const QString &message) { showError(message); });
}

} // namespace glossa::ui
