#include "ui/data/examplepanel.h"

#include "ui/widgets/languagename.h"
#include "ui/widgets/scriptcoverage.h"
#include "ui/widgets/splitname.h"

#include <QDateTime>
#include <QFrame>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTextBrowser>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace glossa::ui {

namespace {

QString sourceText(core::store::EditSource source)
{
    using core::store::EditSource;
    switch (source) {
    case EditSource::Import: return ExamplePanel::tr("import");
    case EditSource::User: return ExamplePanel::tr("by hand");
    case EditSource::Bulk: return ExamplePanel::tr("bulk edit");
    case EditSource::Suggestion: return ExamplePanel::tr("accepted suggestion");
    }
    return {};
}

QString actionText(const QString &action)
{
    if (action == QLatin1String("undo"))
        return ExamplePanel::tr("undo");
    if (action == QLatin1String("redo"))
        return ExamplePanel::tr("redo");
    return ExamplePanel::tr("edit");
}

QString labelOrNone(const QString &label)
{
    return label.isEmpty() ? ExamplePanel::tr("(none)") : label;
}

// Names wider than this are elided on their button (the tooltip has them whole), so a long
// label does not push the panel wider than the window.
constexpr int labelButtonNameEms = 12;

QLabel *sectionTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

} // namespace

ExamplePanel::ExamplePanel(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_fields(new QLabel(this))
    , m_text(new QTextBrowser(this))
    , m_fontNotice(new QLabel(this))
    , m_label(new QLabel(this))
    , m_prediction(new QLabel(this))
    , m_keys(new QWidget(this))
    , m_keysLayout(new QGridLayout(m_keys))
    , m_metadataTitle(sectionTitle(tr("From the source file"), this))
    , m_metadata(new QTreeWidget(this))
    , m_history(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("examplePanel"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fields->setObjectName(QStringLiteral("exampleFields"));
    m_fields->setWordWrap(true);
    m_fields->setTextFormat(Qt::RichText);
    m_fields->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // The text's own direction decides each paragraph's layout (Arabic, Hebrew right to left).
    m_text->setObjectName(QStringLiteral("exampleText"));
    m_text->setOpenLinks(false);
    m_text->setFrameShape(QFrame::StyledPanel);
    QFont textFont = m_text->font();
    textFont.setPointSizeF(textFont.pointSizeF() * 1.25);
    m_text->setFont(textFont);
    m_text->setMinimumHeight(90);

    // Said, not left to empty boxes: which script of the text no installed font can draw.
    m_fontNotice->setObjectName(QStringLiteral("fontNotice"));
    m_fontNotice->setWordWrap(true);
    m_fontNotice->setContentsMargins(6, 3, 6, 3);
    m_fontNotice->setAutoFillBackground(true);
    QPalette noticePalette = m_fontNotice->palette();
    noticePalette.setColor(QPalette::Window, noticePalette.color(QPalette::ToolTipBase));
    noticePalette.setColor(QPalette::WindowText, noticePalette.color(QPalette::ToolTipText));
    m_fontNotice->setPalette(noticePalette);
    m_fontNotice->hide();

    m_label->setObjectName(QStringLiteral("exampleLabel"));
    m_label->setTextFormat(Qt::RichText);
    m_prediction->setObjectName(QStringLiteral("examplePrediction"));
    m_prediction->setTextFormat(Qt::RichText);
    m_keysLayout->setContentsMargins(0, 0, 0, 0);
    m_keysLayout->setSpacing(3);

    // The columns of the imported file that Glossa keeps besides its fields, as the file
    // named them: what joins a corrected example back to its ticket.
    m_metadata->setObjectName(QStringLiteral("exampleMetadata"));
    m_metadata->setRootIsDecorated(false);
    m_metadata->setUniformRowHeights(true);
    m_metadata->setHeaderLabels({tr("Column"), tr("Value")});
    m_metadata->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_metadata->header()->setStretchLastSection(true);
    m_metadata->setToolTip(tr("Columns of the imported file besides text, label and language; exports write them "
                              "back under these names"));
    m_metadataTitle->setToolTip(m_metadata->toolTip());

    m_history->setObjectName(QStringLiteral("historyView"));
    m_history->setRootIsDecorated(false);
    m_history->setUniformRowHeights(true);
    m_history->setHeaderLabels({tr("When"), tr("Change"), tr("Source")});
    m_history->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_history->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_history->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_history->header()->setStretchLastSection(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 6, 6);
    layout->addWidget(m_title);
    layout->addWidget(m_fields);
    layout->addWidget(m_text, 2);
    layout->addWidget(m_fontNotice);
    layout->addWidget(m_label);
    layout->addWidget(m_prediction);
    layout->addWidget(m_keys);
    layout->addSpacing(4);
    layout->addWidget(m_metadataTitle);
    layout->addWidget(m_metadata, 1);
    layout->addWidget(sectionTitle(tr("History"), this));
    layout->addWidget(m_history, 2);
    showNothing();
}

// "[1] cancel_order": the key in brackets, apart from the name, so a numeric label reads as
// "[1] 10", not "1 10". An ampersand in a name is shown, not taken for a mnemonic.
QString ExamplePanel::labelButtonText(int key, const QString &name, const QFontMetrics &metrics)
{
    const int maxWidth = metrics.horizontalAdvance(QLatin1Char('M')) * labelButtonNameEms;
    QString shown =
        metrics.horizontalAdvance(name) > maxWidth ? metrics.elidedText(name, Qt::ElideMiddle, maxWidth) : name;
    shown.replace(QLatin1Char('&'), QStringLiteral("&&"));
    return tr("[%1] %2", "a label button: its key, then the label's name").arg(key).arg(shown);
}

void ExamplePanel::setLabels(const QList<LabelSummary> &labels)
{
    m_labels = labels;
    rebuildLabelButtons();
}

void ExamplePanel::rebuildLabelButtons()
{
    while (auto *item = m_keysLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const int shown = std::min<int>(static_cast<int>(m_labels.size()), 9);
    for (int i = 0; i < shown; ++i) {
        const auto &label = m_labels[i];
        auto *button = new QToolButton(m_keys);
        button->setText(labelButtonText(i + 1, label.name, button->fontMetrics()));
        button->setToolTip(tr("Label as %1 (key %2)").arg(label.name).arg(i + 1));
        button->setCheckable(true);
        button->setChecked(label.id == m_labelId);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        button->setEnabled(m_exampleId >= 0);
        connect(button, &QToolButton::clicked, this, [this, id = label.id] { Q_EMIT labelChosen(id); });
        m_keysLayout->addWidget(button, i / 3, i % 3);
    }
    if (m_labels.size() > 9) {
        auto *more = new QToolButton(m_keys);
        more->setText(tr("All %1 labels…  L").arg(m_labels.size()));
        more->setToolTip(tr("Pick any label by typing part of its name (key L)"));
        more->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        more->setEnabled(m_exampleId >= 0);
        connect(more, &QToolButton::clicked, this, &ExamplePanel::pickerRequested);
        m_keysLayout->addWidget(more, (shown + 2) / 3, 0, 1, 3);
    }
}

void ExamplePanel::showDetail(const ExampleDetail &detail)
{
    const auto &row = detail.row;
    m_exampleId = row.id;
    m_labelId = row.labelId;
    m_title->setText(tr("Example %1").arg(row.externalId));
    QStringList fields;
    fields
        << (row.langGuessed
                ? tr("Language: <i>%1</i> (guessed from the text)").arg(languageNameWithCode(row.lang).toHtmlEscaped())
                : tr("Language: %1").arg(languageNameWithCode(row.lang).toHtmlEscaped()));
    fields << tr("Split: %1").arg(splitDisplayName(row.split));
    if (!row.group.isEmpty())
        fields << tr("Group: %1").arg(row.group.toHtmlEscaped());
    m_fields->setText(fields.join(QStringLiteral("   ·   ")));
    m_text->setPlainText(row.text);
    const QString notice = missingFontNotice(scriptsWithoutFont(row.text, m_text->font()));
    m_fontNotice->setText(notice);
    m_fontNotice->setVisible(!notice.isEmpty());
    const QString labelText = row.labelId >= 0 ? row.label.toHtmlEscaped() : tr("<i>unlabelled</i>");
    m_label->setText(tr("Label: <b>%1</b>%2").arg(labelText, row.edited ? tr(" <small>(edited)</small>") : QString()));
    if (row.hasPrediction()) {
        const bool right = row.labelId >= 0 && row.predictedLabelId == row.labelId;
        const QString colour = row.labelId < 0 ? QStringLiteral("#555")
                               : right         ? QStringLiteral("#2e8b57")
                                               : QStringLiteral("#c0392b");
        m_prediction->setText(tr("Predicted: <b><span style=\"color:%1\">%2</span></b> (%3)")
                                  .arg(colour, row.predictedLabel.toHtmlEscaped(),
                                       QLocale().toString(row.confidence * 100, 'f', 0) + QStringLiteral("%")));
        m_prediction->show();
    } else {
        m_prediction->hide();
    }
    rebuildLabelButtons();

    m_metadata->clear();
    for (const auto &[column, value] : detail.metadata) {
        auto *item = new QTreeWidgetItem(m_metadata);
        item->setText(0, column);
        // One line per value in the list; the whole of a long one in its tooltip.
        item->setText(1, QString(value).replace(QLatin1Char('\n'), QLatin1Char(' ')));
        item->setToolTip(1, value);
    }
    m_metadataTitle->setVisible(!detail.metadata.isEmpty());
    m_metadata->setVisible(!detail.metadata.isEmpty());

    m_history->clear();
    const QLocale locale;
    for (const auto &line : detail.history) {
        auto *item = new QTreeWidgetItem(m_history);
        item->setText(0, locale.toString(QDateTime::fromMSecsSinceEpoch(line.at), QLocale::ShortFormat));
        item->setText(1, tr("%1 → %2").arg(labelOrNone(line.oldLabel), labelOrNone(line.newLabel))
                             + (line.action == QLatin1String("edit")
                                    ? QString()
                                    : QStringLiteral("  (%1)").arg(actionText(line.action))));
        item->setText(2, sourceText(line.source));
        if (!line.description.isEmpty())
            item->setToolTip(1, line.description);
    }
    if (detail.history.isEmpty()) {
        auto *item = new QTreeWidgetItem(m_history);
        item->setText(1, tr("No changes yet"));
        item->setDisabled(true);
    }
    m_history->scrollToBottom();
}

QString ExamplePanel::fontNotice() const
{
    return m_fontNotice->isHidden() ? QString() : m_fontNotice->text();
}

void ExamplePanel::showNothing()
{
    m_exampleId = -1;
    m_labelId = -1;
    m_title->setText(tr("No example selected"));
    m_fields->setText(tr("Select a row to see its whole text and history."));
    m_text->clear();
    m_fontNotice->hide();
    m_label->clear();
    m_prediction->hide();
    m_metadata->clear();
    m_metadataTitle->hide();
    m_metadata->hide();
    m_history->clear();
    rebuildLabelButtons();
}

} // namespace glossa::ui
