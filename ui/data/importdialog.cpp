#include "ui/data/importdialog.h"

#include "ui/session/importinspection.h"
#include "ui/session/importrunner.h"
#include "ui/session/workerthread.h"

#include "data/importpreview.h"

#include <QAbstractTableModel>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFont>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <filesystem>
#include <limits>

namespace glossa::ui {

namespace {

namespace data = core::data;

constexpr int previewRows = 200;
constexpr int fieldCount = mappedFieldCount;
constexpr int progressSteps = 1000;
constexpr int previewDelayMs = 120;
constexpr int validationPollMs = 150;
constexpr int displayedCellChars = 160;
constexpr int tooltipCellChars = 1200;
constexpr int maxColumnWidth = 260;

QString fromUtf8(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QString fieldKey(int field)
{
    return fromUtf8(data::fieldKey(static_cast<data::Field>(field)));
}

QString fieldTitle(int field)
{
    switch (static_cast<data::Field>(field)) {
    case data::Field::Text: return ImportDialog::tr("Text");
    case data::Field::Label: return ImportDialog::tr("Label");
    case data::Field::Lang: return ImportDialog::tr("Language");
    case data::Field::Split: return ImportDialog::tr("Split");
    case data::Field::Id: return ImportDialog::tr("ID");
    case data::Field::Group: return ImportDialog::tr("Group");
    case data::Field::LangGuessed: break;
    }
    return {};
}

QString formatTitle(const QString &format)
{
    if (format == QLatin1String("tsv"))
        return ImportDialog::tr("TSV");
    if (format == QLatin1String("jsonl"))
        return ImportDialog::tr("JSON Lines");
    return ImportDialog::tr("CSV");
}

QString encodingTitle(const data::TextEncoding &encoding)
{
    switch (encoding.encoding) {
    case data::Encoding::Utf8: return ImportDialog::tr("UTF-8");
    case data::Encoding::Utf8WithBom: return ImportDialog::tr("UTF-8 with byte order mark");
    case data::Encoding::Converted:
        return ImportDialog::tr("%1, converted to UTF-8").arg(QString::fromStdString(encoding.charset));
    case data::Encoding::NotUtf8: return ImportDialog::tr("not UTF-8, and not an encoding Glossa recognises");
    case data::Encoding::Binary: return ImportDialog::tr("binary data, not text");
    case data::Encoding::Unknown: break;
    }
    return ImportDialog::tr("unknown");
}

bool importable(const data::TextEncoding &encoding)
{
    return encoding.encoding == data::Encoding::Utf8 || encoding.encoding == data::Encoding::Utf8WithBom
           || encoding.encoding == data::Encoding::Converted;
}

// "Line 17: label: is longer than 100 bytes"; a problem with the whole file keeps the file's
// name as its subject ("notes.csv: is UTF-16 text; ...").
QString describe(const data::ImportIssue &issue)
{
    if (issue.line <= 0)
        return fromUtf8(issue.message);
    if (issue.field.empty())
        return ImportDialog::tr("Line %1: %2").arg(issue.line).arg(fromUtf8(issue.problem));
    return ImportDialog::tr("Line %1: %2: %3").arg(issue.line).arg(fromUtf8(issue.field), fromUtf8(issue.problem));
}

void setErrorColour(QWidget *widget, bool error)
{
    QPalette palette = widget->parentWidget() ? widget->parentWidget()->palette() : widget->palette();
    if (error)
        palette.setColor(QPalette::WindowText, QColor(0xC6, 0x28, 0x28));
    widget->setPalette(palette);
}

} // namespace

// The previewed rows, one column per column of the file; the columns Glossa reads are marked
// in the header and the row of the first problem is tinted.
class ImportPreviewModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

    void setPreview(const QStringList &columns, const QList<ImportPreviewLine> &rows,
                    const QList<QStringList> &fieldsOf, qint64 errorLine, const QString &error)
    {
        beginResetModel();
        m_columns = columns;
        m_rows = rows;
        m_fieldsOf = fieldsOf;
        m_errorLine = errorLine;
        m_error = error;
        endResetModel();
    }

    void clear() { setPreview({}, {}, {}, 0, {}); }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
    }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!index.isValid())
            return {};
        const auto &row = m_rows.at(index.row());
        const QString cell = index.column() < row.cells.size() ? row.cells.at(index.column()) : QString();
        const bool read = !m_fieldsOf.value(index.column()).isEmpty();
        switch (role) {
        case Qt::DisplayRole: {
            // One line per row: line breaks inside a field show as a mark.
            QString shown = cell.left(displayedCellChars);
            shown.replace(QLatin1String("\r\n"), QStringLiteral(" ↵ "))
                .replace(QLatin1Char('\n'), QStringLiteral(" ↵ "));
            return cell.size() > displayedCellChars ? shown + QStringLiteral("…") : shown;
        }
        case Qt::ToolTipRole:
            if (row.line == m_errorLine)
                return m_error;
            return cell.size() > tooltipCellChars ? cell.left(tooltipCellChars) + QStringLiteral("…") : cell;
        case Qt::TextAlignmentRole:
            return cell.isRightToLeft() ? QVariant(Qt::AlignRight | Qt::AlignAbsolute | Qt::AlignVCenter) : QVariant();
        case Qt::BackgroundRole:
            if (row.line == m_errorLine)
                return QColor(0xFF, 0xCD, 0xD2);
            if (read)
                return QColor(0xE3, 0xF2, 0xFD);
            return {};
        case Qt::ForegroundRole:
            // Columns the import does not read are greyed out.
            return read || row.line == m_errorLine ? QVariant() : QVariant(QColor(0x75, 0x75, 0x75));
        default: return {};
        }
    }

    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation == Qt::Vertical) {
            if (section >= m_rows.size())
                return {};
            if (role == Qt::DisplayRole)
                return m_rows.at(section).line;
            if (role == Qt::ToolTipRole)
                return ImportDialog::tr("Line %1 of the file").arg(m_rows.at(section).line);
            return {};
        }
        if (section >= m_columns.size())
            return {};
        const QStringList fields = m_fieldsOf.value(section);
        switch (role) {
        case Qt::DisplayRole:
            return fields.isEmpty()
                       ? m_columns.at(section)
                       : ImportDialog::tr("%1 → %2").arg(m_columns.at(section), fields.join(QStringLiteral(", ")));
        case Qt::ToolTipRole:
            return fields.isEmpty() ? ImportDialog::tr("“%1” is kept as metadata: shown beside the example, usable "
                                                       "as a filter, and written back by exports")
                                          .arg(m_columns.at(section))
                                    : ImportDialog::tr("“%1” is imported as %2")
                                          .arg(m_columns.at(section), fields.join(QStringLiteral(", ")));
        case Qt::FontRole:
            if (!fields.isEmpty()) {
                QFont font;
                font.setBold(true);
                return font;
            }
            return {};
        case Qt::BackgroundRole: return fields.isEmpty() ? QVariant() : QVariant(QColor(0xBB, 0xDE, 0xFB));
        default: return {};
        }
    }

private:
    QStringList m_columns;
    QList<ImportPreviewLine> m_rows;
    QList<QStringList> m_fieldsOf;
    qint64 m_errorLine = 0;
    QString m_error;
};

ImportDialog::ImportDialog(const QStringList &existingDatasets, QWidget *parent)
    : QDialog(parent)
    , m_datasets(existingDatasets)
    , m_settings(new QWidget(this))
    , m_fileLabel(new QLabel(this))
    , m_formatCombo(new QComboBox(this))
    , m_encodingLabel(new QLabel(this))
    , m_datasetCombo(new QComboBox(this))
    , m_datasetHint(new QLabel(this))
    , m_trainSpin(new QSpinBox(this))
    , m_devSpin(new QSpinBox(this))
    , m_testSpin(new QSpinBox(this))
    , m_seedSpin(new QSpinBox(this))
    , m_previewCaption(new QLabel(this))
    , m_table(new QTableView(this))
    , m_model(new ImportPreviewModel(this))
    , m_errorLabel(new QLabel(this))
    , m_statusLabel(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_progressLabel(new QLabel(this))
    , m_previewTimer(new QTimer(this))
    , m_validationTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("importDialog"));
    setWindowTitle(tr("Import a Dataset"));
    resize(900, 640);

    // Built in this order, the order Tab goes through them.
    auto *fileForm = buildFileForm();
    auto *columnsBox = buildColumnsBox();
    auto *splitBox = buildSplitBox();
    auto *topRow = new QHBoxLayout;
    topRow->addLayout(fileForm, 1);
    topRow->addWidget(splitBox, 0, Qt::AlignTop);
    auto *settingsLayout = new QVBoxLayout(m_settings);
    settingsLayout->setContentsMargins(0, 0, 0, 0);
    settingsLayout->addLayout(topRow);
    settingsLayout->addWidget(columnsBox);

    setUpPreview();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_settings);
    layout->addWidget(m_previewCaption);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_statusLabel);
    layout->addLayout(buildProgressRow());
    auto *bottomRow = new QHBoxLayout;
    bottomRow->addWidget(buildSkipInvalidBox());
    bottomRow->addWidget(buildButtons(), 1);
    layout->addLayout(bottomRow);

    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(previewDelayMs);
    connect(m_previewTimer, &QTimer::timeout, this, &ImportDialog::startPreview);
    m_validationTimer->setInterval(validationPollMs);
    connect(m_validationTimer, &QTimer::timeout, this, &ImportDialog::showValidationProgress);

    m_fileLabel->setText(tr("No file chosen"));
    updateDatasetHint();
    updateState();
}

// File, format, encoding, dataset.
QGridLayout *ImportDialog::buildFileForm()
{
    auto *browseButton = new QPushButton(tr("&Browse…"), this);
    browseButton->setObjectName(QStringLiteral("browseButton"));
    connect(browseButton, &QPushButton::clicked, this, &ImportDialog::browse);
    m_fileLabel->setObjectName(QStringLiteral("fileLabel"));
    m_fileLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_fileLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_formatCombo->setObjectName(QStringLiteral("formatCombo"));
    m_formatCombo->addItem(tr("Detected"), QString());
    m_formatCombo->addItem(formatTitle(QStringLiteral("csv")), QStringLiteral("csv"));
    m_formatCombo->addItem(formatTitle(QStringLiteral("tsv")), QStringLiteral("tsv"));
    m_formatCombo->addItem(formatTitle(QStringLiteral("jsonl")), QStringLiteral("jsonl"));
    m_formatCombo->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    connect(m_formatCombo, &QComboBox::activated, this, [this] {
        // Another format reads other columns: the mapping starts over.
        m_mapping.clear();
        schedulePreview();
    });
    // Wrapped, never cut ("UTF-8 with byte order mar"): what the file was read as matters.
    m_encodingLabel->setObjectName(QStringLiteral("encodingLabel"));
    m_encodingLabel->setWordWrap(true);
    m_encodingLabel->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    m_datasetCombo->setObjectName(QStringLiteral("datasetCombo"));
    m_datasetCombo->setEditable(true);
    m_datasetCombo->setInsertPolicy(QComboBox::NoInsert);
    m_datasetCombo->addItems(m_datasets);
    m_datasetCombo->setCurrentIndex(-1);
    m_datasetCombo->lineEdit()->setPlaceholderText(tr("New dataset name"));
    m_datasetCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_datasetCombo->setMinimumContentsLength(24);
    connect(m_datasetCombo, &QComboBox::currentTextChanged, this, [this] {
        m_imported = false;
        m_importError.clear();
        updateDatasetHint();
        updateState();
    });
    m_datasetHint->setObjectName(QStringLiteral("datasetHint"));
    m_datasetHint->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_datasetHint->setForegroundRole(QPalette::PlaceholderText);

    auto *fileForm = new QGridLayout;
    fileForm->setColumnStretch(1, 0);
    fileForm->setColumnStretch(3, 1);
    auto *fileTitle = new QLabel(tr("File:"), this);
    fileForm->addWidget(fileTitle, 0, 0);
    fileForm->addWidget(m_fileLabel, 0, 1, 1, 3);
    fileForm->addWidget(browseButton, 0, 4);
    auto *formatTitleLabel = new QLabel(tr("&Format:"), this);
    formatTitleLabel->setBuddy(m_formatCombo);
    fileForm->addWidget(formatTitleLabel, 1, 0);
    fileForm->addWidget(m_formatCombo, 1, 1);
    auto *encodingTitle = new QLabel(tr("Encoding:"), this);
    fileForm->addWidget(encodingTitle, 1, 2);
    fileForm->addWidget(m_encodingLabel, 1, 3, 1, 2);
    auto *datasetTitle = new QLabel(tr("&Dataset:"), this);
    datasetTitle->setBuddy(m_datasetCombo);
    fileForm->addWidget(datasetTitle, 2, 0);
    fileForm->addWidget(m_datasetCombo, 2, 1);
    fileForm->addWidget(m_datasetHint, 2, 2, 1, 3);
    return fileForm;
}

// One combo per field, three to a row.
QGroupBox *ImportDialog::buildColumnsBox()
{
    auto *columnsBox = new QGroupBox(tr("Columns"), this);
    auto *columnsGrid = new QGridLayout(columnsBox);
    for (int k = 0; k < fieldCount; ++k) {
        auto *combo = new QComboBox(columnsBox);
        combo->setObjectName(fieldKey(k) + QStringLiteral("Column"));
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(10);
        combo->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        auto *title =
            new QLabel(k == 0 ? tr("%1 (required):").arg(fieldTitle(k)) : tr("%1:").arg(fieldTitle(k)), columnsBox);
        title->setBuddy(combo);
        m_fieldCombos[static_cast<size_t>(k)] = combo;
        columnsGrid->addWidget(title, k / 3, (k % 3) * 2);
        columnsGrid->addWidget(combo, k / 3, (k % 3) * 2 + 1);
        columnsGrid->setColumnStretch((k % 3) * 2 + 1, 1);
        connect(combo, &QComboBox::activated, this, [this, k] { fieldChosen(k); });
    }
    return columnsBox;
}

// The split given to rows that arrive without one, and its seed.
QGroupBox *ImportDialog::buildSplitBox()
{
    auto *splitBox = new QGroupBox(tr("Split for rows without one"), this);
    auto *splitGrid = new QGridLayout(splitBox);
    const std::array<std::pair<QSpinBox *, QString>, 3> ratios = {
        std::pair{m_trainSpin, tr("Train:")}, std::pair{m_devSpin, tr("Dev:")}, std::pair{m_testSpin, tr("Test:")}};
    const std::array<int, 3> defaults = {80, 10, 10};
    for (size_t i = 0; i < ratios.size(); ++i) {
        auto *spin = ratios[i].first;
        spin->setRange(0, 100);
        spin->setSuffix(tr(" %", "percent after a number"));
        spin->setValue(defaults[i]);
        auto *title = new QLabel(ratios[i].second, splitBox);
        title->setBuddy(spin);
        splitGrid->addWidget(title, 0, static_cast<int>(i) * 2);
        splitGrid->addWidget(spin, 0, static_cast<int>(i) * 2 + 1);
    }
    m_trainSpin->setObjectName(QStringLiteral("trainPercent"));
    m_devSpin->setObjectName(QStringLiteral("devPercent"));
    m_testSpin->setObjectName(QStringLiteral("testPercent"));
    m_seedSpin->setObjectName(QStringLiteral("splitSeed"));
    m_seedSpin->setRange(0, std::numeric_limits<int>::max());
    m_seedSpin->setValue(13);
    m_seedSpin->setToolTip(tr("The same seed and the same rows always give the same split."));
    auto *seedTitle = new QLabel(tr("Seed:"), splitBox);
    seedTitle->setBuddy(m_seedSpin);
    splitGrid->addWidget(seedTitle, 1, 0);
    splitGrid->addWidget(m_seedSpin, 1, 1, 1, 5);
    // Connected once their values are set: the defaults are no change.
    for (auto *spin : {m_trainSpin, m_devSpin, m_testSpin, m_seedSpin})
        connect(spin, &QSpinBox::valueChanged, this, &ImportDialog::settingsChanged);
    return splitBox;
}

// The preview table, its caption and its problems.
void ImportDialog::setUpPreview()
{
    m_previewCaption->setObjectName(QStringLiteral("previewCaption"));
    m_previewCaption->setForegroundRole(QPalette::PlaceholderText);
    m_table->setObjectName(QStringLiteral("previewTable"));
    m_table->setModel(m_model);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->verticalHeader()->setDefaultAlignment(Qt::AlignRight | Qt::AlignVCenter);

    m_errorLabel->setObjectName(QStringLiteral("errorLabel"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextFormat(Qt::PlainText);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    setErrorColour(m_errorLabel, true);
    m_errorLabel->hide();
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setTextFormat(Qt::PlainText);
}

// The import's progress bar and row count, hidden until an import runs.
QHBoxLayout *ImportDialog::buildProgressRow()
{
    m_progress->setObjectName(QStringLiteral("importProgress"));
    m_progress->setRange(0, progressSteps);
    m_progress->setTextVisible(true);
    m_progressLabel->setObjectName(QStringLiteral("importRows"));
    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_progressLabel);
    m_progress->hide();
    m_progressLabel->hide();
    return progressRow;
}

QCheckBox *ImportDialog::buildSkipInvalidBox()
{
    m_skipInvalid = new QCheckBox(tr("&Skip rows with problems"), this);
    m_skipInvalid->setObjectName(QStringLiteral("skipInvalidBox"));
    m_skipInvalid->setToolTip(tr("Import the rows that can be, and list the others, each with its line and "
                                 "reason, in a CSV file beside the project. Unticked, one bad row refuses the file "
                                 "and nothing is imported."));
    connect(m_skipInvalid, &QCheckBox::toggled, this, [this] {
        m_imported = false;
        updateState();
    });
    return m_skipInvalid;
}

QDialogButtonBox *ImportDialog::buildButtons()
{
    auto *buttons = new QDialogButtonBox(this);
    m_importButton = buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    m_importButton->setObjectName(QStringLiteral("importButton"));
    m_importButton->setDefault(true);
    m_closeButton = buttons->addButton(QDialogButtonBox::Close);
    m_closeButton->setObjectName(QStringLiteral("closeButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ImportDialog::startImport);
    connect(buttons, &QDialogButtonBox::rejected, this, &ImportDialog::reject);
    return buttons;
}

// A check still reading the file stops at its next look at its token (m_check's destructor);
// its result, for a dialog that is gone, is dropped.
ImportDialog::~ImportDialog() = default;

void ImportDialog::setImportRunner(ImportRunner *runner)
{
    if (m_importing)
        return;
    delete m_runner;
    m_runner = runner;
    if (m_runner) {
        m_runner->setParent(this);
        connect(m_runner, &ImportRunner::progress, this, &ImportDialog::importProgress);
        connect(m_runner, &ImportRunner::finished, this, &ImportDialog::importFinished);
        connect(m_runner, &ImportRunner::failed, this,
                [this](const QString &message) { importEnded(tr("Nothing was imported: %1").arg(message), {}); });
        connect(m_runner, &ImportRunner::cancelled, this,
                [this] { importEnded({}, tr("The import was cancelled; nothing was imported.")); });
    }
    updateState();
}

void ImportDialog::setFile(const QString &filePath)
{
    if (m_importing)
        return;
    m_filePath = filePath;
    m_mapping.clear();
    m_imported = false;
    m_importError.clear();
    m_formatCombo->setCurrentIndex(0);
    const QFileInfo info(filePath);
    m_fileLabel->setToolTip(QDir::toNativeSeparators(info.absoluteFilePath()));
    elideFileName();
    // The file's name as the dataset's, unless the user chose another.
    const QString current = m_datasetCombo->currentText().trimmed();
    if (current.isEmpty() || current == m_defaultDataset)
        m_datasetCombo->setEditText(info.completeBaseName());
    m_defaultDataset = info.completeBaseName();
    m_model->clear();
    m_encodingLabel->clear();
    m_previewReady = false;
    startPreview();
}

void ImportDialog::browse()
{
    const QString start = m_filePath.isEmpty() ? QDir::homePath() : QFileInfo(m_filePath).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Import a File"), start,
        tr("Datasets (*.csv *.tsv *.tab *.jsonl *.ndjson *.json);;CSV (*.csv);;TSV (*.tsv *.tab);;"
           "JSON Lines (*.jsonl *.ndjson *.json);;All files (*)"));
    if (!path.isEmpty())
        setFile(path);
}

ImportRequest ImportDialog::request() const
{
    ImportRequest request;
    request.filePath = m_filePath;
    request.dataset = m_datasetCombo->currentText().trimmed();
    request.format = m_formatCombo->currentData().toString();
    request.mapping = m_mapping;
    request.splitSeed = static_cast<quint64>(m_seedSpin->value());
    request.trainPercent = m_trainSpin->value();
    request.devPercent = m_devSpin->value();
    request.testPercent = m_testSpin->value();
    request.skipInvalid = m_skipInvalid->isChecked();
    return request;
}

QString ImportDialog::ratioProblem() const
{
    const int total = m_trainSpin->value() + m_devSpin->value() + m_testSpin->value();
    if (total == 100)
        return {};
    return tr("Train, dev and test must add up to 100 % (they add up to %1 %).").arg(total);
}

void ImportDialog::settingsChanged()
{
    m_imported = false;
    // Split settings change no preview, but a preview checks them: a bad ratio is told at once.
    updateState();
}

void ImportDialog::schedulePreview()
{
    m_imported = false;
    m_importError.clear();
    m_previewTimer->start();
}

void ImportDialog::startPreview()
{
    m_previewTimer->stop();
    if (m_filePath.isEmpty())
        return;
    const int generation = ++m_generation;
    m_check.reset(); // stops the check of the previous settings
    m_validationTimer->stop();
    m_validationError.clear();
    m_validationRowProblem = false;
    m_statusLabel->setText(tr("Reading the file…"));

    auto request = this->request();
    // The preview shows the file; a split that does not add up is the dialog's to say.
    if (!ratioProblem().isEmpty()) {
        const ImportRequest defaults;
        request.trainPercent = defaults.trainPercent;
        request.devPercent = defaults.devPercent;
        request.testPercent = defaults.testPercent;
    }
    whenDone(
        previewImport(request, previewRows), this,
        [this, generation](const ImportPreview &preview) {
            if (generation == m_generation)
                showPreview(preview);
        },
        [this](const QString &message) { m_statusLabel->setText(message); });
}

void ImportDialog::showPreview(const ImportPreview &preview)
{
    m_previewReady = true;
    m_previewError = preview.problem ? describe(*preview.problem) : QString();
    m_previewRowProblem = preview.problem && preview.problem->line > 0;

    m_formatCombo->setItemText(0, tr("Detected: %1").arg(formatTitle(preview.format)));
    m_encodingLabel->setText(encodingTitle(preview.encoding));
    setErrorColour(m_encodingLabel, !importable(preview.encoding));
    elideFileName();

    QList<QStringList> fieldsOf(preview.columns.size());
    for (int k = 0; k < fieldCount; ++k) {
        auto *combo = m_fieldCombos[static_cast<size_t>(k)];
        combo->clear();
        combo->addItem(k == 0 ? tr("(choose a column)") : tr("(none)"), QString());
        for (const auto &column : preview.columns)
            combo->addItem(column, column);
        const int column = preview.columnOf[static_cast<size_t>(k)];
        combo->setCurrentIndex(column + 1);
        if (column >= 0)
            fieldsOf[column].append(fieldTitle(k));
        // A column named like the field is read whenever the field is not mapped elsewhere.
        const bool noneAllowed = !preview.foundByName[static_cast<size_t>(k)] || k == 0;
        if (auto *items = qobject_cast<QStandardItemModel *>(combo->model()))
            items->item(0)->setEnabled(noneAllowed);
        combo->setToolTip(noneAllowed ? QString()
                                      : tr("The file has a column the importer reads as %1; map it to "
                                           "another column, or rename that column in the file to leave it out.")
                                            .arg(fieldTitle(k).toLower()));
        combo->setEnabled(!preview.columns.isEmpty());
    }
    m_textMapped = preview.columnOf[0] >= 0;

    m_model->setPreview(preview.columns, preview.rows, fieldsOf, preview.problem ? preview.problem->line : 0,
                        m_previewError);
    m_table->resizeColumnsToContents();
    for (int c = 0; c < m_model->columnCount(); ++c)
        m_table->setColumnWidth(c, std::min(m_table->columnWidth(c), maxColumnWidth));

    const auto rows = static_cast<int>(preview.rows.size());
    if (preview.columns.isEmpty())
        m_previewCaption->setText(tr("Nothing to preview."));
    else if (preview.complete && !preview.problem)
        m_previewCaption->setText(tr("All %Ln rows of the file:", nullptr, rows));
    else
        m_previewCaption->setText(tr("The first %Ln rows of the file:", nullptr, rows));

    m_statusLabel->clear();
    // The preview checked every row of a small file; a larger one is read to the end in the
    // background, so a problem far down shows before Import is pressed.
    if (!preview.problem && !preview.complete)
        startValidation();
    else if (!preview.problem)
        m_statusLabel->setText(tr("All %Ln rows checked: no problems found.", nullptr, rows));
    updateState();
}

void ImportDialog::startValidation()
{
    m_check = std::make_unique<ImportCheck>(request());
    whenDone(
        m_check->outcome(), this,
        [this, generation = m_generation](const ImportCheck::Outcome &outcome) {
            if (generation != m_generation || !m_check || outcome.stopped)
                return;
            m_validationTimer->stop();
            m_check.reset();
            m_validationError = outcome.problem ? describe(*outcome.problem) : QString();
            m_validationRowProblem = outcome.problem && outcome.problem->line > 0;
            if (m_validationError.isEmpty())
                m_statusLabel->setText(
                    tr("All %1 rows checked: no problems found.").arg(QLocale().toString(outcome.rows)));
            else
                m_statusLabel->clear();
            updateState();
        },
        [this](const QString &message) { m_statusLabel->setText(message); });
    m_validationTimer->start();
    showValidationProgress();
}

void ImportDialog::showValidationProgress()
{
    if (!m_check)
        return;
    const quint64 total = m_check->totalBytes();
    const quint64 read = m_check->bytesRead();
    const int percent = total > 0 ? static_cast<int>(read * 100 / total) : 0;
    m_statusLabel->setText(tr("Checking the rest of the file… %1 %").arg(percent));
}

void ImportDialog::fieldChosen(int field)
{
    auto *combo = m_fieldCombos[static_cast<size_t>(field)];
    const QString column = combo->currentData().toString();
    if (column.isEmpty())
        m_mapping.remove(fieldKey(field));
    else
        m_mapping.insert(fieldKey(field), column);
    schedulePreview();
}

void ImportDialog::updateDatasetHint()
{
    const QString name = m_datasetCombo->currentText().trimmed();
    if (name.isEmpty())
        m_datasetHint->setText(tr("Name the dataset to import into."));
    else if (m_datasets.contains(name))
        m_datasetHint->setText(tr("Adds to the existing dataset."));
    else
        m_datasetHint->setText(tr("Creates a new dataset."));
}

void ImportDialog::updateState()
{
    const QString ratio = ratioProblem();
    QString error = m_importError;
    if (error.isEmpty())
        error = !ratio.isEmpty() ? ratio : !m_previewError.isEmpty() ? m_previewError : m_validationError;
    // A problem with one row need not stop the import when such rows are skipped; one with the
    // whole file (its encoding, its header) still does.
    const bool skipping = m_skipInvalid->isChecked();
    const bool previewBlocks = !m_previewError.isEmpty() && !(skipping && m_previewRowProblem);
    const bool validationBlocks = !m_validationError.isEmpty() && !(skipping && m_validationRowProblem);
    if (m_importError.isEmpty() && ratio.isEmpty() && !error.isEmpty() && !previewBlocks && !validationBlocks)
        error = tr("%1 — this row, and any other with a problem, will be skipped and listed in a report beside "
                   "the project.")
                    .arg(error);
    m_errorLabel->setText(error);
    m_errorLabel->setVisible(!error.isEmpty());

    QString blocker;
    if (m_filePath.isEmpty())
        blocker = tr("Choose a file to import.");
    else if (!m_previewReady)
        blocker = tr("Reading the file…");
    else if (previewBlocks || validationBlocks)
        blocker = m_previewRowProblem || m_validationRowProblem
                      ? tr("Fix the problem shown below, choose other columns, or skip rows with problems.")
                      : tr("Fix the problem shown below, or choose other columns.");
    else if (!m_textMapped)
        blocker = tr("Choose the column that holds the text.");
    else if (!ratio.isEmpty())
        blocker = ratio;
    else if (m_datasetCombo->currentText().trimmed().isEmpty())
        blocker = tr("Name the dataset to import into.");
    else if (!m_runner)
        blocker = tr("Open a project to import into.");
    else if (m_imported)
        blocker = tr("This file has been imported.");
    m_importButton->setEnabled(!m_importing && blocker.isEmpty());
    m_importButton->setToolTip(blocker);
}

void ImportDialog::startImport()
{
    if (!m_importButton->isEnabled() || !m_runner)
        return;
    // The import reads every row itself; a check still running would only slow it down.
    m_check.reset();
    m_validationTimer->stop();
    m_importError.clear();
    const auto request = this->request();
    if (!m_runner->start(request))
        return;
    m_progress->setValue(0);
    m_progressLabel->setText(tr("Starting…"));
    m_statusLabel->setText(tr("Importing into “%1”…").arg(request.dataset));
    setImporting(true);
}

void ImportDialog::importProgress(qint64 rows, quint64 bytesRead, quint64 totalBytes)
{
    if (!m_importing)
        return;
    m_progress->setValue(totalBytes > 0 ? static_cast<int>(bytesRead * progressSteps / totalBytes) : 0);
    m_progressLabel->setText(tr("%1 rows").arg(QLocale().toString(rows)));
}

void ImportDialog::importFinished(const ImportResult &result)
{
    if (!m_datasets.contains(result.dataset)) {
        m_datasets.append(result.dataset);
        m_datasetCombo->addItem(result.dataset);
    }
    m_progress->setValue(progressSteps);
    m_progressLabel->setText(tr("%1 rows").arg(QLocale().toString(result.rows)));
    m_imported = true;
    importEnded({}, result.toString());
    Q_EMIT imported(result.dataset);
}

void ImportDialog::importEnded(const QString &error, const QString &status)
{
    m_importError = error;
    if (!error.isEmpty()) {
        m_progress->hide();
        m_progressLabel->hide();
    }
    m_statusLabel->setText(status);
    setImporting(false);
    updateDatasetHint();
}

void ImportDialog::setImporting(bool importing)
{
    m_importing = importing;
    m_settings->setEnabled(!importing);
    m_table->setEnabled(!importing);
    m_skipInvalid->setEnabled(!importing);
    if (importing) {
        m_progress->show();
        m_progressLabel->show();
    }
    m_closeButton->setEnabled(true);
    m_closeButton->setText(importing ? tr("Cancel") : tr("Close"));
    m_closeButton->setToolTip(importing ? tr("Stop the import; nothing is imported.") : QString());
    updateState();
}

void ImportDialog::reject()
{
    if (m_importing) {
        m_runner->cancel();
        m_closeButton->setEnabled(false);
        m_closeButton->setText(tr("Cancelling…"));
        m_statusLabel->setText(tr("Cancelling: rolling the import back…"));
        return;
    }
    QDialog::reject();
}

void ImportDialog::resizeEvent(QResizeEvent *event)
{
    QDialog::resizeEvent(event);
    elideFileName();
}

void ImportDialog::elideFileName()
{
    if (m_filePath.isEmpty())
        return;
    const QFileInfo info(m_filePath);
    QString text = info.fileName();
    if (info.exists())
        text = tr("%1 (%2)").arg(text, QLocale().formattedDataSize(info.size()));
    m_fileLabel->setText(m_fileLabel->fontMetrics().elidedText(text, Qt::ElideMiddle, m_fileLabel->width()));
}

} // namespace glossa::ui
