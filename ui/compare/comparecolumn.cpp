#include "ui/compare/comparecolumn.h"

#include "ui/compare/probabilitybars.h"
#include "ui/widgets/attributiontext.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/languagename.h"
#include "ui/widgets/runcolors.h"

#include "text/languageguesser.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

namespace glossa::ui {

namespace {

constexpr int settleMs = 300;
const QColor differsColour(0xe0, 0x8a, 0x00); // amber: look here

QString languageName(const QString &code)
{
    return languageNameWithCode(code);
}

} // namespace

CompareColumn::CompareColumn(QWidget *parent)
    : QFrame(parent)
    , m_language(new QComboBox(this))
    , m_addButton(new QToolButton(this))
    , m_removeButton(new QToolButton(this))
    , m_editor(new QPlainTextEdit(this))
    , m_badge(new QLabel(this))
    , m_runsLayout(new QVBoxLayout)
{
    setObjectName(QStringLiteral("compareColumn"));
    setFrameShape(QFrame::StyledPanel);
    setLineWidth(2);
    setMinimumWidth(165);
    m_language->setObjectName(QStringLiteral("compareLanguage"));
    m_language->setToolTip(tr("The text's language: detected as you type, or chosen"));
    m_language->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_language->setMinimumContentsLength(10);
    m_language->addItem(tr("Detect"), QString());
    m_addButton->setObjectName(QStringLiteral("compareAdd"));
    m_addButton->setIcon(themedIcon(QStringLiteral("list-add")));
    m_addButton->setText(tr("Add to dataset…"));
    m_addButton->setToolButtonStyle(Qt::ToolButtonIconOnly);
    m_addButton->setAutoRaise(true);
    m_addButton->setToolTip(tr("Add to dataset: store this text with a label as a new example"));
    m_removeButton->setObjectName(QStringLiteral("compareRemove"));
    m_removeButton->setText(QStringLiteral("✕"));
    m_removeButton->setToolTip(tr("Remove this column"));
    m_removeButton->setAutoRaise(true);
    m_editor->setObjectName(QStringLiteral("compareText"));
    m_editor->setPlaceholderText(tr("Type or paste a text in any language…"));
    m_editor->setTabChangesFocus(true);
    m_editor->setMaximumHeight(m_editor->fontMetrics().height() * 6);
    m_badge->setObjectName(QStringLiteral("compareBadge"));
    m_badge->setWordWrap(true);
    m_badge->hide();
    QFont bold = m_badge->font();
    bold.setBold(true);
    m_badge->setFont(bold);

    // The language box has the column's width beside the close button, so "Detected: Chinese"
    // reads whole in six columns; adding the text to a dataset sits under the text.
    auto *top = new QHBoxLayout;
    top->addWidget(m_language, 1);
    top->addWidget(m_removeButton);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_badge, 1);
    actions->addWidget(m_addButton, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(top);
    layout->addWidget(m_editor);
    layout->addLayout(actions);
    layout->addLayout(m_runsLayout);
    layout->addStretch(1);

    m_settle.setSingleShot(true);
    m_settle.setInterval(settleMs);
    connect(&m_settle, &QTimer::timeout, this, &CompareColumn::predictionWanted);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        detectLanguage();
        m_settle.start();
    });
    connect(m_language, &QComboBox::currentIndexChanged, this, &CompareColumn::refreshTokens);
    connect(m_removeButton, &QToolButton::clicked, this, &CompareColumn::removeRequested);
    connect(m_addButton, &QToolButton::clicked, this, &CompareColumn::addToDatasetRequested);
}

void CompareColumn::setRuns(const QList<RunRow> &runs)
{
    for (auto &view : m_views) {
        delete view.header;
        delete view.bars;
        delete view.tokens;
    }
    m_views.clear();
    for (const auto &run : runs) {
        RunView view;
        view.run = run;
        view.header = new QLabel(this);
        view.header->setObjectName(QStringLiteral("compareRunHeader"));
        view.header->setTextFormat(Qt::RichText);
        view.header->setWordWrap(true);
        view.bars = new ProbabilityBars(this);
        view.tokens = new QLabel(this);
        view.tokens->setObjectName(QStringLiteral("compareTokens"));
        view.tokens->setTextFormat(Qt::RichText);
        view.tokens->setWordWrap(true);
        view.tokens->setTextInteractionFlags(Qt::TextSelectableByMouse);
        view.tokens->setToolTip(tr("Each piece of the text on green when it pushed the model towards this label, "
                                   "on red when it pushed away; the stronger, the deeper"));
        m_runsLayout->addSpacing(6);
        m_runsLayout->addWidget(view.header);
        m_runsLayout->addWidget(view.bars);
        m_runsLayout->addWidget(view.tokens);
        m_views.append(view);
        showHeader(m_views.last(), {});
    }
    updateFrame();
}

void CompareColumn::setLanguages(const QStringList &codes)
{
    const QString current = m_language->currentData().toString();
    const QSignalBlocker blocker(m_language);
    while (m_language->count() > 1)
        m_language->removeItem(1);
    for (const auto &code : codes)
        m_language->addItem(languageName(code), code);
    const int index = m_language->findData(current);
    m_language->setCurrentIndex(std::max(index, 0));
}

void CompareColumn::setText(const QString &text, const QString &lang)
{
    {
        const QSignalBlocker blocker(m_editor);
        m_editor->setPlainText(text);
    }
    int index = lang.isEmpty() ? 0 : m_language->findData(lang);
    if (index < 0) {
        m_language->addItem(languageName(lang), lang);
        index = m_language->count() - 1;
    }
    m_language->setCurrentIndex(index);
    detectLanguage();
    m_settle.stop();
    Q_EMIT predictionWanted();
}

QString CompareColumn::text() const
{
    return m_editor->toPlainText();
}

QString CompareColumn::language() const
{
    const QString chosen = m_language->currentData().toString();
    return chosen.isEmpty() ? m_detected : chosen;
}

bool CompareColumn::isRightToLeft() const
{
    const QString lang = language();
    if (lang != QLatin1String("und"))
        return QLocale(lang).textDirection() == Qt::RightToLeft;
    return text().isRightToLeft();
}

void CompareColumn::detectLanguage()
{
    // The start of a text tells its language: a long paste is not read whole per key press.
    constexpr int sampleCharacters = 2000;
    const QString text = m_editor->toPlainText().left(sampleCharacters).trimmed();
    m_detected =
        text.isEmpty() ? QStringLiteral("und") : QString::fromStdString(core::text::guessLanguage(text.toStdString()));
    m_language->setItemText(0, text.isEmpty() || m_detected == QLatin1String("und")
                                   ? tr("Detect")
                                   : tr("Detected: %1").arg(languageDisplayName(m_detected)));
    m_language->setItemData(0, m_detected == QLatin1String("und") ? QString() : languageNameWithCode(m_detected),
                            Qt::ToolTipRole);
}

CompareColumn::RunView *CompareColumn::viewOf(qint64 runId)
{
    for (auto &view : m_views)
        if (view.run.id == runId)
            return &view;
    return nullptr;
}

const CompareColumn::RunView *CompareColumn::viewOf(qint64 runId) const
{
    return const_cast<CompareColumn *>(this)->viewOf(runId);
}

void CompareColumn::showHeader(RunView &view, const QString &detail)
{
    const QString dot = QStringLiteral("<span style=\"color:%1\">●</span> ").arg(runColor(view.run.id).name());
    view.header->setText(dot + view.run.name.toHtmlEscaped()
                         + (detail.isEmpty() ? QString() : QStringLiteral(" — ") + detail));
}

void CompareColumn::showPrediction(qint64 runId, const TextPrediction &prediction)
{
    auto *view = viewOf(runId);
    if (!view)
        return;
    view->label = prediction.label;
    view->pieces = prediction.tokens;
    const double top = prediction.probabilities.isEmpty() ? 0 : prediction.probabilities.front().second;
    // The label and its probability apart, so a numeric label never runs into the number ("26 6%").
    showHeader(*view,
               tr("<b>%1</b> (%2)")
                   .arg(prediction.label.toHtmlEscaped(), QLocale().toString(top * 100, 'f', 0) + QLocale().percent()));
    view->bars->setProbabilities(prediction.probabilities, runColor(runId));
    view->tokens->setToolTip(tr("Attribution towards %1 (%2): green pushed towards it, red away")
                                 .arg(prediction.label, prediction.attributionMethod));
    refreshTokens();
}

void CompareColumn::showFailure(qint64 runId, const QString &message)
{
    auto *view = viewOf(runId);
    if (!view)
        return;
    view->label.clear();
    view->pieces.clear();
    view->bars->clear();
    view->tokens->clear();
    showHeader(*view, QStringLiteral("<span style=\"color:#c0392b\">%1</span>").arg(message.toHtmlEscaped()));
}

void CompareColumn::clearPredictions()
{
    for (auto &view : m_views) {
        view.label.clear();
        view.pieces.clear();
        view.bars->clear();
        view.tokens->clear();
        showHeader(view, {});
    }
}

QString CompareColumn::topLabel(qint64 runId) const
{
    const auto *view = viewOf(runId);
    return view ? view->label : QString();
}

QString CompareColumn::attributionHtml(qint64 runId) const
{
    const auto *view = viewOf(runId);
    return view ? view->tokens->text() : QString();
}

void CompareColumn::refreshTokens()
{
    const bool rightToLeft = isRightToLeft();
    for (auto &view : m_views) {
        view.tokens->setLayoutDirection(rightToLeft ? Qt::RightToLeft : Qt::LeftToRight);
        view.bars->setLayoutDirection(Qt::LeftToRight);
        view.tokens->setText(view.pieces.isEmpty() ? QString()
                                                   : glossa::ui::attributionHtml(view.pieces, rightToLeft,
                                                                                 palette().color(QPalette::Base)));
    }
}

void CompareColumn::setHighlight(bool differsFromOthers, bool runsDisagree)
{
    m_differs = differsFromOthers;
    m_runsDisagree = runsDisagree;
    updateFrame();
}

void CompareColumn::updateFrame()
{
    QStringList notes;
    if (m_differs)
        notes.append(tr("Label differs from the other columns"));
    if (m_runsDisagree)
        notes.append(tr("The runs disagree"));
    m_badge->setText(notes.join(QStringLiteral(" · ")));
    m_badge->setVisible(!notes.isEmpty());
    QPalette palette = this->palette();
    palette.setColor(QPalette::WindowText, differsColour);
    m_badge->setPalette(palette);
    setStyleSheet(
        m_differs || m_runsDisagree
            ? QStringLiteral("#compareColumn { border: 2px solid %1; border-radius: 4px; }").arg(differsColour.name())
            : QString());
}

} // namespace glossa::ui
