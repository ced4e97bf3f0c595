#include "ui/evaluate/consistencyview.h"

#include "ui/widgets/languagename.h"
#include "ui/widgets/splitname.h"
#include "ui/widgets/titledbox.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace glossa::ui {

namespace {

enum PairColumn { PairLanguages, PairGroups, PairConsistent, PairRate, PairColumns };
enum GroupColumn { GroupName, GroupLabel, GroupGold, GroupText, GroupColumns };

// A number in a table that sorts as a number, shown as the text given.
class NumberItem : public QTableWidgetItem
{
public:
    NumberItem(const QString &text, double value)
        : QTableWidgetItem(text)
    {
        setData(Qt::UserRole, value);
        setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    bool operator<(const QTableWidgetItem &other) const override
    {
        return data(Qt::UserRole).toDouble() < other.data(Qt::UserRole).toDouble();
    }
};

QString rateText(const ConsistencyCountData &count)
{
    return count.groups > 0 ? QString::number(count.rate(), 'f', 3) : QStringLiteral("—");
}

// "German – English" for "de|en".
QString pairName(const QString &key)
{
    const auto codes = key.split(QLatin1Char('|'));
    if (codes.size() != 2)
        return key;
    return QStringLiteral("%1 – %2").arg(languageDisplayName(codes[0]), languageDisplayName(codes[1]));
}

} // namespace

ConsistencyView::ConsistencyView(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_pairs(new QTableWidget(this))
    , m_groups(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("consistencyView"));
    m_summary->setObjectName(QStringLiteral("consistencySummary"));
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_pairs->setObjectName(QStringLiteral("consistencyPairs"));
    m_pairs->setColumnCount(PairColumns);
    m_pairs->setHorizontalHeaderLabels({tr("Language pair"), tr("n"), tr("Consistent"), tr("Rate")});
    m_pairs->horizontalHeaderItem(PairGroups)->setToolTip(tr("Groups with translations in both languages"));
    m_pairs->horizontalHeaderItem(PairConsistent)
        ->setToolTip(tr("Groups whose translations in the two languages "
                        "all get the same label"));
    m_pairs->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_pairs->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_pairs->setWordWrap(false);
    m_pairs->verticalHeader()->hide();
    m_pairs->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_pairs->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_pairs->horizontalHeader()->setSectionResizeMode(PairLanguages, QHeaderView::Stretch);
    m_pairs->setSortingEnabled(true);
    m_groups->setObjectName(QStringLiteral("inconsistentGroups"));
    m_groups->setColumnCount(GroupColumns);
    m_groups->setHeaderLabels({tr("Group"), tr("Predicted"), tr("Gold"), tr("Text")});
    m_groups->setToolTip(tr("Double-click a group (or press Enter) to compare its translations side by side"));
    m_groups->setUniformRowHeights(true);
    m_groups->header()->setSectionResizeMode(QHeaderView::Interactive);

    auto *lists = new QSplitter(Qt::Horizontal, this);
    auto titled = [this](const QString &title, QWidget *body) { return titledBox(title, body, this); };
    lists->addWidget(titled(tr("<b>Per language pair</b> (groups with members in both)"), m_pairs));
    lists->addWidget(titled(tr("<b>Inconsistent groups</b> — open one to compare its translations"), m_groups));
    lists->setStretchFactor(0, 1);
    lists->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(lists, 1);

    connect(m_groups, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        // A translation stands for its group.
        auto *group = item->parent() ? item->parent() : item;
        Q_EMIT groupRequested(group->data(GroupName, Qt::UserRole).toString());
    });
    clear();
}

void ConsistencyView::clear()
{
    showMessage(tr("Train a run to see whether it labels translations alike."));
}

void ConsistencyView::showMessage(const QString &message)
{
    m_consistency = {};
    m_summary->setText(message.toHtmlEscaped());
    fillPairs();
    fillGroups();
}

void ConsistencyView::showConsistency(const RunConsistency &consistency)
{
    m_consistency = consistency;
    const QLocale locale;
    const auto &overall = consistency.overall;
    const QString split = splitDisplayName(consistency.split);
    if (overall.groups == 0)
        m_summary->setText(
            tr("<b>Consistency across translations</b>: no group has two or more examples in the %1 split.")
                .arg(split.toHtmlEscaped()));
    else
        m_summary->setText(tr("<b>Consistency across translations</b> (%1 split): <b>%2</b> — the run gives one "
                              "label to all the translations of %3 of n = %4 groups.")
                               .arg(split.toHtmlEscaped(), rateText(overall), locale.toString(overall.consistent),
                                    locale.toString(overall.groups)));
    fillPairs();
    fillGroups();
}

void ConsistencyView::fillPairs()
{
    const QLocale locale;
    m_pairs->setSortingEnabled(false); // rows are filled in place, then sorted once
    m_pairs->setRowCount(static_cast<int>(m_consistency.pairs.size()));
    int row = 0;
    for (auto it = m_consistency.pairs.cbegin(); it != m_consistency.pairs.cend(); ++it, ++row) {
        auto *name = new QTableWidgetItem(pairName(it.key()));
        name->setData(Qt::UserRole, it.key());
        name->setToolTip(it.key());
        m_pairs->setItem(row, PairLanguages, name);
        m_pairs->setItem(row, PairGroups, new NumberItem(locale.toString(it->groups), static_cast<double>(it->groups)));
        m_pairs->setItem(row, PairConsistent,
                         new NumberItem(locale.toString(it->consistent), static_cast<double>(it->consistent)));
        m_pairs->setItem(row, PairRate, new NumberItem(rateText(*it), it->rate()));
    }
    m_pairs->setSortingEnabled(true);
    m_pairs->sortByColumn(PairRate, Qt::AscendingOrder); // the pairs the run splits most first
}

void ConsistencyView::fillGroups()
{
    m_groups->clear();
    for (const auto &group : m_consistency.inconsistent) {
        auto *item = new QTreeWidgetItem(m_groups);
        item->setText(GroupName, group.groupId);
        item->setData(GroupName, Qt::UserRole, group.groupId);
        item->setText(GroupLabel, tr("%n label(s)", nullptr, group.labels));
        item->setText(GroupText, tr("%n translation(s)", nullptr, static_cast<int>(group.members.size())));
        for (const auto &member : group.members) {
            auto *child = new QTreeWidgetItem(item);
            child->setText(GroupName, languageDisplayName(member.lang));
            child->setToolTip(GroupName, member.lang);
            child->setText(GroupLabel, member.predicted);
            child->setText(GroupGold, member.gold.isEmpty() ? tr("(unlabelled)") : member.gold);
            child->setText(GroupText, member.text.simplified());
            child->setToolTip(GroupText, member.text);
        }
    }
    m_groups->expandAll();
    m_groups->resizeColumnToContents(GroupName);
    m_groups->resizeColumnToContents(GroupLabel);
    m_groups->resizeColumnToContents(GroupGold);
}

} // namespace glossa::ui
