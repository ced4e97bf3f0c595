#!/usr/bin/env python3
# A stand-in for `glossa-cli retrieve --stream`, speaking its protocol (docs: the retrieval
# interface of issue 19) so the GUI side is tested without LibTorch: progress lines, then the
# ready line with a matrix, then one answer per request line. The model folder's name picks
# the behaviour: "fail" fails before ready, "slow" embeds until it is stopped, anything else
# measures. GLOSSA_FAKE_LOG, when set, gets a line when it starts (its arguments) and ends.
import json
import os
import sqlite3
import sys

args = sys.argv[1:]
log_path = os.environ.get("GLOSSA_FAKE_LOG")


def record(what):
    if log_path:
        with open(log_path, "a", encoding="utf-8") as log:
            log.write(what + "\n")


def option(name, default=None):
    return args[args.index(name) + 1] if name in args and args.index(name) + 1 < len(args) else default


def out(obj):
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


record("start " + " ".join(args))
if not args or args[0] != "retrieve" or "--stream" not in args:
    sys.stderr.write("error: the fake engine only speaks retrieve --stream\n")
    sys.exit(2)
model = option("--model") or "run " + option("--run", "?")
split = option("--split", "test")
top_k = int(option("--top-k", "5"))

if "fail" in model:
    out({"progress": {"embedded": 0, "total": 10}})
    out({"failed": "the model folder has no config.json"})
    sys.stderr.write("error: the model folder has no config.json\n")
    record("failed")
    sys.exit(2)

db = sqlite3.connect("file:" + option("--project") + "?mode=ro", uri=True)
rows = db.execute(
    "SELECT e.id, e.text, e.lang, coalesce(e.group_id, '') FROM examples e JOIN datasets d ON d.id = e.dataset_id "
    "WHERE d.name = ? AND e.split = ? ORDER BY e.id", (option("--dataset"), split)).fetchall()
languages = sorted({row[2] for row in rows})
total = len(rows)


def wait_for_stop():
    while True:
        line = sys.stdin.readline()
        if not line or line.strip() == "stop":
            return


if "slow" in model:
    out({"progress": {"embedded": 1, "total": total}})
    wait_for_stop()
    record("stopped")
    sys.exit(0)

for embedded in (total // 3, 2 * total // 3, total):
    out({"progress": {"embedded": embedded, "total": total}})

# Scores with a shape: each language has a quality, a pair scores the product of its two.
quality = {code: 0.35 + 0.6 * ((i * 7) % len(languages)) / max(1, len(languages) - 1)
           for i, code in enumerate(languages)}
groups = {}
for row in rows:
    groups.setdefault(row[3], set()).add(row[2])
pairs = {}
for a in languages:
    for b in languages:
        if a == b:
            continue
        n = sum(1 for row in rows if row[2] == a and row[3] and b in groups[row[3]])
        p = round(quality[a] * quality[b], 4)
        pairs[a + "|" + b] = {"p_at_1": p, "mrr": round(min(1.0, p + 0.08), 4), "n": n}
if "few" in model:  # one pair from few queries
    first = next(iter(pairs))
    pairs[first]["n"] = 4
mean = lambda key: round(sum(v[key] for v in pairs.values()) / len(pairs), 4) if pairs else None
retrieval = {"split": split, "pairs": pairs, "mean_p_at_1": mean("p_at_1"), "mean_mrr": mean("mrr"),
             "languages": languages, "texts": total, "model": model, "pooling": option("--pooling", "mean")}
out({"ready": {"texts": total, "languages": languages, "retrieval": retrieval}})


def bigrams(text):
    text = " " + text.lower() + " "
    return {text[i:i + 2] for i in range(len(text) - 1)}


while True:
    line = sys.stdin.readline()
    if not line or line.strip() == "stop":
        break
    try:
        request = json.loads(line)
        key, text = request["key"], request["text"]
    except (ValueError, KeyError, TypeError):
        continue
    if text == "bad":
        out({"key": key, "error": "the text is empty once normalised"})
        continue
    query_group = next((row[3] for row in rows if row[1] == text), None)
    query_bigrams = bigrams(text)
    neighbours = {}
    for code in languages:
        scored = []
        for row in rows:
            if row[2] != code:
                continue
            overlap = len(query_bigrams & bigrams(row[1])) / max(1, len(query_bigrams | bigrams(row[1])))
            similarity = 1.0 if row[1] == text else 0.9 if query_group and row[3] == query_group else 0.6 * overlap
            scored.append({"id": row[0], "text": row[1], "similarity": round(similarity, 4)})
        scored.sort(key=lambda item: -item["similarity"])
        neighbours[code] = scored[:top_k]
    out({"key": key, "neighbours": neighbours})
record("ended")
