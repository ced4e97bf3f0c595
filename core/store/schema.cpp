#include "store/schema.h"

#include "store/database.h"
#include "util/error.h"

#include <array>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace glossa::core::store {
namespace {

// Each entry upgrades version N to N+1. Never edit a shipped entry: add a new one.
constexpr std::array<std::string_view, 11> migrations = {
    // 1: datasets, their examples and labels, imports, and the label journal.
    R"sql(
CREATE TABLE datasets (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
    description TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);

-- The label set of a dataset, in the order the analyst sees it (keys 1-9 follow position).
CREATE TABLE labels (
    id         INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    name       TEXT NOT NULL CHECK (length(name) > 0),
    position   INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (dataset_id, name)
);

CREATE TABLE imports (
    id           INTEGER PRIMARY KEY,
    dataset_id   INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    source_path  TEXT NOT NULL,
    format       TEXT NOT NULL,
    row_count    INTEGER NOT NULL,
    split_seed   INTEGER NOT NULL,
    split_ratios TEXT NOT NULL,
    imported_at  INTEGER NOT NULL
);

CREATE TABLE examples (
    id           INTEGER PRIMARY KEY,
    dataset_id   INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    external_id  TEXT NOT NULL,
    text         TEXT NOT NULL CHECK (length(text) > 0),
    lang         TEXT NOT NULL,
    lang_guessed INTEGER NOT NULL DEFAULT 0 CHECK (lang_guessed IN (0, 1)),
    -- Not `split IN (...)`: SQLite 3.40 builds a temporary B-tree for an IN list on every
    -- insert, which costs an import of a million rows several seconds.
    split        TEXT NOT NULL CHECK (split = 'train' OR split = 'dev' OR split = 'test'),
    split_seeded INTEGER NOT NULL DEFAULT 0 CHECK (split_seeded IN (0, 1)),
    group_id     TEXT,
    label_id     INTEGER REFERENCES labels(id),
    import_id    INTEGER REFERENCES imports(id) ON DELETE SET NULL,
    source_line  INTEGER,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (dataset_id, external_id)
);
CREATE INDEX examples_by_group ON examples(dataset_id, group_id) WHERE group_id IS NOT NULL;
CREATE INDEX examples_by_label ON examples(label_id);

-- One user action (a key press, a bulk relabel, an accepted suggestion, an import) is one
-- batch, so that one undo reverts all of it. Undo and redo are batches too: the journal only
-- grows, and an example's history reads top to bottom.
CREATE TABLE edit_batches (
    id           INTEGER PRIMARY KEY,
    dataset_id   INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    source       TEXT NOT NULL CHECK (source IN ('import', 'user', 'bulk', 'suggestion')),
    action       TEXT NOT NULL CHECK (action IN ('edit', 'undo', 'redo')),
    target_batch INTEGER REFERENCES edit_batches(id) ON DELETE CASCADE,
    -- Only for undoable edits: 'done' can be undone, 'undone' can be redone, 'superseded'
    -- was undone and then overtaken by a new edit, so its redo is gone (as in any editor).
    state        TEXT CHECK (state IN ('done', 'undone', 'superseded')),
    description  TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
);
CREATE INDEX edit_batches_by_state ON edit_batches(dataset_id, state, id) WHERE state IS NOT NULL;

CREATE TABLE label_journal (
    id           INTEGER PRIMARY KEY,
    batch_id     INTEGER NOT NULL REFERENCES edit_batches(id) ON DELETE CASCADE,
    example_id   INTEGER NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
    old_label_id INTEGER REFERENCES labels(id),
    new_label_id INTEGER REFERENCES labels(id),
    created_at   INTEGER NOT NULL
);
CREATE INDEX label_journal_by_example ON label_journal(example_id, id);
CREATE INDEX label_journal_by_batch ON label_journal(batch_id);
)sql",

    // 2: training runs, their metrics, and the artefacts (tokenizers, checkpoints) beside the file.
    R"sql(
CREATE TABLE runs (
    id            INTEGER PRIMARY KEY,
    dataset_id    INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    config_json   TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN
                    ('queued', 'running', 'paused', 'finished', 'failed', 'stopped', 'interrupted')),
    snapshot_hash TEXT,
    device        TEXT,
    error_message TEXT,
    notes         TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    started_at    INTEGER,
    finished_at   INTEGER,
    -- Refreshed by the training process; a 'running' run whose heartbeat stopped was killed.
    heartbeat_at  INTEGER
);
CREATE INDEX runs_by_dataset ON runs(dataset_id, id);

CREATE TABLE metrics (
    id         INTEGER PRIMARY KEY,
    run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    step       INTEGER NOT NULL,
    epoch      REAL NOT NULL,
    split      TEXT NOT NULL,
    name       TEXT NOT NULL,
    value      REAL NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX metrics_by_run ON metrics(run_id, name, step);

CREATE TABLE artefacts (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    path       TEXT NOT NULL UNIQUE,
    sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
    size_bytes INTEGER NOT NULL,
    run_id     INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX artefacts_by_hash ON artefacts(kind, sha256);
)sql",

    // 3: what an artefact was made from (a tokenizer: its training texts and settings), so a
    // later run with the same inputs reuses it instead of training it again.
    R"sql(
ALTER TABLE artefacts ADD COLUMN source_key TEXT;
CREATE INDEX artefacts_by_source ON artefacts(kind, source_key) WHERE source_key IS NOT NULL;
)sql",

    // 4: what a run is made of (its snapshot, tokenizer and model, by role), its full evaluation
    // reports (per class, per language, confusion), and the likely label errors found for it.
    R"sql(
CREATE TABLE run_artefacts (
    run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    role        TEXT NOT NULL,
    artefact_id INTEGER NOT NULL REFERENCES artefacts(id),
    PRIMARY KEY (run_id, role)
);

CREATE TABLE reports (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    step        INTEGER NOT NULL,
    epoch       REAL NOT NULL,
    split       TEXT NOT NULL,
    report_json TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX reports_by_run ON reports(run_id, split, step);

-- Out-of-sample (k-fold) predictions that confidently disagree with the label a run trained on.
CREATE TABLE label_error_candidates (
    run_id                INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    example_id            INTEGER NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
    given_label           TEXT NOT NULL,
    suggested_label       TEXT NOT NULL,
    given_probability     REAL NOT NULL,
    suggested_probability REAL NOT NULL,
    score                 REAL NOT NULL,
    PRIMARY KEY (run_id, example_id)
);
CREATE INDEX label_errors_by_score ON label_error_candidates(run_id, score DESC);
)sql",

    // 5: the dataset browser: substring search over the texts in any script, a run's prediction
    // for every example, and labels merged into others.
    R"sql(
-- The search index is built after the fact. examples_fts holds exactly the examples with
-- id <= search_index.upto (one row; indexed_rows counts them, so that showing progress needs
-- no count), and SearchIndex::indexNextChunk indexes the rows above the mark in id order, a
-- short transaction per chunk that also moves the mark on. Nothing indexes a row inside the
-- transaction that writes it (an import would spend some 30 s of CPU per million rows on
-- trigrams), and this migration indexes nothing either: an old project opens at once, its rows
-- left to the indexer. Meanwhile the browser finds the rows above the mark by scan.
CREATE TABLE search_index (upto INTEGER NOT NULL, indexed_rows INTEGER NOT NULL);
INSERT INTO search_index (upto, indexed_rows) VALUES (0, 0);

-- The rows the index holds. As the index's content table, it is what 'rebuild' reads and what
-- 'integrity-check' compares the index with, so both stay right while indexing is under way.
CREATE VIEW indexed_examples AS
SELECT id, text FROM examples WHERE id <= (SELECT upto FROM search_index);

-- External content: the texts stay in examples, the index holds trigrams (case-insensitive,
-- also for Cyrillic, Greek...), so a quoted phrase of 3+ characters matches anywhere in a text,
-- which is what search needs for Chinese and Japanese (no spaces) as much as for Latin scripts.
CREATE VIRTUAL TABLE examples_fts USING fts5(
    text, content = 'indexed_examples', content_rowid = 'id', tokenize = 'trigram');

-- A row leaves the index only if it is in it: FTS5 takes an external-content 'delete' on
-- trust, and one for a row it never indexed corrupts the index. Example ids never change.
--
-- New examples take max(id) + 1 (examples has no AUTOINCREMENT), so once the rows at the top
-- are deleted (a dataset), upto comes down to the highest id left: otherwise new rows would
-- reuse ids at or below upto and count as indexed. One trigger, so that the entry is deleted
-- before upto moves.
CREATE TRIGGER examples_fts_delete AFTER DELETE ON examples
WHEN old.id <= (SELECT upto FROM search_index) OR old.id > (SELECT coalesce(max(id), 0) FROM examples)
BEGIN
    INSERT INTO examples_fts (examples_fts, rowid, text)
    SELECT 'delete', old.id, old.text WHERE old.id <= (SELECT upto FROM search_index);
    UPDATE search_index SET indexed_rows = indexed_rows - 1 WHERE old.id <= upto;
    UPDATE search_index SET upto = (SELECT coalesce(max(id), 0) FROM examples)
    WHERE upto > (SELECT coalesce(max(id), 0) FROM examples);
END;
-- An edited text is indexed again at once if it was indexed (one row: cheap), else left to
-- the indexer.
CREATE TRIGGER examples_fts_update AFTER UPDATE OF text ON examples
WHEN old.id <= (SELECT upto FROM search_index)
BEGIN
    INSERT INTO examples_fts (examples_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO examples_fts (rowid, text) VALUES (new.id, new.text);
END;

-- A dataset's examples in id order: the browser's list without a filter, and the scans behind
-- its filters, read the table in order instead of through (dataset_id, external_id), which
-- visits the rows in the order of their external ids, that is, all over the file.
CREATE INDEX examples_by_dataset ON examples(dataset_id);

-- A run's predicted label and its probability for every example of its snapshot.
CREATE TABLE predictions (
    run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    example_id INTEGER NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
    label_id   INTEGER NOT NULL REFERENCES labels(id),
    confidence REAL NOT NULL,
    PRIMARY KEY (run_id, example_id)
) WITHOUT ROWID;
-- Deleting an example (a dataset) finds its predictions here instead of scanning them all.
CREATE INDEX predictions_by_example ON predictions(example_id);

-- A label merged into another keeps its row (the journal and old runs name it) but leaves the
-- label set; NULL for a live label.
ALTER TABLE labels ADD COLUMN merged_into INTEGER REFERENCES labels(id);
)sql",

    // 6: named sets of training settings (presets) the Train tab offers, kept with the project so
    // they travel with it. config_json is TrainConfig::toJsonString(); names are what the analyst
    // typed, unique as written.
    R"sql(
CREATE TABLE presets (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    config_json TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
)sql",

    // 7: the review queues. A prediction's margin (top probability minus the runner-up), so the
    // examples a run is most torn about can be labelled first; NULL for runs stored before it.
    // A likely label error the analyst dismissed, by example and suggested label: a later search
    // (of any run) that suggests the same label again does not bring it back.
    R"sql(
ALTER TABLE predictions ADD COLUMN margin REAL;

CREATE TABLE label_error_dismissals (
    example_id      INTEGER NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
    suggested_label TEXT NOT NULL,
    dismissed_at    INTEGER NOT NULL,
    PRIMARY KEY (example_id, suggested_label)
) WITHOUT ROWID;
)sql",

    // 8: artefacts are content-addressed, so one file can be what several inputs make (a
    // tokenizer trained again with another seed comes out byte for byte the same): every
    // source key an artefact answers to gets a row. Before this, the second key was dropped
    // and the run that made it was never linked to its tokenizer. Such runs get the tokenizer
    // that a run on the same snapshot with the same tokenizer settings (the seed aside) uses:
    // the same texts and settings train the same pieces. A finished run left without one (it
    // has its model, so it is one of these) is marked failed with a message that says what to do.
    R"sql(
CREATE TABLE artefact_sources (
    source_key  TEXT NOT NULL,
    artefact_id INTEGER NOT NULL REFERENCES artefacts(id) ON DELETE CASCADE,
    PRIMARY KEY (source_key, artefact_id)
) WITHOUT ROWID;
INSERT INTO artefact_sources (source_key, artefact_id)
SELECT source_key, id FROM artefacts WHERE source_key IS NOT NULL;
DROP INDEX artefacts_by_source;
ALTER TABLE artefacts DROP COLUMN source_key;

CREATE TEMP VIEW tokenizer_orphans AS
SELECT id, dataset_id, snapshot_hash, config_json FROM runs
WHERE status IN ('finished', 'stopped')
  AND coalesce(json_extract(config_json, '$.model.type'), '') != 'pretrained'
  AND EXISTS (SELECT 1 FROM run_artefacts WHERE run_id = runs.id AND role = 'model')
  AND NOT EXISTS (SELECT 1 FROM run_artefacts WHERE run_id = runs.id AND role = 'tokenizer');

INSERT INTO run_artefacts (run_id, role, artefact_id)
SELECT run_id, 'tokenizer', artefact_id FROM (
    SELECT orphan.id AS run_id, (
        SELECT link.artefact_id FROM runs donor
        JOIN run_artefacts link ON link.run_id = donor.id AND link.role = 'tokenizer'
        WHERE donor.dataset_id = orphan.dataset_id AND donor.snapshot_hash = orphan.snapshot_hash
          AND json_extract(donor.config_json, '$.tokenizer') IS json_extract(orphan.config_json, '$.tokenizer')
        ORDER BY donor.id LIMIT 1) AS artefact_id
    FROM tokenizer_orphans orphan)
WHERE artefact_id IS NOT NULL;

UPDATE runs SET status = 'failed',
    error_message = 'Its tokenizer was not kept (a fault of Glossa before schema 8), so it cannot predict: train it again (Runs, Re-run; or glossa-cli train with its settings).'
WHERE id IN (SELECT id FROM tokenizer_orphans) AND status = 'finished';
DROP VIEW tokenizer_orphans;
)sql",

    // 9: re-splits. A dataset split again (by group, so translations never straddle splits)
    // keeps each changed row's split before it, so the re-split can be undone; runs keep the
    // snapshot they trained on either way.
    R"sql(
CREATE TABLE resplits (
    id           INTEGER PRIMARY KEY,
    dataset_id   INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    seed         INTEGER NOT NULL,
    ratios       TEXT NOT NULL,
    by_group     INTEGER NOT NULL CHECK (by_group IN (0, 1)),
    changed_rows INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    undone_at    INTEGER
);
CREATE INDEX resplits_by_dataset ON resplits(dataset_id, id);

CREATE TABLE resplit_rows (
    resplit_id INTEGER NOT NULL REFERENCES resplits(id) ON DELETE CASCADE,
    example_id INTEGER NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
    old_split  TEXT NOT NULL,
    old_seeded INTEGER NOT NULL,
    PRIMARY KEY (resplit_id, example_id)
) WITHOUT ROWID;
)sql",

    // 10: metadata. The columns of an imported file that no field reads (a ticket's customer,
    // its creation date) stay with each example as a JSON object in the file's order, and the
    // import keeps those columns' names in order, so an export gives them back under their own
    // names and a corrected file joins back to its source. NULL: the row had none.
    R"sql(
ALTER TABLE examples ADD COLUMN metadata TEXT;
ALTER TABLE imports ADD COLUMN metadata_columns TEXT;
)sql",

    // 11: cross-lingual analysis. A study is a set of runs asked for together: a transfer
    // study trains one run per source (a language, or 'all' of the study's languages) with the
    // same settings and scores each on every language's test rows. Its runs are ordinary runs
    // (they resume, compare and delete like any); deleting one drops it from its study.
    // Embeddings are cached per model and text: model_key names what computes the vector (the
    // model's content hash, its pooling and maximum length), text_hash is the text's XXH3-128
    // (16 bytes), vector is float32 in little-endian order.
    R"sql(
CREATE TABLE studies (
    id          INTEGER PRIMARY KEY,
    dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('transfer')),
    name        TEXT NOT NULL,
    languages   TEXT NOT NULL,
    config_json TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX studies_by_dataset ON studies(dataset_id, id);

CREATE TABLE study_runs (
    study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    source   TEXT NOT NULL,
    run_id   INTEGER NOT NULL UNIQUE REFERENCES runs(id) ON DELETE CASCADE,
    PRIMARY KEY (study_id, source)
) WITHOUT ROWID;

CREATE TABLE embeddings (
    model_key TEXT NOT NULL,
    text_hash BLOB NOT NULL,
    vector    BLOB NOT NULL,
    PRIMARY KEY (model_key, text_hash)
) WITHOUT ROWID;
)sql",
};

} // namespace

int currentSchemaVersion()
{
    return static_cast<int>(migrations.size());
}

void migrate(Database &db, int targetVersion)
{
    Transaction transaction(db);
    const int from = static_cast<int>(db.queryInt("PRAGMA user_version"));
    if (from > targetVersion)
        throw Error(db.file().string() + ": cannot migrate down from schema " + std::to_string(from));
    for (int version = from; version < targetVersion; ++version)
        db.exec(migrations.at(static_cast<size_t>(version)));
    db.exec("PRAGMA application_id = " + std::to_string(projectApplicationId));
    db.exec("PRAGMA user_version = " + std::to_string(targetVersion));
    transaction.commit();
}

} // namespace glossa::core::store

namespace glossa::core::store {

const std::vector<SchemaObject> &expectedSchema(int version)
{
    static std::mutex mutex;
    static std::map<int, std::vector<SchemaObject>> built;
    const std::lock_guard lock(mutex);
    auto &objects = built[version];
    if (!objects.empty() || version == 0)
        return objects;
    // The same statements on an empty database give the same sqlite_schema rows, texts
    // included (ALTER TABLE edits the stored CREATE text the same way every time).
    Database scratch(":memory:", Database::Mode::ReadWriteCreate);
    migrate(scratch, version);
    auto rows = scratch.prepare("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema ORDER BY rowid");
    while (rows.step())
        objects.push_back({rows.text(0), rows.text(1), rows.text(2), rows.text(3)});
    return objects;
}

const std::vector<SchemaVariant> &formerSchemaVariants()
{
    // The first release checked the split with IN, which SQLite 3.40 pays for on every insert.
    static const std::vector<SchemaVariant> variants = {
        {"examples", "CHECK (split = 'train' OR split = 'dev' OR split = 'test')",
         "CHECK (split IN ('train', 'dev', 'test'))"},
    };
    return variants;
}

} // namespace glossa::core::store
