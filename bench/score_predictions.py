#!/usr/bin/env python3
"""Scores predicted labels against a test TSV the way Glossa scores its own runs.

Usage: bench/score_predictions.py TEST_TSV PREDICTIONS

TEST_TSV has a header with at least text, label and lang (bench/prepare_train_data.py writes
NAME.test.tsv); PREDICTIONS holds one predicted label per line in the same order, with or
without fastText's __label__ prefix (the output of `fasttext predict MODEL.bin NAME.test.ft`).

Prints one JSON object shaped like the "test" part of `glossa-cli train --json`:
{"examples", "accuracy", "macro_f1", "micro_f1", "unpredicted", "per_language": {LANG: {"n", "accuracy", "macro_f1"}}}.

The conventions are those of core/train/metrics.cpp (scikit-learn's defaults): a class counts
in a macro average when it occurs in the gold labels or the predictions of that set of examples
(overall, or one language's examples), so a class never predicted pulls macro-F1 down and a class
absent from a language does not count there; 0/0 precision or recall is 0; micro-F1 equals
accuracy for single-label data. An empty prediction line (fastText prints one when a text gives
it no feature) is wrong and counts as no class.
"""

import argparse
import collections
import csv
import json
import sys

FASTTEXT_PREFIX = "__label__"


def ratio(numerator, denominator):
    return 0.0 if denominator == 0 else numerator / denominator


def report(gold, predicted):
    """Accuracy and macro-F1 over parallel lists of labels (None: no prediction)."""
    support = collections.Counter(gold)
    predicted_count = collections.Counter(p for p in predicted if p is not None)
    true_positives = collections.Counter(g for g, p in zip(gold, predicted) if g == p)
    classes = set(support) | set(predicted_count)
    f1_sum = 0.0
    for label in classes:
        precision = ratio(true_positives[label], predicted_count[label])
        recall = ratio(true_positives[label], support[label])
        f1_sum += 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    accuracy = ratio(sum(true_positives.values()), len(gold))
    return {
        "examples": len(gold),
        "accuracy": accuracy,
        "macro_f1": ratio(f1_sum, len(classes)),
        "micro_f1": accuracy,
    }


def read_predictions(path):
    predictions = []
    with open(path, encoding="utf-8") as file:
        for line in file:
            # `fasttext predict` with k=1 prints one label; take the first if there are more.
            fields = line.split()
            if not fields:
                predictions.append(None)
                continue
            label = fields[0]
            predictions.append(label[len(FASTTEXT_PREFIX) :] if label.startswith(FASTTEXT_PREFIX) else label)
    return predictions


def read_test(path):
    with open(path, encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file, delimiter="\t")
        missing = {"label", "lang"} - set(reader.fieldnames or [])
        if missing:
            sys.exit(f"score_predictions.py: {path} has no column {', '.join(sorted(missing))}")
        # Glossa stores languages in lower case with "-" (pt_BR -> pt-br); key them the same way.
        return [(row["label"], row["lang"].strip().replace("_", "-").lower()) for row in reader]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("test_tsv")
    parser.add_argument("predictions")
    args = parser.parse_args()

    test = read_test(args.test_tsv)
    predicted = read_predictions(args.predictions)
    if len(test) != len(predicted):
        sys.exit(
            f"score_predictions.py: {args.test_tsv} has {len(test)} test rows but "
            f"{args.predictions} has {len(predicted)} predictions"
        )
    gold = [label for label, _ in test]
    result = report(gold, predicted)
    result["unpredicted"] = sum(p is None for p in predicted)
    by_language = collections.defaultdict(lambda: ([], []))
    for (label, lang), prediction in zip(test, predicted):
        by_language[lang][0].append(label)
        by_language[lang][1].append(prediction)
    result["per_language"] = {}
    for lang in sorted(by_language):
        scores = report(*by_language[lang])
        result["per_language"][lang] = {"n": scores["examples"], "accuracy": scores["accuracy"], "macro_f1": scores["macro_f1"]}
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
