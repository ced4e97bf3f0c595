// The hyperparameter editor generated from TrainConfig's schema: one editor per visible setting
// in schema order, inline problems from validate() and from text that is not a number, resets,
// undo with merged typing, basic and advanced views, settings per model type, presets through
// signals, the comparison with an earlier run, and schema texts that can all be translated.

#include "ui/train/configeditor.h"
#include "ui/train/configfieldtexts.h"

#include "train/trainconfig.h"
#include "ui/session/modelfolderinspector.h"
#include "ui/session/qtcore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTranslator>
#include <QTreeWidget>
#include <QUndoStack>

using namespace glossa;
using core::train::ConfigField;
using core::train::TrainConfig;
using core::train::ValueKind;
using ui::ConfigEditor;

namespace {

QString name(const char *prefix, const std::string &key)
{
    return QLatin1String(prefix) + ui::fromUtf8(key);
}

QLineEdit *lineEdit(const ConfigEditor &editor, const std::string &key)
{
    return editor.findChild<QLineEdit *>(name("editor:", key));
}

QComboBox *comboBox(const ConfigEditor &editor, const std::string &key)
{
    return editor.findChild<QComboBox *>(name("editor:", key));
}

QWidget *row(const ConfigEditor &editor, const std::string &key)
{
    return editor.findChild<QWidget *>(name("row:", key));
}

QLabel *message(const ConfigEditor &editor, const std::string &key)
{
    return editor.findChild<QLabel *>(name("message:", key));
}

bool shown(const ConfigEditor &editor, QWidget *widget)
{
    return widget && widget->isVisibleTo(&editor);
}

// Replaces the field's text key by key, as a user selecting it and typing would.
void typeInto(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClicks(edit, text);
}

void finishEditing(QLineEdit *edit)
{
    QTest::keyClick(edit, Qt::Key_Return);
}

TrainConfig shownConfig(const ConfigEditor &editor)
{
    return TrainConfig::fromJsonString(ui::toUtf8(editor.configJson()));
}

QString json(const TrainConfig &config)
{
    return ui::fromUtf8(config.toJsonString());
}

void choose(QComboBox *combo, const char *value)
{
    const int index = combo->findData(QString::fromLatin1(value));
    QVERIFY(index >= 0);
    combo->setCurrentIndex(index);
}

// Stands in for a translation, to show labels are translated when they are shown.
class FakeTranslator : public QTranslator
{
public:
    bool isEmpty() const override { return false; }
    QString translate(const char *context, const char *sourceText, const char *, int) const override
    {
        if (QLatin1String(context) == QLatin1String("ConfigField")
            && QLatin1String(sourceText) == QLatin1String("Learning rate"))
            return QStringLiteral("Lernrate");
        return {};
    }
};

} // namespace

class ConfigEditorTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formFollowsTheSchema();
    void outOfRangeValueShowsItsMessage();
    void textThatIsNotANumberKeepsTheLastValue();
    void combinationProblemAppearsUnderItsField();
    void resetRestoresTheDefault();
    void undoRedoAndMergedTyping();
    void presetLoadIsOneUndoableStep();
    void advancedSettingsHideAndShow();
    void modelTypeChoosesTheSettingsShown();
    void modelFolderIsDescribed();
    void largeModelOffersFeaturesFirst();
    void presetButtonsEmitRequests();
    void comparisonWithARun();
    void schemaTextsAreTranslatable();
};

void ConfigEditorTest::formFollowsTheSchema()
{
    ConfigEditor editor;
    editor.resize(520, 900);
    editor.show();

    QStringList groups;
    for (const auto &field : TrainConfig::schema())
        if (!groups.contains(ui::fromUtf8(field.group)))
            groups.append(ui::fromUtf8(field.group));
    QStringList shownGroups;
    QWidget *form = editor.findChild<QWidget *>(QStringLiteral("configForm"));
    QVERIFY(form);
    for (int i = 0; i < form->layout()->count(); ++i)
        if (auto *box = qobject_cast<QGroupBox *>(form->layout()->itemAt(i)->widget()))
            shownGroups.append(box->title());
    QCOMPARE(shownGroups, groups);

    // The basic view of a bag model: the basic settings that apply to it, each with the editor of
    // its kind, its label and its unit, in schema order within its group.
    int expectedVisible = 0;
    for (const auto &field : TrainConfig::schema()) {
        const bool applies = TrainConfig().applies(field); // a bag model with AdamW
        const bool expected = applies && !field.advanced;
        QWidget *fieldRow = row(editor, field.key);
        QVERIFY2(fieldRow, field.key.c_str());
        QVERIFY2(shown(editor, fieldRow) == expected, field.key.c_str());
        expectedVisible += expected ? 1 : 0;
        QWidget *fieldEditor = editor.findChild<QWidget *>(name("editor:", field.key));
        switch (field.kind) {
        case ValueKind::Choice: QVERIFY(qobject_cast<QComboBox *>(fieldEditor)); break;
        case ValueKind::Boolean: QVERIFY(qobject_cast<QCheckBox *>(fieldEditor)); break;
        default: QVERIFY2(qobject_cast<QLineEdit *>(fieldEditor), field.key.c_str()); break;
        }
        QCOMPARE(editor.findChild<QLabel *>(name("label:", field.key))->text(), ui::fromUtf8(field.label));
        // Where 0 means "picked from the data" the note says so in place of the unit.
        const QString unit = field.automaticAtZero ? QStringLiteral("auto") : ui::fromUtf8(field.unit);
        if (field.key != "optimizer.learning_rate")
            QCOMPARE(editor.findChild<QLabel *>(name("unit:", field.key))->text(), unit);
        QVERIFY(fieldEditor->toolTip().contains(ui::fromUtf8(field.description).toHtmlEscaped()));
    }
    int visibleEditors = 0;
    for (QWidget *widget : editor.findChildren<QWidget *>())
        if (widget->objectName().startsWith(QLatin1String("editor:")) && shown(editor, widget))
            ++visibleEditors;
    QCOMPARE(visibleEditors, expectedVisible);

    // Learning rates read in scientific notation; 0 says what it picks for the model.
    QCOMPARE(lineEdit(editor, "optimizer.learning_rate")->text(), QStringLiteral("0"));
    auto *rateNote = editor.findChild<QLabel *>(QStringLiteral("unit:optimizer.learning_rate"));
    QCOMPARE(rateNote->text(), QStringLiteral("auto: 2e-2"));
    choose(comboBox(editor, "model.type"), "transformer");
    QCOMPARE(rateNote->text(), QStringLiteral("auto: 5e-4"));
    TrainConfig config;
    config.set("optimizer.learning_rate", 3e-4);
    QVERIFY(editor.setConfigJson(json(config), QStringLiteral("Load")));
    QCOMPARE(lineEdit(editor, "optimizer.learning_rate")->text(), QStringLiteral("3e-4"));
    QVERIFY(rateNote->text().isEmpty());
    QVERIFY(lineEdit(editor, "optimizer.learning_rate")->toolTip().contains(QStringLiteral("Default: 0")));
}

void ConfigEditorTest::outOfRangeValueShowsItsMessage()
{
    ConfigEditor editor;
    editor.show();
    QSignalSpy validity(&editor, &ConfigEditor::validityChanged);
    QLineEdit *edit = lineEdit(editor, "model.embedding_dim");
    QLabel *problem = message(editor, "model.embedding_dim");
    QVERIFY(editor.isValid());
    QVERIFY(!shown(editor, problem));

    typeInto(edit, QStringLiteral("4"));
    QVERIFY(!editor.isValid());
    QCOMPARE(validity.count(), 1);
    QCOMPARE(validity.at(0).at(0).toBool(), false);
    QVERIFY(shown(editor, problem));
    QCOMPARE(problem->text(), QStringLiteral("Must be from 8 to 2048"));
    QCOMPARE(editor.problems(), QStringList{QStringLiteral("Embedding size: Must be from 8 to 2048")});
    // Out of range is kept as typed, not clamped: the run would be refused, so the user fixes it.
    QCOMPARE(edit->text(), QStringLiteral("4"));
    QCOMPARE(shownConfig(editor).integer("model.embedding_dim"), 4);
    QVERIFY(shown(editor, editor.findChild<QLabel *>(QStringLiteral("problemSummary"))));

    typeInto(edit, QStringLiteral("128"));
    QVERIFY(editor.isValid());
    QCOMPARE(validity.count(), 2);
    QCOMPARE(validity.at(1).at(0).toBool(), true);
    QVERIFY(!shown(editor, problem));
    QVERIFY(editor.problems().isEmpty());
    QCOMPARE(shownConfig(editor).integer("model.embedding_dim"), 128);
}

void ConfigEditorTest::textThatIsNotANumberKeepsTheLastValue()
{
    ConfigEditor editor;
    editor.show();
    QLineEdit *rate = lineEdit(editor, "optimizer.learning_rate");
    typeInto(rate, QStringLiteral("1e-3"));
    finishEditing(rate);
    const int steps = editor.undoStack()->count();

    typeInto(rate, QStringLiteral("abc"));
    QCOMPARE(rate->text(), QStringLiteral("abc"));
    QVERIFY(!editor.isValid());
    QVERIFY(shown(editor, message(editor, "optimizer.learning_rate")));
    QCOMPARE(message(editor, "optimizer.learning_rate")->text(), QStringLiteral("“abc” is not a number"));
    QCOMPARE(shownConfig(editor).real("optimizer.learning_rate"), 1e-3);
    QCOMPARE(editor.undoStack()->count(), steps);
    QVERIFY(editor.findChild<QToolButton *>(QStringLiteral("reset:optimizer.learning_rate"))->isEnabled());
    // Leaving the field keeps the text and its message.
    finishEditing(rate);
    QCOMPARE(rate->text(), QStringLiteral("abc"));

    // A whole number field refuses a fraction; an empty one asks for a number.
    QLineEdit *epochs = lineEdit(editor, "optimizer.epochs");
    typeInto(epochs, QStringLiteral("2.5"));
    QCOMPARE(message(editor, "optimizer.epochs")->text(), QStringLiteral("“2.5” is not a whole number"));
    QCOMPARE(shownConfig(editor).integer("optimizer.epochs"), 2);
    QCOMPARE(editor.problems().size(), 2);

    typeInto(rate, QStringLiteral("2e-3"));
    typeInto(epochs, QStringLiteral("4"));
    QVERIFY(editor.isValid());
    QCOMPARE(shownConfig(editor).real("optimizer.learning_rate"), 2e-3);
    QCOMPARE(shownConfig(editor).integer("optimizer.epochs"), 4);
}

void ConfigEditorTest::combinationProblemAppearsUnderItsField()
{
    ConfigEditor editor;
    editor.show();
    TrainConfig transformer;
    transformer.set("model.type", std::string("transformer"));
    QVERIFY(editor.setConfigJson(json(transformer), QStringLiteral("Load")));
    QVERIFY(editor.isValid());

    typeInto(lineEdit(editor, "model.heads"), QStringLiteral("3"));
    QVERIFY(!editor.isValid());
    QVERIFY(shown(editor, message(editor, "model.heads")));
    QCOMPARE(message(editor, "model.heads")->text(), QStringLiteral("Must divide the embedding size (64)"));
    QVERIFY(!shown(editor, message(editor, "model.embedding_dim")));
    QCOMPARE(editor.problems(), QStringList{QStringLiteral("Attention heads: Must divide the embedding size (64)")});

    typeInto(lineEdit(editor, "model.embedding_dim"), QStringLiteral("96"));
    QVERIFY(editor.isValid());
    QVERIFY(!shown(editor, message(editor, "model.heads")));

    // A text setting checked by validate(): the device.
    typeInto(lineEdit(editor, "run.device"), QStringLiteral("gpu"));
    QVERIFY(!editor.isValid());
    QVERIFY(shown(editor, message(editor, "run.device")));
    QCOMPARE(shownConfig(editor).text("run.device"), std::string("gpu"));
    typeInto(lineEdit(editor, "run.device"), QStringLiteral("cuda:0"));
    QVERIFY(editor.isValid());
}

void ConfigEditorTest::resetRestoresTheDefault()
{
    ConfigEditor editor;
    editor.show();
    QUndoStack *stack = editor.undoStack();
    QLineEdit *batch = lineEdit(editor, "optimizer.batch_size");
    auto *reset = editor.findChild<QToolButton *>(QStringLiteral("reset:optimizer.batch_size"));
    QVERIFY(reset);
    QVERIFY(!reset->isEnabled());

    typeInto(batch, QStringLiteral("128"));
    finishEditing(batch);
    QVERIFY(reset->isEnabled());
    QTest::mouseClick(reset, Qt::LeftButton);
    QCOMPARE(shownConfig(editor).integer("optimizer.batch_size"), 64);
    QCOMPARE(batch->text(), QStringLiteral("64"));
    QVERIFY(!reset->isEnabled());
    QCOMPARE(stack->count(), 2);
    QCOMPARE(stack->undoText(), QStringLiteral("Reset Batch size to 64"));

    stack->undo();
    QCOMPARE(batch->text(), QStringLiteral("128"));
    QVERIFY(reset->isEnabled());
    stack->redo();
    QCOMPARE(batch->text(), QStringLiteral("64"));

    // Text that is not a number over the default: reset puts the default back, no step needed.
    typeInto(batch, QStringLiteral("lots"));
    QVERIFY(reset->isEnabled());
    QTest::mouseClick(reset, Qt::LeftButton);
    QCOMPARE(batch->text(), QStringLiteral("64"));
    QVERIFY(editor.isValid());
    QVERIFY(!reset->isEnabled());
    QCOMPARE(stack->count(), 2);

    // A choice resets too.
    QComboBox *schedule = comboBox(editor, "optimizer.schedule");
    choose(schedule, "cosine");
    auto *scheduleReset = editor.findChild<QToolButton *>(QStringLiteral("reset:optimizer.schedule"));
    QVERIFY(scheduleReset->isEnabled());
    scheduleReset->click();
    QCOMPARE(schedule->currentData().toString(), QStringLiteral("linear"));
    QCOMPARE(shownConfig(editor), TrainConfig());
}

void ConfigEditorTest::undoRedoAndMergedTyping()
{
    ConfigEditor editor;
    editor.show();
    QUndoStack *stack = editor.undoStack();
    QLineEdit *rate = lineEdit(editor, "optimizer.learning_rate");

    // "3", "3e", "3e-", "3e-4": the half-typed exponent is no step, and the keystrokes are one.
    typeInto(rate, QStringLiteral("3e-4"));
    QCOMPARE(stack->count(), 1);
    QCOMPARE(stack->undoText(), QStringLiteral("Set Learning rate to 3e-4"));
    QCOMPARE(shownConfig(editor).real("optimizer.learning_rate"), 3e-4);
    QVERIFY(editor.isValid());
    finishEditing(rate);
    QCOMPARE(rate->text(), QStringLiteral("3e-4"));

    stack->undo();
    QCOMPARE(rate->text(), QStringLiteral("0"));
    QCOMPARE(shownConfig(editor).real("optimizer.learning_rate"), 0.0);
    stack->redo();
    QCOMPARE(rate->text(), QStringLiteral("3e-4"));
    QCOMPARE(shownConfig(editor).real("optimizer.learning_rate"), 3e-4);

    // Typed in plain notation, shown in scientific once the field is left.
    typeInto(rate, QStringLiteral("0.001"));
    QCOMPARE(rate->text(), QStringLiteral("0.001"));
    QCOMPARE(stack->count(), 2);
    finishEditing(rate);
    QCOMPARE(rate->text(), QStringLiteral("1e-3"));

    // Another field is another step; typing back to where it started leaves no step at all.
    QLineEdit *epochs = lineEdit(editor, "optimizer.epochs");
    typeInto(epochs, QStringLiteral("5"));
    QCOMPARE(stack->count(), 3);
    QCOMPARE(stack->undoText(), QStringLiteral("Set Epochs to 5"));
    finishEditing(epochs);
    typeInto(epochs, QStringLiteral("1"));
    QCOMPARE(stack->count(), 4);
    QTest::keyClicks(epochs, QStringLiteral("0"));
    QTest::keyClick(epochs, Qt::Key_Backspace);
    QTest::keyClick(epochs, Qt::Key_Backspace);
    QTest::keyClicks(epochs, QStringLiteral("5"));
    QCOMPARE(stack->count(), 3);
    QCOMPARE(shownConfig(editor).integer("optimizer.epochs"), 5);

    // A choice is one step with the choice's name.
    QComboBox *optimizer = comboBox(editor, "optimizer.type");
    choose(optimizer, "sgd");
    QCOMPARE(stack->count(), 4);
    QCOMPARE(stack->undoText(), QStringLiteral("Set Optimizer to SGD"));
    stack->undo();
    QCOMPARE(optimizer->currentData().toString(), QStringLiteral("adamw"));
    QCOMPARE(shownConfig(editor).text("optimizer.type"), std::string("adamw"));

    stack->setIndex(0);
    QCOMPARE(shownConfig(editor), TrainConfig());
    QCOMPARE(rate->text(), QStringLiteral("0"));
    QCOMPARE(epochs->text(), QStringLiteral("0"));
}

void ConfigEditorTest::presetLoadIsOneUndoableStep()
{
    ConfigEditor editor;
    editor.show();
    QUndoStack *stack = editor.undoStack();
    QSignalSpy changed(&editor, &ConfigEditor::configChanged);

    TrainConfig fast;
    fast.set("optimizer.epochs", std::int64_t(3));
    fast.set("model.embedding_dim", std::int64_t(32));
    fast.set("optimizer.schedule", std::string("cosine"));
    QVERIFY(editor.setConfigJson(json(fast), QStringLiteral("Load preset Fast")));
    QCOMPARE(stack->count(), 1);
    QCOMPARE(stack->undoText(), QStringLiteral("Load preset Fast"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(shownConfig(editor), fast);
    QCOMPARE(lineEdit(editor, "optimizer.epochs")->text(), QStringLiteral("3"));
    QCOMPARE(comboBox(editor, "optimizer.schedule")->currentData().toString(), QStringLiteral("cosine"));

    stack->undo();
    QCOMPARE(shownConfig(editor), TrainConfig());
    QCOMPARE(lineEdit(editor, "optimizer.epochs")->text(), QStringLiteral("0"));
    QCOMPARE(lineEdit(editor, "model.embedding_dim")->text(), QStringLiteral("64"));
    stack->redo();
    QCOMPARE(shownConfig(editor), fast);
    stack->undo();

    // Not JSON, or a setting that does not exist: refused, nothing changes.
    changed.clear();
    QVERIFY(!editor.setConfigJson(QStringLiteral("{not json"), QStringLiteral("Load preset Broken")));
    QVERIFY(!editor.setConfigJson(QStringLiteral(R"({"model": {"colour": "red"}})"), QStringLiteral("Load")));
    QCOMPARE(stack->count(), 1);
    QCOMPARE(stack->index(), 0);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(shownConfig(editor), TrainConfig());
}

void ConfigEditorTest::advancedSettingsHideAndShow()
{
    ConfigEditor editor;
    editor.resize(520, 900);
    editor.show();
    auto *toggle = editor.findChild<QCheckBox *>(QStringLiteral("advancedToggle"));
    QVERIFY(toggle);
    QCOMPARE(toggle->text(), QStringLiteral("Show advanced settings"));
    QVERIFY(!editor.advancedVisible());
    QVERIFY(!shown(editor, row(editor, "model.pooling")));
    QVERIFY(!shown(editor, row(editor, "optimizer.momentum")));

    QSignalSpy visibility(&editor, &ConfigEditor::advancedVisibleChanged);
    QTest::mouseClick(toggle, Qt::LeftButton, {}, QPoint(8, toggle->height() / 2));
    QVERIFY(editor.advancedVisible());
    QCOMPARE(visibility.count(), 1);
    QCOMPARE(visibility.at(0).at(0).toBool(), true);
    for (const auto &field : TrainConfig::schema()) {
        const bool applies = TrainConfig().applies(field); // a bag model with AdamW
        QVERIFY2(shown(editor, row(editor, field.key)) == applies, field.key.c_str());
    }

    // Momentum is SGD's: it shows when SGD is chosen.
    QVERIFY(!shown(editor, row(editor, "optimizer.momentum")));
    choose(comboBox(editor, "optimizer.type"), "sgd");
    QVERIFY(shown(editor, row(editor, "optimizer.momentum")));
    editor.undoStack()->undo();
    QVERIFY(!shown(editor, row(editor, "optimizer.momentum")));

    editor.setAdvancedVisible(false);
    QVERIFY(!toggle->isChecked());
    QVERIFY(!shown(editor, row(editor, "model.pooling")));
    QCOMPARE(visibility.count(), 2);

    // Changed advanced settings are counted on the toggle.
    TrainConfig tuned;
    tuned.set("optimizer.type", std::string("sgd"));
    tuned.set("optimizer.momentum", 0.5);
    tuned.set("optimizer.grad_clip", 5.0);
    QVERIFY(editor.setConfigJson(json(tuned), QStringLiteral("Load")));
    QCOMPARE(toggle->text(), QStringLiteral("Show advanced settings (2 changed)"));
    QVERIFY(toggle->toolTip().contains(QStringLiteral("Momentum")));
    QVERIFY(!shown(editor, row(editor, "optimizer.momentum")));

    // An advanced setting with a problem shows in the basic view, or it could not be fixed.
    tuned.set("optimizer.momentum", 5.0);
    QVERIFY(editor.setConfigJson(json(tuned), QStringLiteral("Load")));
    QVERIFY(shown(editor, row(editor, "optimizer.momentum")));
    QVERIFY(shown(editor, message(editor, "optimizer.momentum")));
    typeInto(lineEdit(editor, "optimizer.momentum"), QStringLiteral("0.8"));
    QVERIFY(editor.isValid());
    QVERIFY(!shown(editor, row(editor, "optimizer.momentum")));
}

void ConfigEditorTest::modelTypeChoosesTheSettingsShown()
{
    ConfigEditor editor;
    editor.show();
    QComboBox *type = comboBox(editor, "model.type");
    QVERIFY(shown(editor, row(editor, "model.ngram_order")));
    QVERIFY(!shown(editor, row(editor, "model.layers")));
    QVERIFY(!shown(editor, row(editor, "model.heads")));

    choose(type, "transformer");
    QCOMPARE(editor.undoStack()->undoText(), QStringLiteral("Set Model to Transformer"));
    QVERIFY(!shown(editor, row(editor, "model.ngram_order")));
    QVERIFY(shown(editor, row(editor, "model.layers")));
    QVERIFY(shown(editor, row(editor, "model.heads")));
    editor.setAdvancedVisible(true);
    QVERIFY(shown(editor, row(editor, "model.ff_dim")));
    QVERIFY(!shown(editor, row(editor, "model.hash_buckets")));
    QVERIFY(!shown(editor, row(editor, "optimizer.layer_decay"))); // pretrained models only

    editor.undoStack()->undo();
    QCOMPARE(type->currentData().toString(), QStringLiteral("bag"));
    QVERIFY(shown(editor, row(editor, "model.ngram_order")));
    QVERIFY(shown(editor, row(editor, "model.hash_buckets")));
    QVERIFY(!shown(editor, row(editor, "model.layers")));
    QVERIFY(!shown(editor, row(editor, "model.ff_dim")));

    // A pretrained model shows its own settings and needs its folder, said under the field.
    choose(type, "pretrained");
    QVERIFY(!editor.isValid());
    QVERIFY(shown(editor, row(editor, "model.path")));
    QVERIFY(shown(editor, row(editor, "finetune.strategy")));
    QVERIFY(!shown(editor, row(editor, "model.ngram_order")));
    QVERIFY(shown(editor, message(editor, "model.path")));
    QVERIFY(shown(editor, row(editor, "optimizer.layer_decay"))); // advanced, shown since above
    QVERIFY(!shown(editor, row(editor, "tokenizer.vocab_size"))); // the model brings its vocabulary
    QVERIFY(!shown(editor, row(editor, "model.pooling")));        // and its head

    // Each strategy shows its own settings only.
    QComboBox *strategy = comboBox(editor, "finetune.strategy");
    QCOMPARE(strategy->currentData().toString(), QStringLiteral("full"));
    QVERIFY(!shown(editor, row(editor, "finetune.frozen_layers")));
    QVERIFY(!shown(editor, row(editor, "lora.rank")));
    choose(strategy, "lora");
    QVERIFY(shown(editor, row(editor, "lora.rank")));
    QVERIFY(shown(editor, row(editor, "lora.targets")));
    QVERIFY(!shown(editor, row(editor, "finetune.frozen_layers")));
    choose(strategy, "frozen");
    QVERIFY(shown(editor, row(editor, "finetune.frozen_layers")));
    QVERIFY(!shown(editor, row(editor, "lora.rank")));
}

// A pretrained model's folder is read off the UI thread and described under the field: family,
// size, vocabulary, longest input and the memory a training step takes; a folder that is not a
// model is a problem of the field.
void ConfigEditorTest::modelFolderIsDescribed()
{
    QTemporaryDir folder;
    QFile config(folder.filePath(QStringLiteral("config.json")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(R"({"model_type": "bert", "vocab_size": 250037, "hidden_size": 384, "num_hidden_layers": 12,
        "num_attention_heads": 12, "intermediate_size": 1536, "max_position_embeddings": 512})");
    config.close();
    for (const auto *name : {"sentencepiece.bpe.model", "model.safetensors"}) {
        QFile file(folder.filePath(QLatin1String(name)));
        QVERIFY(file.open(QIODevice::WriteOnly));
    }

    ConfigEditor editor;
    editor.show();
    choose(comboBox(editor, "model.type"), "pretrained");
    QVERIFY(!editor.isValid()); // no folder yet
    QLineEdit *path = lineEdit(editor, "model.path");
    QVERIFY(path);
    QVERIFY(editor.findChild<QToolButton *>(QStringLiteral("browse:model.path")));
    typeInto(path, folder.path());
    finishEditing(path);
    auto *info = editor.findChild<QLabel *>(QStringLiteral("info:model.path"));
    QTRY_VERIFY_WITH_TIMEOUT(info->isVisibleTo(&editor) && info->text().contains(QLatin1String("117.5")), 10000);
    const QString described = info->text().replace(QChar::Nbsp, QLatin1Char(' '));
    QVERIFY2(described.contains(QString::fromUtf8("BERT (sentencepiece.bpe.model), 12 layers × 384")),
             qPrintable(described));
    QVERIFY(described.contains(QLatin1String("250,037")));
    QVERIFY(described.contains(QLatin1String("512 tokens")));
    QVERIFY(editor.isValid());

    // The memory estimate follows the batch size.
    const QString before = info->text();
    typeInto(lineEdit(editor, "optimizer.batch_size"), QStringLiteral("8"));
    finishEditing(lineEdit(editor, "optimizer.batch_size"));
    QTRY_VERIFY_WITH_TIMEOUT(info->text() != before && info->text().contains(QString::fromUtf8("batch\u00a08")), 10000);

    typeInto(path, folder.filePath(QStringLiteral("missing")));
    finishEditing(path);
    QTRY_VERIFY_WITH_TIMEOUT(shown(editor, message(editor, "model.path")) && !editor.isValid(), 10000);
    QVERIFY(message(editor, "model.path")->text().contains(QLatin1String("Not a folder")));

    // mdeberta-v3-base as the Hub has it, with pickled weights only: said, with the command
    // that converts them; converted, it is described as any other model.
    QTemporaryDir deberta;
    QFile debertaConfig(deberta.filePath(QStringLiteral("config.json")));
    QVERIFY(debertaConfig.open(QIODevice::WriteOnly));
    debertaConfig.write(R"({"model_type": "deberta-v2", "hidden_size": 768, "intermediate_size": 3072,
        "max_position_embeddings": 512, "relative_attention": true, "position_buckets": 256,
        "norm_rel_ebd": "layer_norm", "share_att_key": true, "pos_att_type": "p2c|c2p", "layer_norm_eps": 1e-7,
        "max_relative_positions": -1, "position_biased_input": false, "num_attention_heads": 12,
        "num_hidden_layers": 12, "type_vocab_size": 0, "vocab_size": 251000})");
    debertaConfig.close();
    for (const auto *name : {"pytorch_model.bin", "spm.model"}) {
        QFile file(deberta.filePath(QLatin1String(name)));
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    typeInto(path, deberta.path());
    finishEditing(path);
    QTRY_VERIFY_WITH_TIMEOUT(message(editor, "model.path")->text().contains(QLatin1String("pytorch_model.bin")), 10000);
    QVERIFY(message(editor, "model.path")->text().contains(QLatin1String("safetensors.torch")));
    QVERIFY(!editor.isValid());
    QFile converted(deberta.filePath(QStringLiteral("model.safetensors")));
    QVERIFY(converted.open(QIODevice::WriteOnly));
    converted.close();
    typeInto(path, QString());
    finishEditing(path);
    typeInto(path, deberta.path());
    finishEditing(path);
    QTRY_VERIFY_WITH_TIMEOUT(info->isVisibleTo(&editor)
                                 && info->text()
                                        .replace(QChar::Nbsp, QLatin1Char(' '))
                                        .contains(QString::fromUtf8("DeBERTa-v2 (spm.model), 12 layers × 768")),
                             10000);
    QVERIFY(editor.isValid());
}

// Under the fine-tuning strategy: full fine-tuning's time here against features', for the
// dataset's texts; a model that is large for the machine offers features with a link, which
// switches to it as one undoable step; a small model offers nothing.
void ConfigEditorTest::largeModelOffersFeaturesFirst()
{
    QTemporaryDir folder;
    QFile config(folder.filePath(QStringLiteral("config.json")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    // XLM-R large's shape: 24 layers × 1024, the XLM-R vocabulary.
    config.write(R"({"model_type": "xlm-roberta", "vocab_size": 250002, "hidden_size": 1024, "num_hidden_layers": 24,
        "num_attention_heads": 16, "intermediate_size": 4096, "max_position_embeddings": 514})");
    config.close();
    for (const auto *name : {"sentencepiece.bpe.model", "model.safetensors"}) {
        QFile file(folder.filePath(QLatin1String(name)));
        QVERIFY(file.open(QIODevice::WriteOnly));
    }

    ConfigEditor editor;
    editor.show();
    editor.setDatasetTexts(2152);
    choose(comboBox(editor, "model.type"), "pretrained");
    typeInto(lineEdit(editor, "model.path"), folder.path());
    finishEditing(lineEdit(editor, "model.path"));
    auto *advice = editor.findChild<QLabel *>(QStringLiteral("info:finetune.strategy"));
    QVERIFY(advice);
    QTRY_VERIFY_WITH_TIMEOUT(advice->isVisibleTo(&editor) && advice->text().contains(QLatin1String("href")), 10000);
    QVERIFY2(advice->text().contains(QLatin1String("2,152 texts")), qPrintable(advice->text()));
    QVERIFY(advice->text().contains(QLatin1String("Use features")));
    if (!qEnvironmentVariableIsEmpty("GLOSSA_SCREENSHOT_DIR")) { // to look at, not an assertion
        editor.resize(900, 760);
        editor.grab().save(
            QDir(qEnvironmentVariable("GLOSSA_SCREENSHOT_DIR")).filePath(QStringLiteral("train-strategy.png")));
    }

    Q_EMIT advice->linkActivated(QStringLiteral("action"));
    QComboBox *strategy = comboBox(editor, "finetune.strategy");
    QCOMPARE(strategy->currentData().toString(), QStringLiteral("features"));
    QVERIFY(shown(editor, row(editor, "finetune.head")));
    // Chosen, it is no longer offered; the times stay. The folder is inspected again off the UI
    // thread, which took over 5 s once with the whole suite running beside it.
    QTRY_VERIFY_WITH_TIMEOUT(!advice->text().contains(QLatin1String("href")) && advice->isVisibleTo(&editor), 20000);
    editor.undoStack()->undo();
    QCOMPARE(strategy->currentData().toString(), QStringLiteral("full"));

    // int8 is offered beside the quantization, shown with the model, and taken the same way.
    auto *int8 = editor.findChild<QLabel *>(QStringLiteral("info:model.quantize"));
    QVERIFY(int8);
    QTRY_VERIFY2(int8->text().contains(QLatin1String("Use int8")), qPrintable(int8->text()));
    QVERIFY(shown(editor, row(editor, "model.quantize")) && int8->isVisibleTo(&editor));
    Q_EMIT int8->linkActivated(QStringLiteral("action"));
    QCOMPARE(comboBox(editor, "model.quantize")->currentData().toString(), QStringLiteral("int8"));
    QTRY_VERIFY(!int8->text().contains(QLatin1String("href")));
    editor.undoStack()->undo();
    QCOMPARE(comboBox(editor, "model.quantize")->currentData().toString(), QStringLiteral("none"));

    // A small model (the tiny test encoders' size) trains fully in minutes: nothing offered.
    ui::ModelFolderInfo info;
    QFile small(folder.filePath(QStringLiteral("config.json")));
    QVERIFY(small.open(QIODevice::WriteOnly | QIODevice::Truncate));
    small.write(R"({"model_type": "xlm-roberta", "vocab_size": 120, "hidden_size": 32, "num_hidden_layers": 2,
        "num_attention_heads": 4, "intermediate_size": 64, "max_position_embeddings": 42})");
    small.close();
    ui::describeModelFolder(folder.path(), 64, 32, false, info, 2152);
    QVERIFY(!info.featuresFirst);
    QVERIFY(!info.strategyAdvice.isEmpty());
}

void ConfigEditorTest::presetButtonsEmitRequests()
{
    ConfigEditor editor;
    editor.show();
    QStringList suggestions;
    QStringList questions;
    QString answer;
    bool confirm = true;
    editor.setNamePrompt([&](const QString &suggestion) {
        suggestions.append(suggestion);
        return answer;
    });
    editor.setConfirmation([&](const QString &, const QString &question) {
        questions.append(question);
        return confirm;
    });
    QSignalSpy saved(&editor, &ConfigEditor::savePresetRequested);
    QSignalSpy loaded(&editor, &ConfigEditor::loadPresetRequested);
    QSignalSpy deleted(&editor, &ConfigEditor::deletePresetRequested);
    auto *presets = editor.findChild<QComboBox *>(QStringLiteral("presetCombo"));
    auto *load = editor.findChild<QPushButton *>(QStringLiteral("loadPresetButton"));
    auto *save = editor.findChild<QPushButton *>(QStringLiteral("savePresetButton"));
    auto *remove = editor.findChild<QPushButton *>(QStringLiteral("deletePresetButton"));
    QVERIFY(presets && load && save && remove);
    QVERIFY(!load->isEnabled());
    QVERIFY(!remove->isEnabled());

    editor.setPresetNames({QStringLiteral("Fast"), QStringLiteral("Large")});
    QCOMPARE(presets->count(), 2);
    typeInto(lineEdit(editor, "optimizer.epochs"), QStringLiteral("3"));

    // A new name: saved without a question, with the settings shown.
    answer = QStringLiteral("  Tiny ");
    QTest::mouseClick(save, Qt::LeftButton);
    QCOMPARE(saved.count(), 1);
    QCOMPARE(saved.at(0).at(0).toString(), QStringLiteral("Tiny"));
    QCOMPARE(TrainConfig::fromJsonString(ui::toUtf8(saved.at(0).at(1).toString())), shownConfig(editor));
    QCOMPARE(TrainConfig::fromJsonString(ui::toUtf8(saved.at(0).at(1).toString())).integer("optimizer.epochs"), 3);
    QVERIFY(questions.isEmpty());
    // The owner stores it and lists it; the editor then has it chosen.
    editor.setPresetNames({QStringLiteral("Fast"), QStringLiteral("Large"), QStringLiteral("Tiny")});
    QCOMPARE(editor.currentPresetName(), QStringLiteral("Tiny"));
    QVERIFY(load->isEnabled());

    // An existing name asks first; no means nothing is saved.
    answer = QStringLiteral("Fast");
    confirm = false;
    QTest::mouseClick(save, Qt::LeftButton);
    QCOMPARE(suggestions.last(), QStringLiteral("Tiny"));
    QCOMPARE(questions.size(), 1);
    QVERIFY(questions.first().contains(QStringLiteral("Fast")));
    QCOMPARE(saved.count(), 1);
    confirm = true;
    QTest::mouseClick(save, Qt::LeftButton);
    QCOMPARE(saved.count(), 2);
    QCOMPARE(saved.at(1).at(0).toString(), QStringLiteral("Fast"));
    editor.setPresetNames({QStringLiteral("Fast"), QStringLiteral("Large"), QStringLiteral("Tiny")});
    QCOMPARE(editor.currentPresetName(), QStringLiteral("Fast"));

    // A cancelled prompt saves nothing.
    answer.clear();
    QTest::mouseClick(save, Qt::LeftButton);
    QCOMPARE(saved.count(), 2);

    presets->setCurrentIndex(presets->findText(QStringLiteral("Large")));
    QTest::mouseClick(load, Qt::LeftButton);
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(loaded.at(0).at(0).toString(), QStringLiteral("Large"));

    questions.clear();
    confirm = false;
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(questions.size(), 1);
    QVERIFY(questions.first().contains(QStringLiteral("Large")));
    QCOMPARE(deleted.count(), 0);
    confirm = true;
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(deleted.count(), 1);
    QCOMPARE(deleted.at(0).at(0).toString(), QStringLiteral("Large"));

    editor.setPresetNames({QStringLiteral("Fast"), QStringLiteral("Tiny")});
    QVERIFY(editor.currentPresetName().isEmpty());
    QVERIFY(!load->isEnabled());
    QVERIFY(!remove->isEnabled());
}

void ConfigEditorTest::comparisonWithARun()
{
    ConfigEditor editor;
    editor.resize(520, 900);
    editor.show();
    QUndoStack *stack = editor.undoStack();
    TrainConfig baseline;
    baseline.set("optimizer.epochs", std::int64_t(3));
    baseline.set("optimizer.learning_rate", 1e-3);
    baseline.set("model.pooling", std::string("max"));
    TrainConfig encoder;
    encoder.set("model.type", std::string("transformer"));
    editor.setComparableRuns({{4, QStringLiteral("baseline"), json(baseline)},
                              {9, QStringLiteral("encoder"), json(encoder)},
                              {7, QStringLiteral("broken"), QStringLiteral("{")}});

    auto *runs = editor.findChild<QComboBox *>(QStringLiteral("compareRunCombo"));
    auto *panel = editor.findChild<QWidget *>(QStringLiteral("comparisonPanel"));
    auto *list = editor.findChild<QTreeWidget *>(QStringLiteral("comparisonList"));
    auto *use = editor.findChild<QPushButton *>(QStringLiteral("useRunSettingsButton"));
    QVERIFY(runs && panel && list && use);
    QCOMPARE(runs->count(), 4);
    QCOMPARE(runs->itemData(1).toLongLong(), 9);
    QCOMPARE(runs->itemData(2).toLongLong(), 7);
    QCOMPARE(runs->itemData(3).toLongLong(), 4);
    QVERIFY(!shown(editor, panel));

    runs->setCurrentIndex(3);
    QCOMPARE(editor.comparedRunId(), 4);
    QVERIFY(shown(editor, panel));
    const QStringList differing{QStringLiteral("model.pooling"), QStringLiteral("optimizer.learning_rate"),
                                QStringLiteral("optimizer.epochs")};
    QStringList listed;
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        listed.append(list->topLevelItem(i)->data(0, Qt::UserRole).toString());
    QCOMPARE(listed, differing);
    QCOMPARE(editor.differingKeys(), differing);
    QTreeWidgetItem *epochsItem = list->topLevelItem(2);
    QCOMPARE(epochsItem->text(0), QStringLiteral("Epochs"));
    QCOMPARE(epochsItem->text(1), QStringLiteral("0"));
    QCOMPARE(epochsItem->text(2), QStringLiteral("3"));
    QCOMPARE(list->topLevelItem(1)->text(2), QStringLiteral("1e-3"));
    QVERIFY(row(editor, "optimizer.epochs")->property("differs").toBool());
    QVERIFY(!row(editor, "optimizer.batch_size")->property("differs").toBool());
    QVERIFY(editor.findChild<QLabel *>(QStringLiteral("label:optimizer.epochs"))->font().bold());

    // Follows the edits: once the epochs match they no longer differ.
    typeInto(lineEdit(editor, "optimizer.epochs"), QStringLiteral("3"));
    QCOMPARE(editor.differingKeys(), (QStringList{differing[0], differing[1]}));
    QVERIFY(!row(editor, "optimizer.epochs")->property("differs").toBool());
    const TrainConfig before = shownConfig(editor);

    const int steps = stack->count();
    QTest::mouseClick(use, Qt::LeftButton);
    QCOMPARE(shownConfig(editor), baseline);
    QCOMPARE(stack->count(), steps + 1);
    QCOMPARE(stack->undoText(), QStringLiteral("Use the settings of run baseline"));
    QVERIFY(editor.differingKeys().isEmpty());
    QVERIFY(!use->isEnabled());
    stack->undo();
    QCOMPARE(shownConfig(editor), before);
    QCOMPARE(editor.differingKeys().size(), 2);

    // A run whose settings cannot be read says so and marks nothing.
    runs->setCurrentIndex(2);
    QVERIFY(shown(editor, panel));
    QVERIFY(editor.differingKeys().isEmpty());
    QVERIFY(!use->isEnabled());

    runs->setCurrentIndex(0);
    QCOMPARE(editor.comparedRunId(), 0);
    QVERIFY(!shown(editor, panel));
    QVERIFY(editor.differingKeys().isEmpty());
    for (const auto &field : TrainConfig::schema())
        QVERIFY(!row(editor, field.key)->property("differs").toBool());

    // The compared run stays chosen when the list is refreshed, and goes when its run does.
    editor.compareWithRun(9);
    editor.setComparableRuns(
        {{4, QStringLiteral("baseline"), json(baseline)}, {9, QStringLiteral("encoder"), json(encoder)}});
    QCOMPARE(editor.comparedRunId(), 9);
    QCOMPARE(editor.differingKeys(), (QStringList{QStringLiteral("model.type"), QStringLiteral("optimizer.epochs")}));
    editor.setComparableRuns({{4, QStringLiteral("baseline"), json(baseline)}});
    QCOMPARE(editor.comparedRunId(), 0);
    QVERIFY(!shown(editor, panel));
}

void ConfigEditorTest::schemaTextsAreTranslatable()
{
    const QStringList texts = ui::configFieldSourceTexts();
    const QStringList choices = ui::namedChoiceValues();
    for (const ConfigField &field : TrainConfig::schema()) {
        const auto missing = [&](const char *what) -> QByteArray {
            return QByteArray(field.key.c_str()) + ": " + what;
        };
        QVERIFY2(texts.contains(ui::fromUtf8(field.label)), missing("label not in configfieldtexts.cpp").constData());
        QVERIFY2(texts.contains(ui::fromUtf8(field.description)),
                 missing("description not in configfieldtexts.cpp").constData());
        QVERIFY2(texts.contains(ui::fromUtf8(field.group)), missing("group not in configfieldtexts.cpp").constData());
        QVERIFY2(field.unit.empty() || texts.contains(ui::fromUtf8(field.unit)),
                 missing("unit not in configfieldtexts.cpp").constData());
        for (const auto &choice : field.choices)
            QVERIFY2(choices.contains(ui::fromUtf8(choice)),
                     missing("a choice has no display name in configfieldtexts.cpp").constData());
    }

    // Translated when shown.
    FakeTranslator translator;
    QCoreApplication::installTranslator(&translator);
    {
        ConfigEditor editor;
        QCOMPARE(editor.findChild<QLabel *>(QStringLiteral("label:optimizer.learning_rate"))->text(),
                 QStringLiteral("Lernrate"));
        typeInto(lineEdit(editor, "optimizer.learning_rate"), QStringLiteral("2e-2"));
        QCOMPARE(editor.undoStack()->undoText(), QStringLiteral("Set Lernrate to 2e-2"));
    }
    QCoreApplication::removeTranslator(&translator);
}

QTEST_MAIN(ConfigEditorTest)
#include "tst_configeditor.moc"
