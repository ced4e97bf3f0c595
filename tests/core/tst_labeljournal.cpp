// The label journal is the analyst's undo stack: every label change, bulk relabel, undo and
// redo, kept in the project file so that it survives closing Glossa.

#include "testsupport.h"

#include "data/importer.h"
#include "store/database.h"
#include "store/datasetstore.h"
#include "store/labeljournal.h"
#include "store/project.h"
#include "util/error.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace glossa::core;
using namespace glossa::test;
namespace fs = std::filesystem;
using store::EditSource;

namespace {

// Six examples; e4 and e6 arrive unlabelled. Labels are created in the order track_order,
// refund, cancel.
constexpr const char *sampleJsonl = R"({"id": "e1", "text": "Where is my parcel?", "label": "track_order", "lang": "en"}
{"id": "e2", "text": "Ich möchte mein Geld zurück.", "label": "refund", "lang": "de"}
{"id": "e3", "text": "Où est ma commande ?", "label": "track_order", "lang": "fr"}
{"id": "e4", "text": "注文をキャンセルしたいです。", "lang": "ja"}
{"id": "e5", "text": "Отмените, пожалуйста, заказ.", "label": "cancel", "lang": "ru"}
{"id": "e6", "text": "¿Dónde está mi paquete?", "lang": "es"}
)";

// The journal's side of a project: one dataset's ids and a way to read its labels back.
struct Fixture
{
    std::unique_ptr<QTemporaryDir> dir = std::make_unique<QTemporaryDir>();
    fs::path file = pathIn(*dir, QStringLiteral("journal.glossa"));
    std::optional<store::Project> project;

    void create()
    {
        project.emplace(store::Project::create(file));
        importInto("support");
    }
    void importInto(std::string_view dataset)
    {
        const auto input = pathIn(*dir, QStringLiteral("support.jsonl"));
        writeFile(input, sampleJsonl);
        data::importFile(project->db(), dataset, input);
    }
    // Closes the connection, as quitting Glossa does, and opens the file again.
    void reopen()
    {
        project.reset();
        project.emplace(store::Project::open(file));
    }
    store::Database &db() { return project->db(); }
    store::LabelJournal journal() { return store::LabelJournal(db()); }
    std::int64_t dataset(std::string_view name = "support") { return store::DatasetStore(db()).dataset(name).id; }
    std::int64_t label(std::string_view name, std::string_view datasetName = "support")
    {
        return *store::DatasetStore(db()).findLabel(dataset(datasetName), name);
    }
    std::int64_t example(std::string_view externalId, std::string_view datasetName = "support")
    {
        return store::DatasetStore(db()).exampleByExternalId(dataset(datasetName), externalId)->id;
    }
    std::vector<std::int64_t> examples(std::initializer_list<std::string_view> externalIds,
                                       std::string_view datasetName = "support")
    {
        std::vector<std::int64_t> ids;
        for (const auto id : externalIds)
            ids.push_back(example(id, datasetName));
        return ids;
    }
    // "e1=track_order e2=refund e4=-": what the example table shows, in a form QCOMPARE
    // prints readably when a step goes wrong.
    QString labels(std::string_view datasetName = "support")
    {
        QStringList cells;
        store::DatasetStore(db()).forEachExample(dataset(datasetName), [&](const store::Example &example) {
            cells << qs(example.externalId) + QLatin1Char('=') + qs(example.label.value_or("-"));
        });
        return cells.join(QLatin1Char(' '));
    }
    std::int64_t journalRows() { return db().queryInt("SELECT count(*) FROM label_journal"); }
    std::int64_t batches() { return db().queryInt("SELECT count(*) FROM edit_batches"); }
};

const QString imported = QStringLiteral("e1=track_order e2=refund e3=track_order e4=- e5=cancel e6=-");

} // namespace

class TestLabelJournal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void singleEditUndoRedo();
    void bulkEditIsOneUndoStep();
    void undoAndRedoGoInStackOrder();
    void newEditDropsRedo();
    void noOpEditsAreNotJournalled_data();
    void noOpEditsAreNotJournalled();
    void historyListsEveryChange();
    void undoStackSurvivesReopening();
    void importsAreNotUndoable();
    void datasetsHaveTheirOwnStacks();
    void rejectedEditsChangeNothing_data();
    void rejectedEditsChangeNothing();
};

void TestLabelJournal::singleEditUndoRedo()
{
    Fixture f;
    f.create();
    auto journal = f.journal();
    const auto ds = f.dataset();
    const auto e4 = f.example("e4");
    const auto refund = f.label("refund");
    QCOMPARE(f.labels(), imported);

    const auto changes = journal.setLabel(ds, {e4}, refund, EditSource::User, "label 1 example 'refund'");
    QCOMPARE(changes.size(), size_t(1));
    QCOMPARE(changes[0].exampleId, e4);
    QCOMPARE(changes[0].labelId, std::optional<std::int64_t>(refund));
    QCOMPARE(f.labels(), QStringLiteral("e1=track_order e2=refund e3=track_order e4=refund e5=cancel e6=-"));
    QVERIFY(journal.canUndo(ds));
    QVERIFY(!journal.canRedo(ds));
    // The Edit menu says what undo would do.
    QCOMPARE(qs(journal.undoDescription(ds).value_or("")), QStringLiteral("label 1 example 'refund'"));
    QVERIFY(!journal.redoDescription(ds));

    // Undo reports the rows to refresh, with the label they now have (none).
    const auto undone = journal.undo(ds);
    QCOMPARE(undone.size(), size_t(1));
    QCOMPARE(undone[0].exampleId, e4);
    QCOMPARE(undone[0].labelId, std::optional<std::int64_t>());
    QCOMPARE(f.labels(), imported);
    QVERIFY(!journal.canUndo(ds));
    QVERIFY(journal.canRedo(ds));
    QCOMPARE(qs(journal.redoDescription(ds).value_or("")), QStringLiteral("label 1 example 'refund'"));

    const auto redone = journal.redo(ds);
    QCOMPARE(redone.size(), size_t(1));
    QCOMPARE(redone[0].labelId, std::optional<std::int64_t>(refund));
    QCOMPARE(f.labels(), QStringLiteral("e1=track_order e2=refund e3=track_order e4=refund e5=cancel e6=-"));
    QVERIFY(journal.canUndo(ds));
    QVERIFY(!journal.canRedo(ds));
}

void TestLabelJournal::bulkEditIsOneUndoStep()
{
    Fixture f;
    f.create();
    auto journal = f.journal();
    const auto ds = f.dataset();
    const auto cancel = f.label("cancel");
    const auto batchesBefore = f.batches();

    // Select all six and relabel: e5 already says cancel, so five examples change.
    const auto changes = journal.setLabel(ds, f.examples({"e1", "e2", "e3", "e4", "e5", "e6"}), cancel,
                                          EditSource::Bulk, "label 5 examples 'cancel'");
    QCOMPARE(changes.size(), size_t(5));
    QCOMPARE(f.labels(), QStringLiteral("e1=cancel e2=cancel e3=cancel e4=cancel e5=cancel e6=cancel"));
    QCOMPARE(f.batches(), batchesBefore + 1);

    // One undo puts back every example's own previous label, including "none".
    const auto undone = journal.undo(ds);
    QCOMPARE(undone.size(), size_t(5));
    QCOMPARE(f.labels(), imported);
    QVERIFY(!journal.canUndo(ds));

    journal.redo(ds);
    QCOMPARE(f.labels(), QStringLiteral("e1=cancel e2=cancel e3=cancel e4=cancel e5=cancel e6=cancel"));

    // Clearing labels in bulk is an edit like any other.
    journal.setLabel(ds, f.examples({"e1", "e2"}), std::nullopt, EditSource::Bulk, "clear 2 labels");
    QCOMPARE(f.labels(), QStringLiteral("e1=- e2=- e3=cancel e4=cancel e5=cancel e6=cancel"));
    journal.undo(ds);
    QCOMPARE(f.labels(), QStringLiteral("e1=cancel e2=cancel e3=cancel e4=cancel e5=cancel e6=cancel"));
}

void TestLabelJournal::undoAndRedoGoInStackOrder()
{
    Fixture f;
    f.create();
    auto journal = f.journal();
    const auto ds = f.dataset();
    const QString s0 = f.labels();
    journal.setLabel(ds, {f.example("e1")}, f.label("refund"), EditSource::User, "A");
    const QString s1 = f.labels();
    journal.setLabel(ds, {f.example("e2")}, f.label("cancel"), EditSource::User, "B");
    const QString s2 = f.labels();
    journal.setLabel(ds, {f.example("e3")}, std::nullopt, EditSource::Suggestion, "C");
    const QString s3 = f.labels();
    QCOMPARE(s3, QStringLiteral("e1=refund e2=cancel e3=- e4=- e5=cancel e6=-"));

    // Undo walks back newest first...
    QCOMPARE(qs(*journal.undoDescription(ds)), QStringLiteral("C"));
    journal.undo(ds);
    QCOMPARE(f.labels(), s2);
    QCOMPARE(qs(*journal.undoDescription(ds)), QStringLiteral("B"));
    journal.undo(ds);
    QCOMPARE(f.labels(), s1);
    // ...and redo re-applies the edit undone most recently first.
    QCOMPARE(qs(*journal.redoDescription(ds)), QStringLiteral("B"));
    journal.redo(ds);
    QCOMPARE(f.labels(), s2);
    QCOMPARE(qs(*journal.redoDescription(ds)), QStringLiteral("C"));
    journal.redo(ds);
    QCOMPARE(f.labels(), s3);
    QVERIFY(!journal.canRedo(ds));

    for (int i = 0; i < 3; ++i)
        journal.undo(ds);
    QCOMPARE(f.labels(), s0);
    QVERIFY(!journal.canUndo(ds));
    // Undo with nothing left to undo changes nothing and says so with no changes.
    QVERIFY(journal.undo(ds).empty());
    QCOMPARE(f.labels(), s0);
    QCOMPARE(qs(*journal.redoDescription(ds)), QStringLiteral("A"));
}

void TestLabelJournal::newEditDropsRedo()
{
    Fixture f;
    f.create();
    auto journal = f.journal();
    const auto ds = f.dataset();
    journal.setLabel(ds, {f.example("e1")}, f.label("refund"), EditSource::User, "A");
    journal.setLabel(ds, {f.example("e2")}, f.label("cancel"), EditSource::User, "B");
    journal.undo(ds);
    QVERIFY(journal.canRedo(ds));

    // As in every editor: editing after an undo makes the undone edit unreachable.
    journal.setLabel(ds, {f.example("e4")}, f.label("track_order"), EditSource::User, "C");
    QVERIFY(!journal.canRedo(ds));
    QVERIFY(journal.redo(ds).empty());
    QCOMPARE(f.labels(), QStringLiteral("e1=refund e2=refund e3=track_order e4=track_order e5=cancel e6=-"));

    // Undo now goes C, then A: B is gone for good, in undo as in redo.
    journal.undo(ds);
    QCOMPARE(f.labels(), QStringLiteral("e1=refund e2=refund e3=track_order e4=- e5=cancel e6=-"));
    QCOMPARE(qs(*journal.undoDescription(ds)), QStringLiteral("A"));
    journal.undo(ds);
    QCOMPARE(f.labels(), imported);
    QVERIFY(!journal.canUndo(ds));
    QCOMPARE(qs(*journal.redoDescription(ds)), QStringLiteral("A"));
    journal.redo(ds);
    QCOMPARE(qs(*journal.redoDescription(ds)), QStringLiteral("C"));
    journal.redo(ds);
    QVERIFY(!journal.canRedo(ds));
    QCOMPARE(f.labels(), QStringLiteral("e1=refund e2=refund e3=track_order e4=track_order e5=cancel e6=-"));
}

void TestLabelJournal::noOpEditsAreNotJournalled_data()
{
    QTest::addColumn<QStringList>("examples");
    QTest::addColumn<QString>("label"); // empty: clear

    QTest::newRow("same label again") << QStringList{QStringLiteral("e1")} << QStringLiteral("track_order");
    QTest::newRow("clear an unlabelled example") << QStringList{QStringLiteral("e4")} << QString();
    QTest::newRow("bulk, all already labelled so")
        << QStringList{QStringLiteral("e1"), QStringLiteral("e3")} << QStringLiteral("track_order");
    QTest::newRow("bulk clear of unlabelled examples")
        << QStringList{QStringLiteral("e4"), QStringLiteral("e6")} << QString();
    QTest::newRow("nothing selected") << QStringList{} << QStringLiteral("refund");
}

void TestLabelJournal::noOpEditsAreNotJournalled()
{
    QFETCH(QStringList, examples);
    QFETCH(QString, label);
    Fixture f;
    f.create();
    auto journal = f.journal();
    const auto ds = f.dataset();
    // Leave something to redo: a no-op must not throw it away, and must not become an undo
    // step the user has to press through.
    journal.setLabel(ds, {f.example("e2")}, f.label("cancel"), EditSource::User, "real edit");
    journal.undo(ds);
    const auto rows = f.journalRows();
    const auto batches = f.batches();

    std::vector<std::int64_t> ids;
    for (const auto &id : examples)
        ids.push_back(f.example(id.toStdString()));
    const auto labelId = label.isEmpty() ? std::nullopt : std::optional(f.label(label.toStdString()));
    QVERIFY(journal.setLabel(ds, ids, labelId, EditSource::Bulk, "no-op").empty());

    QCOMPARE(f.labels(), imported);
    QCOMPARE(f.journalRows(), rows);
    QCOMPARE(f.batches(), batches);
    QVERIFY(!journal.canUndo(ds));
    QVERIFY(journal.canRedo(ds));
    QCOMPARE(qs(journal.redoDescription(ds).value_or("")), QStringLiteral("real edit"));
}

void TestLabelJournal::historyListsEveryChange()
{
    Fixture f;
    f.create();
    auto journal = f.journal();
    const auto ds = f.dataset();
    const auto e1 = f.example("e1");
    journal.setLabel(ds, {e1}, f.label("refund"), EditSource::User, "label 1 example 'refund'");
    journal.undo(ds);
    journal.redo(ds);
    journal.setLabel(ds, {e1, f.example("e2")}, f.label("cancel"), EditSource::Suggestion, "accept suggestion");
    journal.setLabel(ds, {e1}, std::nullopt, EditSource::Bulk, "clear");
    // An edit of another example does not appear in e1's history.
    journal.setLabel(ds, {f.example("e6")}, f.label("refund"), EditSource::User, "other example");

    const auto history = journal.history(e1);
    QStringList lines;
    for (const auto &entry : history)
        lines << QStringLiteral("%1 %2 %3 -> %4 (%5)")
                     .arg(qs(std::string(store::toString(entry.source))), qs(entry.action),
                          qs(entry.oldLabel.value_or("-")), qs(entry.newLabel.value_or("-")), qs(entry.description));
    const QStringList expected = {
        QStringLiteral("import edit - -> track_order (import support.jsonl)"),
        QStringLiteral("user edit track_order -> refund (label 1 example 'refund')"),
        QStringLiteral("user undo refund -> track_order (label 1 example 'refund')"),
        QStringLiteral("user redo track_order -> refund (label 1 example 'refund')"),
        QStringLiteral("suggestion edit refund -> cancel (accept suggestion)"),
        QStringLiteral("bulk edit cancel -> - (clear)"),
    };
    QCOMPARE(lines, expected);
    // Oldest first, with times a history panel can show.
    for (size_t i = 1; i < history.size(); ++i)
        QVERIFY(history[i - 1].at <= history[i].at);
    QVERIFY(history.front().at > 0);

    // An example that was imported without a label and never edited has no history.
    QVERIFY(journal.history(f.example("e4")).empty());
}

void TestLabelJournal::undoStackSurvivesReopening()
{
    Fixture f;
    f.create();
    const auto ds = f.dataset();
    f.journal().setLabel(ds, f.examples({"e4", "e6"}), f.label("refund"), EditSource::Bulk, "label 2 examples");
    f.journal().setLabel(ds, {f.example("e1")}, f.label("cancel"), EditSource::User, "label 1 example");
    const QString edited = f.labels();

    // Edit, quit, start again: undo is still there and still says what it will do.
    f.reopen();
    QCOMPARE(f.labels(), edited);
    QVERIFY(f.journal().canUndo(ds));
    QCOMPARE(qs(f.journal().undoDescription(ds).value_or("")), QStringLiteral("label 1 example"));
    f.journal().undo(ds);
    QCOMPARE(f.labels(), QStringLiteral("e1=track_order e2=refund e3=track_order e4=refund e5=cancel e6=refund"));

    // Undo, quit, start again: redo is still there.
    f.reopen();
    QVERIFY(f.journal().canRedo(ds));
    QCOMPARE(qs(f.journal().redoDescription(ds).value_or("")), QStringLiteral("label 1 example"));
    f.journal().redo(ds);
    QCOMPARE(f.labels(), edited);

    // And several steps back across yet another restart.
    f.reopen();
    f.journal().undo(ds);
    f.journal().undo(ds);
    QCOMPARE(f.labels(), imported);
    f.reopen();
    QCOMPARE(f.labels(), imported);
    QVERIFY(!f.journal().canUndo(ds));
    QCOMPARE(qs(f.journal().redoDescription(ds).value_or("")), QStringLiteral("label 2 examples"));
}

void TestLabelJournal::importsAreNotUndoable()
{
    Fixture f;
    f.create();
    auto journal = f.journal();
    const auto ds = f.dataset();
    // Undo must never "un-import" labels: the file is the source of truth for them.
    QVERIFY(!journal.canUndo(ds));
    QVERIFY(!journal.undoDescription(ds));
    QVERIFY(journal.undo(ds).empty());
    QCOMPARE(f.labels(), imported);

    // An import after an edit is not an undo step either: undo skips it and reverts the edit.
    journal.setLabel(ds, {f.example("e4")}, f.label("cancel"), EditSource::User, "the edit");
    const auto more = pathIn(*f.dir, QStringLiteral("more.jsonl"));
    writeFile(more, R"({"id": "e7", "text": "Refund please", "label": "refund", "lang": "en"}
)");
    data::importFile(f.db(), "support", more);
    QCOMPARE(qs(*journal.undoDescription(ds)), QStringLiteral("the edit"));
    journal.undo(ds);
    QCOMPARE(f.labels(), imported + QStringLiteral(" e7=refund"));
    QVERIFY(!journal.canUndo(ds));
    QVERIFY(journal.undo(ds).empty());
    QCOMPARE(f.labels(), imported + QStringLiteral(" e7=refund"));
}

void TestLabelJournal::datasetsHaveTheirOwnStacks()
{
    Fixture f;
    f.create();
    f.importInto("other");
    auto journal = f.journal();
    const auto alpha = f.dataset("support");
    const auto beta = f.dataset("other");
    journal.setLabel(alpha, {f.example("e1", "support")}, f.label("cancel", "support"), EditSource::User, "alpha 1");
    journal.setLabel(beta, {f.example("e1", "other")}, f.label("refund", "other"), EditSource::User, "beta 1");
    journal.setLabel(alpha, {f.example("e2", "support")}, f.label("cancel", "support"), EditSource::User, "alpha 2");
    const QString alphaEdited = f.labels("support");

    // Undo in one dataset reverts that dataset's newest edit, even when the other dataset
    // was edited in between or later.
    QCOMPARE(qs(*journal.undoDescription(beta)), QStringLiteral("beta 1"));
    journal.undo(beta);
    QCOMPARE(f.labels("other"), imported);
    QCOMPARE(f.labels("support"), alphaEdited);
    QVERIFY(!journal.canUndo(beta));
    QCOMPARE(qs(*journal.undoDescription(alpha)), QStringLiteral("alpha 2"));

    // An edit in one dataset does not drop the other's redo.
    journal.setLabel(alpha, {f.example("e3", "support")}, f.label("refund", "support"), EditSource::User, "alpha 3");
    QVERIFY(journal.canRedo(beta));
    QVERIFY(!journal.canRedo(alpha));
    journal.redo(beta);
    QCOMPARE(f.labels("other"), QStringLiteral("e1=refund e2=refund e3=track_order e4=- e5=cancel e6=-"));

    for (int i = 0; i < 3; ++i)
        journal.undo(alpha);
    QCOMPARE(f.labels("support"), imported);
    QCOMPARE(f.labels("other"), QStringLiteral("e1=refund e2=refund e3=track_order e4=- e5=cancel e6=-"));
}

void TestLabelJournal::rejectedEditsChangeNothing_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("label of another dataset") << "foreign-label"
                                              << "does not belong to this dataset";
    QTest::newRow("example of another dataset") << "foreign-example"
                                                << "is not in this dataset";
    // The first example is fine; the edit is still all or nothing.
    QTest::newRow("unknown example after a good one") << "unknown-example"
                                                      << "is not in this dataset";
    QTest::newRow("edit claiming to be an import") << "import-source"
                                                   << "journalImport";
}

void TestLabelJournal::rejectedEditsChangeNothing()
{
    QFETCH(QString, kind);
    QFETCH(QString, fragment);
    Fixture f;
    f.create();
    f.importInto("other");
    auto journal = f.journal();
    const auto ds = f.dataset();
    journal.setLabel(ds, {f.example("e6")}, f.label("refund"), EditSource::User, "before");
    const auto labels = f.labels();
    const auto rows = f.journalRows();
    const auto batches = f.batches();

    std::vector<std::int64_t> ids = {f.example("e4")};
    std::optional<std::int64_t> label = f.label("cancel");
    auto source = EditSource::User;
    if (kind == QLatin1String("foreign-label"))
        label = f.label("cancel", "other");
    else if (kind == QLatin1String("foreign-example"))
        ids = {f.example("e4", "other")};
    else if (kind == QLatin1String("unknown-example"))
        ids.push_back(987654);
    else
        source = EditSource::Import;

    const auto error = errorFrom([&] { journal.setLabel(ds, ids, label, source, "rejected"); });
    QVERIFY2(error, "the edit must be refused");
    QVERIFY2(error->contains(fragment), qPrintable(*error));

    QCOMPARE(f.labels(), labels);
    QCOMPARE(f.labels("other"), imported);
    QCOMPARE(f.journalRows(), rows);
    QCOMPARE(f.batches(), batches);
    QCOMPARE(qs(journal.undoDescription(ds).value_or("")), QStringLiteral("before"));
    // The connection is usable afterwards: the failed edit's transaction was rolled back.
    journal.setLabel(ds, {f.example("e4")}, f.label("cancel"), EditSource::User, "after");
    QCOMPARE(qs(journal.undoDescription(ds).value_or("")), QStringLiteral("after"));
}

QTEST_GUILESS_MAIN(TestLabelJournal)
#include "tst_labeljournal.moc"
