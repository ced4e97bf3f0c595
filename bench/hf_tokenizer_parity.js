#!/usr/bin/env node
// Helper of bench/hf_tokenizer_parity.sh: everything that needs Hugging Face's tokenizers
// library (its Node bindings) or is easier in JavaScript than in the shell. Subcommands:
//
//   texts OUT_DIR JSONL...            the texts to compare (JSONL sources, cut to <= 400 code
//                                     points, plus hand-written and generated stress texts):
//                                     OUT_DIR/texts.jsonl (one JSON string a line, all of them),
//                                     OUT_DIR/texts.txt (the same, raw, for glossa-cli embed's
//                                     stdin) and OUT_DIR/train.txt (the part trained on)
//   wordpiece TRAIN_TXT OUT_DIR cased|uncased VOCAB_SIZE
//                                     trains a WordPiece vocabulary with tokenizers' own trainer
//                                     (BertNormalizer, BertPreTokenizer), keeps its VOCAB_SIZE
//                                     first tokens behind multilingual BERT's special tokens and
//                                     writes OUT_DIR/tokenizer.json, OUT_DIR/vocab.txt and
//                                     OUT_DIR/tokenizer_config.json
//   xlmr-json SPM_MODEL OUT_JSON      the tokenizer.json transformers' XLMRobertaConverter makes
//                                     of a SentencePiece Unigram model
//   model-folder DIR bert|xlm-roberta VOCAB_SIZE
//                                     a tiny random config.json + model.safetensors
//   encode TOKENIZER_JSON TEXTS_JSONL OUT
//                                     Hugging Face's ids, one JSON array a line
//   glossa-ids EMBED_JSONL OUT        the "ids" of glossa-cli embed --json, one JSON array a line
//   spm-ids SPM_IDS OUT               spm_encode --output_format=id's answers as XLM-R's ids
//   compare NAME TOKENIZER_JSON TEXTS_JSONL HF_IDS GLOSSA_IDS MAX_TOKENS [CANDIDATES_OUT]
//                                     one line of figures; the differing texts and their words,
//                                     for a second pass that finds the smallest differing inputs
//   kinds NAME TOKENIZER_JSON TEXTS_JSONL HF_IDS GLOSSA_IDS SMALL_JSONL SMALL_HF SMALL_GLOSSA [LABEL]
//                                     the differences by the rule they come from: how many texts,
//                                     and the smallest differing input of each kind, as tokens
//
// The tokenizers module is loaded from $HF_TOKENIZERS_NODE_MODULES (a node_modules folder).
'use strict';

const fs = require('fs');
const path = require('path');

function tokenizers() {
  const modules = process.env.HF_TOKENIZERS_NODE_MODULES || '/tmp/hftok/node_modules';
  return require(path.join(modules, 'tokenizers'));
}

function readLines(file) {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function readJsonLines(file) {
  return readLines(file).map((line) => JSON.parse(line));
}

// FNV-1a over UTF-16 units: a stable way to pick the training part.
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; ++i) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

// ---------------------------------------------------------------- texts

const maxCodePoints = 400;

// A paragraph cut into pieces of at most maxCodePoints code points: after a sentence end when
// there is one, else at a space, else anywhere (Thai, Khmer, Han).
function cut(text) {
  const out = [];
  let rest = Array.from(text);
  while (rest.length > maxCodePoints) {
    let at = -1;
    for (let i = maxCodePoints - 1; i > maxCodePoints / 4 && at < 0; --i)
      if ('.!?。！？।॥።'.includes(rest[i]) && (i + 1 >= rest.length || rest[i + 1] === ' ' || /[。！？]/.test(rest[i])))
        at = i + 1;
    for (let i = maxCodePoints - 1; i > maxCodePoints / 4 && at < 0; --i)
      if (rest[i] === ' ') at = i + 1;
    if (at < 0) at = maxCodePoints;
    out.push(rest.slice(0, at).join('').trim());
    rest = rest.slice(at);
  }
  out.push(rest.join('').trim());
  return out.filter((piece) => piece.length > 0);
}

// Hand-written stress texts: what tokenizers disagree on, if anything.
const stressTexts = [
  // accents, precomposed and decomposed, and what NFC / NFKC change
  'Café résumé naïve façade coöperate Ångström São Paulo',
  'Cafe\u0301 re\u0301sume\u0301 nai\u0308ve fac\u0327ade A\u030Angstro\u0308m',
  'ÉCOLE ÉTÉ À BIENTÔT ÇA VA Ñandú',
  'Tiếng Việt có dấu: Nguyễn Phương Thảo, Hà Nội, Đà Nẵng',
  'Tie\u0302\u0301ng Vie\u0323\u0302t co\u0301 da\u0302\u0301u',
  'n\u0303 ñ N\u0303 Ñ o\u0308 ö u\u0308 ü',
  'Ǆemal ǅemal ǆemal Ǳ ǲ ǳ',
  'ﬁnance ﬂow ﬀ ﬃ ﬄ ﬅ ﬆ',
  'Ⅻ ½ ¼ ² ₃ ㎏ ㍻ ℃ ™ ℌ ℍ ℕ ℵ',
  'K Kelvin \u212A Ω Ohm \u2126 Å Angstrom \u212B µ micro μ mu',
  '豈 更 車 \uF900 \uF901 \uFA70 \u{2F800}',
  'ǰ ŉ ẖ ẘ ẙ ẚ ΐ ΰ',
  // German, Turkish, Greek, Lithuanian, Dutch case rules
  'Straße STRASSE straße ẞ GROẞ Maß MASS',
  'İstanbul ISTANBUL ıstanbul istanbul İi Iı DİYARBAKIR Iğdır',
  'İ I\u0307 i\u0307 ı',
  'ΟΔΟΣ Οδός ΣΊΣΥΦΟΣ σοφός ΣΑΣ. Σ ΣΣ ΑΣ-ΑΣ',
  'ὈΔΥΣΣΕΎΣ ᾼ ᾳ ῼ ῳ ᾈ ᾀ ΆΈΉΊΌΎΏ',
  'Ĳssel ĳs IJssel',
  'ĮSPĖJIMAS Į į Ė ė Ų ų',
  // scripts
  'ภาษาไทยไม่มีการเว้นวรรคระหว่างคำ เช่น สวัสดีครับ ขอบคุณมากค่ะ ๑๒๓',
  'हिन्दी में क्ष त्र ज्ञ श्र और ऩ ऱ ऴ क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़',
  'क\u093C ख\u093C ग\u093C ज\u093C ड\u093C ढ\u093C फ\u093C',
  'क्‍ष क्\u200Cष र्‍य',
  'বাংলা ভাষা ড় ঢ় য় ক্ষ',
  'தமிழ் மொழி க்ஷ ஸ்ரீ',
  'ગુજરાતી ਪੰਜਾਬੀ ଓଡ଼ିଆ తెలుగు ಕನ್ನಡ മലയാളം සිංහල',
  '中华人民共和国成立于1949年。漢字と仮名の交じり文です。',
  '繁體中文與简体中文：這個問題怎麼解決？',
  'カタカナ ひらがな ｶﾀｶﾅ（半角） ゔ ヴ ㋿ ㍿ ヷ ヸ',
  'か\u3099 は\u309A ガ ぱ',
  '한국어 텍스트입니다. 안녕하세요! 반갑습니다.',
  '\u1112\u1161\u11AB\u1100\u1173\u11AF \u1100\u1161 (conjoining jamo)',
  'ᄒᆞᆫ글 옛한글 ㄱㄴㄷ ㅏㅑ',
  'العربية: مرحبا بالعالم! كيف حالك؟ ٠١٢٣٤٥٦٧٨٩',
  'ﻻ ﷲ ﷺ ﻼ ﺍﻟﻌﺮﺑﻴﺔ عـــربي مُحَمَّد',
  'فارسی: می‌خواهم بروم. کتاب‌ها ۱۲۳',
  'עברית עם ניקוד: שָׁלוֹם עוֹלָם',
  'ﬠ ﬡ שּׁ ﬡﬢ וּ',
  'Ελληνικά: Καλημέρα κόσμε!',
  'Русский: Ёжик в тумане, ЁЛКА, йод, Й, и\u0306',
  'Українська: Ґ ґ Ї ї Є є',
  'ქართული ენა Հայերեն лёгкий ខ្មែរ ລາວ မြန်မာ བོད་ཡིག ᠮᠣᠩᠭᠣᠯ ሰላም ᏣᎳᎩ ᐃᓄᒃᑎᑐᑦ',
  '𞤀𞤣𞤤𞤢𞤥 ⵜⴰⵎⴰⵣⵉⵖⵜ ꕙꔤ 𑄌𑄋𑄴𑄟𑄳𑄦',
  // emoji and symbols
  '👍🏽 👨‍👩‍👧‍👦 🏳️‍🌈 ❤️ 🇩🇪🇯🇵 #️⃣ 1️⃣ ©️ ☃︎',
  'I ❤ NY ★☆ ✓✗ → ← ⇒ ∀∃∈ ≤≥≠ ∞ √ ∑ ∫',
  '(╯°□°）╯︵ ┻━┻ ¯\\_(ツ)_/¯ ( ͡° ͜ʖ ͡°)',
  '€100 $5.99 £20 ¥1000 ₹500 ₽ ₿ ¢ 5°C ±3 §4 ¶2 © ® ™',
  // control characters and white space
  'tab\there\tand\t\tthere',
  'a\u0000b NUL',
  'bell\u0007ring esc\u001B[31mred\u001B[0m',
  'del\u007Fx c1\u0085next \u0080\u009F',
  'vt\u000Bff\u000Cend',
  'carriage\rreturn inside',
  'two  spaces   three    four     five',
  '   leading spaces',
  'trailing spaces   ',
  '  both  ',
  ' ',
  '\t',
  '',
  'nbsp\u00A0here em\u2003space thin\u2009space ideographic\u3000space',
  'zwsp\u200Bhere zwnj\u200Cthere zwj\u200Dthere',
  'ogham\u1680space nnbsp\u202Fx mmsp\u205Fy',
  'line\u2028sep para\u2029sep',
  'soft\u00ADhyphen word\u2060joiner',
  'bidi\u202Eoverride\u202C \u200Eltr\u200F rtl \u2066iso\u2069',
  'BOM\uFEFFinside \uFEFF',
  'mongolian\u180Evs',
  // U+FFFD and noncharacters, private use, variation selectors
  'bad\uFFFDbyte \uFFFD\uFFFD\uFFFD',
  '\uFFFD',
  'private \uE000\uE001 \uF8FF \u{F0000}',
  'nonchar \uFDD0 \uFFFE \uFFFF \u{10FFFF}',
  '葛\u{E0100} 葛 ☃\uFE0F ☃\uFE0E',
  'tags \u{E0041}\u{E0042} \u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}',
  // combining marks
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  'a\u0300\u0301\u0302\u0303\u0304 e\u0323\u0302',
  '\u0301 leading combining \u0308x',
  'ḱ\u0323 q\u0307\u0323 s\u0323\u0307',
  'ǹ\u0300 ọ́ ẹ̀ Yorùbá ṣẹ́',
  // very long words (BERT's max_input_chars_per_word is 100)
  'a'.repeat(99) + ' ' + 'b'.repeat(100) + ' ' + 'c'.repeat(101),
  'x'.repeat(150) + '.',
  'é'.repeat(101) + ' ' + 'e\u0301'.repeat(60),
  'Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaftsvorsitzenderstellvertreterinnenausweis',
  'Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnung',
  'ไม่มีการเว้นวรรคระหว่างคำในภาษาไทยจึงทำให้ประโยคยาวมากกลายเป็นคำเดียวสำหรับตัวตัดคำของเบิร์ตซึ่งยาวเกินกว่าหนึ่งร้อยตัวอักษร',
  '😀'.repeat(120),
  '中'.repeat(120),
  'pneumonoultramicroscopicsilicovolcanoconiosis supercalifragilisticexpialidocious',
  'Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch',
  // punctuation runs, digits
  '!!!???...,,,;;;:::',
  'Wait... what?!?! No—way… really‽',
  '—–‐-‒ «»„“”‘’‹› ¿¡ … · • ‰ † ‡ ′ ″',
  '((([[[{{{}}}]]])))',
  '@#$%^&*~`|\\+=<>_',
  '、。〃〄々〆〇〈〉《》「」『』【】〒〓〔〕〖〗〘〙〚〛〜〝〞〟〰〽',
  '٪٫٬؟،؛ ।॥ ෴ ፡። ։ ׃ ״ ׳',
  '12345 3.14159 1,000,000 1.000.000,50 -42 +7 1e10 0x1F',
  '٣٤٥ ४५६ ๑๒๓ 𝟏𝟐𝟑 ①②③ ¹²³ ⅓ Ⅳ 〇一二三',
  'iPhone15Pro Max 2024年3月15日 COVID-19 e-mail O\'Neill can\'t won\'t rock\'n\'roll',
  'HELLO World hello WORLD HeLLo hElLo',
  'abcабвαβγ Москва2024 東京tower नमस्तेhello',
  'https://example.com/path?q=1&x=ü#frag user.name+tag@example.co.uk',
  '𝐁𝐨𝐥𝐝 𝑖𝑡𝑎𝑙𝑖𝑐 𝔉𝔯𝔞𝔨𝔱𝔲𝔯 ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３',
  // the special tokens' texts, SentencePiece's word boundary, WordPiece's prefix
  '[CLS] [SEP] [MASK] [UNK] [PAD]',
  'hello[MASK]world [mask] [ MASK ]',
  '<s> </s> <mask> <unk> <pad>',
  'a<mask>b x</s>',
  '[unused1] [unused99]',
  '##ing ## #hashtag ###',
  '▁ ▁▁hello ▁x hello▁world',
  '. a 中 👍 ß',
];

// Code points by block, 32 a text: each between two letters, then all of them run together.
const sweepRanges = [
  [0x0000, 0x0009], [0x000B, 0x001F], [0x007F, 0x00FF], [0x0100, 0x017F], [0x0180, 0x024F],
  [0x02B0, 0x036F], [0x0370, 0x03FF], [0x0400, 0x04FF], [0x0530, 0x058F], [0x0590, 0x05FF],
  [0x0600, 0x06FF], [0x0700, 0x074F], [0x0780, 0x07BF], [0x0900, 0x097F], [0x0980, 0x09FF],
  [0x0E00, 0x0E7F], [0x0E80, 0x0EFF], [0x0F00, 0x0FFF], [0x1000, 0x109F], [0x10A0, 0x10FF],
  [0x1100, 0x11FF], [0x1200, 0x137F], [0x13A0, 0x13FF], [0x1680, 0x169F], [0x1780, 0x17FF],
  [0x1800, 0x18AF], [0x1AB0, 0x1AFF], [0x1D00, 0x1DFF], [0x1E00, 0x1EFF], [0x1F00, 0x1FFF],
  [0x2000, 0x206F], [0x2070, 0x209F], [0x20A0, 0x20CF], [0x20D0, 0x20FF], [0x2100, 0x218F],
  [0x2190, 0x21FF], [0x2200, 0x22FF], [0x2460, 0x24FF], [0x2500, 0x257F], [0x2600, 0x26FF],
  [0x2700, 0x27BF], [0x2C00, 0x2C5F], [0x2D30, 0x2D7F], [0x2E00, 0x2E7F], [0x2E80, 0x2EFF],
  [0x2F00, 0x2FDF], [0x3000, 0x303F], [0x3040, 0x309F], [0x30A0, 0x30FF], [0x3130, 0x318F],
  [0x3190, 0x31FF], [0x3200, 0x32FF], [0x3300, 0x33FF], [0x3400, 0x343F], [0x4DB0, 0x4DFF],
  [0x4E00, 0x4E3F], [0x9FC0, 0x9FFF], [0xA000, 0xA03F], [0xA4D0, 0xA4FF], [0xA500, 0xA53F],
  [0xA640, 0xA69F], [0xA700, 0xA7FF], [0xA960, 0xA97F], [0xAC00, 0xAC3F], [0xD7B0, 0xD7FF],
  [0xE000, 0xE01F], [0xF900, 0xF93F], [0xFA00, 0xFAFF], [0xFB00, 0xFB4F], [0xFB50, 0xFBFF],
  [0xFD3E, 0xFDFF], [0xFE00, 0xFE6F], [0xFE70, 0xFEFF], [0xFF00, 0xFFEF], [0xFFF0, 0xFFFF],
  [0x10000, 0x1001F], [0x10330, 0x1034F], [0x11000, 0x1103F], [0x1D400, 0x1D4FF],
  [0x1D7CE, 0x1D7FF], [0x1E900, 0x1E95F], [0x1F000, 0x1F02F], [0x1F100, 0x1F1FF],
  [0x1F300, 0x1F3FF], [0x1F600, 0x1F64F], [0x1F900, 0x1F9FF], [0x20000, 0x2001F],
  [0x2A6C0, 0x2A6FF], [0x2A700, 0x2A71F], [0x2B730, 0x2B74F], [0x2B810, 0x2B82F],
  [0x2CEA0, 0x2CEBF], [0x2EBE0, 0x2EBFF], [0x2F800, 0x2F83F], [0x2FA00, 0x2FA1F],
  [0x30000, 0x3001F], [0x31350, 0x3136F], [0xE0000, 0xE007F], [0xE0100, 0xE011F],
  [0xF0000, 0xF000F], [0x10FFF0, 0x10FFFF],
];

function sweepTexts() {
  const out = [];
  for (const [first, last] of sweepRanges) {
    for (let start = first; start <= last; start += 32) {
      const chars = [];
      for (let cp = start; cp <= Math.min(last, start + 31); ++cp)
        if (cp !== 0x0A && (cp < 0xD800 || cp > 0xDFFF)) chars.push(String.fromCodePoint(cp));
      out.push(chars.map((c) => 'a' + c + 'b').join(' '));
      out.push(chars.join(''));
    }
  }
  return out;
}

// Words of many scripts joined with the separators, cases and punctuation tokenizers treat
// differently.
function combinedTexts() {
  const words = ['Hello', 'WORLD', 'naïve', 'Straße', 'İzmir', 'ΟΔΟΣ', 'Москва', 'שלום', 'مرحبا', 'नमस्ते',
                 'สวัสดี', '東京', 'とうきょう', '서울', '👍🏽', '123', 'e\u0301t\u00E9', '\u212Aelvin'];
  const glue = [' ', '  ', '\t', '-', '.', ',', '', '\u00A0', '\u3000', '\u200B', '/', '_', "'", '…'];
  const out = [];
  for (let i = 0; i < words.length; ++i)
    for (let g = 0; g < glue.length; ++g) {
      const j = (i * 7 + g * 3 + 1) % words.length;
      out.push(words[i] + glue[g] + words[j] + glue[(g + 5) % glue.length] + words[(j + 4) % words.length]);
    }
  return out;
}

// A text a line of glossa-cli embed's stdin carries unchanged: no line feed, and no carriage
// return before one.
function lineSafe(text) {
  return !text.includes('\n') && !text.endsWith('\r');
}

function cmdTexts(outDir, sources) {
  const texts = [];
  const training = [];
  const seen = new Set();
  const add = (text, train) => {
    if (!lineSafe(text) || seen.has(text)) return;
    seen.add(text);
    texts.push(text);
    if (train) training.push(text);
  };
  const counts = {};
  for (const file of sources) {
    if (!fs.existsSync(file)) continue;
    for (const row of readJsonLines(file)) {
      if (typeof row.text !== 'string') continue;
      const lang = row.lang || row.code || 'und';
      // Whole languages held out (every third one of the extra declarations), and a quarter
      // of each trained language's texts: the words and scripts a vocabulary never saw.
      const heldOutLanguage = row.heldout === true;
      for (const piece of cut(row.text.replace(/[\r\n]+/g, ' '))) {
        const before = texts.length;
        add(piece, !heldOutLanguage && hash(piece) % 4 !== 0);
        if (texts.length > before) counts[lang] = (counts[lang] || 0) + 1;
      }
    }
  }
  const natural = texts.length;
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'texts.info.json'), JSON.stringify({ data: natural }) + '\n');
  for (const text of [...stressTexts, ...sweepTexts(), ...combinedTexts()]) add(text, false);
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'texts.jsonl'), texts.map((t) => JSON.stringify(t)).join('\n') + '\n');
  fs.writeFileSync(path.join(outDir, 'texts.txt'), texts.join('\n') + '\n');
  fs.writeFileSync(path.join(outDir, 'train.txt'), training.join('\n') + '\n');
  console.log(`${texts.length} texts (${natural} from ${Object.keys(counts).length} languages' data, ` +
              `${texts.length - natural} stress texts), ${training.length} trained on`);
}

// ---------------------------------------------------------------- WordPiece

function cmdWordPiece(trainFile, outDir, casing, vocabSize) {
  const tk = tokenizers();
  const lowercase = casing === 'uncased';
  const trainer = new tk.Tokenizer(tk.WordPiece.empty());
  // strip_accents unset: it follows lowercase, as in bert-base-(multilingual-)(un)cased.
  trainer.setNormalizer(tk.bertNormalizer({ cleanText: true, handleChineseChars: true, lowercase }));
  trainer.setPreTokenizer(tk.bertPreTokenizer());
  trainer.train([trainFile]);
  fs.mkdirSync(outDir, { recursive: true });
  const scratch = path.join(outDir, 'trained.json');
  trainer.save(scratch, false);
  const trained = JSON.parse(fs.readFileSync(scratch, 'utf8'));
  fs.unlinkSync(scratch);
  const learnt = Object.entries(trained.model.vocab).sort((a, b) => a[1] - b[1]).map(([token]) => token);

  // Multilingual BERT's layout: [PAD] 0, [unused1..99], [UNK] 100, [CLS] 101, [SEP] 102,
  // [MASK] 103, then the trainer's tokens (its alphabet first, then its merges in order: the
  // first N of them are what the trainer makes with vocab_size N).
  const tokens = ['[PAD]'];
  for (let i = 1; i < 100; ++i) tokens.push(`[unused${i}]`);
  tokens.push('[UNK]', '[CLS]', '[SEP]', '[MASK]');
  const specials = new Set(tokens);
  for (const token of learnt) {
    if (tokens.length >= vocabSize) break;
    if (!specials.has(token)) tokens.push(token);
  }
  const vocab = {};
  tokens.forEach((token, id) => { vocab[token] = id; });
  const special = (content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false,
                                      normalized: false, special: true });
  const json = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special('[PAD]', 0), special('[UNK]', 100), special('[CLS]', 101), special('[SEP]', 102),
                   special('[MASK]', 103)],
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null,
                  lowercase },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } },
               { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } },
             { SpecialToken: { id: '[SEP]', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } },
             { SpecialToken: { id: '[SEP]', type_id: 1 } }],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [101], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [102], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100,
             vocab },
  };
  // Through the library once, so that the file is one it writes and reads.
  const file = path.join(outDir, 'tokenizer.json');
  tk.Tokenizer.fromString(JSON.stringify(json)).save(file, true);
  fs.writeFileSync(path.join(outDir, 'vocab.txt'), tokens.join('\n') + '\n');
  const config = { do_lower_case: lowercase, tokenize_chinese_chars: true, strip_accents: null,
                   tokenizer_class: 'BertTokenizer', model_max_length: 512, unk_token: '[UNK]', sep_token: '[SEP]',
                   pad_token: '[PAD]', cls_token: '[CLS]', mask_token: '[MASK]' };
  fs.writeFileSync(path.join(outDir, 'tokenizer_config.json'), JSON.stringify(config, null, 2) + '\n');
  console.log(`${casing} WordPiece: ${tokens.length} tokens (${learnt.length} trained)`);
}

// ---------------------------------------------------------------- SentencePiece -> tokenizer.json

// Protocol buffers' wire format: the fields of one message.
function* protoFields(buf) {
  let at = 0;
  const varint = () => {
    let value = 0n;
    let shift = 0n;
    for (;;) {
      const byte = buf[at++];
      value |= BigInt(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return value;
      shift += 7n;
    }
  };
  while (at < buf.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = key & 7;
    if (wire === 0) yield { field, wire, value: varint() };
    else if (wire === 1) { yield { field, wire, bytes: buf.subarray(at, at + 8) }; at += 8; }
    else if (wire === 5) { yield { field, wire, bytes: buf.subarray(at, at + 4) }; at += 4; }
    else if (wire === 2) {
      const length = Number(varint());
      yield { field, wire, bytes: buf.subarray(at, at + length) };
      at += length;
    } else throw new Error(`wire type ${wire} at byte ${at}`);
  }
}

// sentencepiece_model.proto: ModelProto { repeated SentencePiece pieces = 1 { piece = 1,
// score = 2 (float), type = 3 }; TrainerSpec trainer_spec = 2; NormalizerSpec normalizer_spec
// = 3 { name = 1, precompiled_charsmap = 2, add_dummy_prefix = 3, remove_extra_whitespaces = 4 } }
function readSentencePieceModel(file) {
  const pieces = [];
  let charsMap = Buffer.alloc(0);
  let modelType = 1;
  for (const top of protoFields(fs.readFileSync(file))) {
    if (top.field === 1) {
      const piece = { piece: '', score: 0, type: 1 };
      for (const f of protoFields(top.bytes)) {
        if (f.field === 1) piece.piece = Buffer.from(f.bytes).toString('utf8');
        else if (f.field === 2) piece.score = Buffer.from(f.bytes).readFloatLE(0);
        else if (f.field === 3) piece.type = Number(f.value);
      }
      pieces.push(piece);
    } else if (top.field === 2) {
      for (const f of protoFields(top.bytes)) if (f.field === 3) modelType = Number(f.value);
    } else if (top.field === 3) {
      for (const f of protoFields(top.bytes)) if (f.field === 2) charsMap = Buffer.from(f.bytes);
    }
  }
  return { pieces, charsMap, modelType };
}

// What transformers' XLMRobertaConverter writes (the form of xlm-roberta-base's tokenizer.json):
// <s> <pad> </s> <unk>, the pieces from id 3 with their scores, <mask>; unk_id 3; normalizer
// Precompiled + Replace(" {2,}", " "); Metaspace ("▁", prepended always); <s> $A </s>.
function cmdXlmrJson(modelFile, outFile) {
  const tk = tokenizers();
  const { pieces, charsMap, modelType } = readSentencePieceModel(modelFile);
  if (modelType !== 1) throw new Error(`${modelFile}: model_type ${modelType}, not Unigram (1)`);
  const vocab = [['<s>', 0.0], ['<pad>', 0.0], ['</s>', 0.0], ['<unk>', 0.0]];
  for (const piece of pieces.slice(3)) vocab.push([piece.piece, piece.score]);
  vocab.push(['<mask>', 0.0]);
  const mask = vocab.length - 1;
  const special = (content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false,
                                      normalized: false, special: true });
  const json = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special('<s>', 0), special('<pad>', 1), special('</s>', 2), special('<unk>', 3),
                   { ...special('<mask>', mask), lstrip: true }],
    normalizer: {
      type: 'Sequence',
      normalizers: [{ type: 'Precompiled', precompiled_charsmap: charsMap.toString('base64') },
                    { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' }],
    },
    pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } },
               { SpecialToken: { id: '</s>', type_id: 0 } }],
      pair: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } },
             { SpecialToken: { id: '</s>', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } },
             { Sequence: { id: 'B', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      special_tokens: {
        '<s>': { id: '<s>', ids: [0], tokens: ['<s>'] },
        '</s>': { id: '</s>', ids: [2], tokens: ['</s>'] },
      },
    },
    decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: 3, vocab, byte_fallback: false },
  };
  tk.Tokenizer.fromString(JSON.stringify(json)).save(outFile, true);
  console.log(`XLM-R Unigram tokenizer.json: ${vocab.length} pieces, precompiled_charsmap ${charsMap.length} bytes`);
}

// ---------------------------------------------------------------- model folder

// A tiny random encoder (1 layer, hidden size 8) with the Hugging Face names, F32, for
// glossa-cli embed to load: only its ids matter here.
function cmdModelFolder(dir, family, vocabSizeText) {
  const vocabSize = Number(vocabSizeText);
  const roberta = family === 'xlm-roberta';
  const hidden = 8;
  const intermediate = 16;
  const positions = roberta ? 1026 : 1024; // XLM-R reads max_position_embeddings - 2 tokens
  const typeVocab = roberta ? 1 : 2;
  const config = {
    architectures: [roberta ? 'XLMRobertaModel' : 'BertModel'],
    model_type: roberta ? 'xlm-roberta' : 'bert',
    vocab_size: vocabSize,
    hidden_size: hidden,
    num_hidden_layers: 1,
    num_attention_heads: 2,
    intermediate_size: intermediate,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    max_position_embeddings: positions,
    type_vocab_size: typeVocab,
    layer_norm_eps: roberta ? 1e-5 : 1e-12,
    pad_token_id: roberta ? 1 : 0,
    initializer_range: 0.02,
    position_embedding_type: 'absolute',
  };
  const p = roberta ? 'roberta.' : 'bert.';
  const l = `${p}encoder.layer.0.`;
  const shapes = [
    [`${p}embeddings.word_embeddings.weight`, [vocabSize, hidden]],
    [`${p}embeddings.position_embeddings.weight`, [positions, hidden]],
    [`${p}embeddings.token_type_embeddings.weight`, [typeVocab, hidden]],
    [`${p}embeddings.LayerNorm.weight`, [hidden]], [`${p}embeddings.LayerNorm.bias`, [hidden]],
  ];
  for (const name of ['query', 'key', 'value'])
    shapes.push([`${l}attention.self.${name}.weight`, [hidden, hidden]], [`${l}attention.self.${name}.bias`, [hidden]]);
  shapes.push([`${l}attention.output.dense.weight`, [hidden, hidden]], [`${l}attention.output.dense.bias`, [hidden]],
              [`${l}attention.output.LayerNorm.weight`, [hidden]], [`${l}attention.output.LayerNorm.bias`, [hidden]],
              [`${l}intermediate.dense.weight`, [intermediate, hidden]], [`${l}intermediate.dense.bias`, [intermediate]],
              [`${l}output.dense.weight`, [hidden, intermediate]], [`${l}output.dense.bias`, [hidden]],
              [`${l}output.LayerNorm.weight`, [hidden]], [`${l}output.LayerNorm.bias`, [hidden]],
              [`${p}pooler.dense.weight`, [hidden, hidden]], [`${p}pooler.dense.bias`, [hidden]]);
  // safetensors: 8-byte little-endian header length, the JSON header, the raw data.
  let seed = 12345;
  const random = () => { // mulberry32
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const header = { __metadata__: { format: 'pt' } };
  const chunks = [];
  let offset = 0;
  for (const [name, shape] of shapes) {
    const count = shape.reduce((a, b) => a * b, 1);
    const data = Buffer.alloc(count * 4);
    const layerNormWeight = name.endsWith('LayerNorm.weight');
    for (let i = 0; i < count; ++i) data.writeFloatLE(layerNormWeight ? 1 : (random() - 0.5) * 0.1, i * 4);
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + data.length] };
    offset += data.length;
    chunks.push(data);
  }
  let headerText = JSON.stringify(header);
  headerText += ' '.repeat((8 - (Buffer.byteLength(headerText) % 8)) % 8);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(Buffer.byteLength(headerText)));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'model.safetensors'), Buffer.concat([length, Buffer.from(headerText), ...chunks]));
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2) + '\n');
}

// ---------------------------------------------------------------- ids

async function cmdEncode(tokenizerFile, textsFile, outFile) {
  const tk = tokenizers();
  const tokenizer = tk.Tokenizer.fromFile(tokenizerFile);
  const texts = readJsonLines(textsFile);
  const out = [];
  for (let start = 0; start < texts.length; start += 256) {
    const encodings = await tokenizer.encodeBatch(texts.slice(start, start + 256));
    for (const encoding of encodings) out.push(JSON.stringify(encoding.getIds()));
  }
  fs.writeFileSync(outFile, out.join('\n') + (out.length ? '\n' : ''));
}

// spm_encode --output_format=id's lines as XLM-R's ids: <s> 0, the pieces' ids + 1 (<unk> 0
// becomes 3), </s> 2. SentencePiece itself, for telling its rules from Glossa's.
function cmdSpmIds(spmFile, outFile) {
  const out = readLines(spmFile).map((line) => {
    const ids = line.trim() === '' ? [] : line.trim().split(/\s+/).map(Number);
    return JSON.stringify([0, ...ids.map((id) => (id === 0 ? 3 : id + 1)), 2]);
  });
  fs.writeFileSync(outFile, out.join('\n') + (out.length ? '\n' : ''));
}

function cmdGlossaIds(embedFile, outFile) {
  const out = readLines(embedFile).map((line) => JSON.stringify(JSON.parse(line).ids));
  fs.writeFileSync(outFile, out.join('\n') + (out.length ? '\n' : ''));
}

// id -> token of a tokenizer.json (its model's vocabulary and its added tokens).
function tokensOf(tokenizerFile) {
  const json = JSON.parse(fs.readFileSync(tokenizerFile, 'utf8'));
  const byId = [];
  if (Array.isArray(json.model.vocab)) json.model.vocab.forEach(([token], id) => { byId[id] = token; });
  else for (const [token, id] of Object.entries(json.model.vocab)) byId[id] = token;
  for (const added of json.added_tokens || []) byId[added.id] = added.content;
  return byId;
}

function loadComparison(tokenizerFile, textsFile, hfFile, glossaFile) {
  const texts = readJsonLines(textsFile);
  const hf = readJsonLines(hfFile);
  const glossa = readJsonLines(glossaFile);
  if (hf.length !== texts.length || glossa.length !== texts.length)
    throw new Error(`${texts.length} texts, ${hf.length} Hugging Face answers, ${glossa.length} Glossa answers`);
  const differing = [];
  for (let i = 0; i < texts.length; ++i)
    if (JSON.stringify(hf[i]) !== JSON.stringify(glossa[i])) differing.push(i);
  return { texts, hf, glossa, differing, byId: tokensOf(tokenizerFile) };
}

function cmdCompare(name, tokenizerFile, textsFile, hfFile, glossaFile, maxTokens, candidatesFile) {
  const { texts, hf, glossa, differing } = loadComparison(tokenizerFile, textsFile, hfFile, glossaFile);
  const cutShort = glossa.filter((ids) => ids.length >= Number(maxTokens)).length;
  // The data's texts come first in texts.jsonl, the stress texts after them.
  const infoFile = path.join(path.dirname(textsFile), 'texts.info.json');
  const data = fs.existsSync(infoFile) ? JSON.parse(fs.readFileSync(infoFile, 'utf8')).data : texts.length;
  const dataDiffering = differing.filter((i) => i < data).length;
  const percent = (same, all) => (all ? ((100 * same) / all).toFixed(2) : '0.00') + '%';
  const cells = [
    name.padEnd(34), String(texts.length).padStart(6), String(texts.length - differing.length).padStart(9),
    String(differing.length).padStart(9), percent(texts.length - differing.length, texts.length).padStart(8),
    `${data - dataDiffering}/${data}`.padStart(11), `${texts.length - data - (differing.length - dataDiffering)}/${texts.length - data}`.padStart(11),
  ];
  console.log(cells.join(' ') +
              (cutShort ? `  (${cutShort} Glossa answers at the length limit: raise max_position_embeddings)` : ''));
  if (candidatesFile) {
    // The differing texts themselves, and each of their words (split at spaces): the second
    // pass keeps the smallest inputs that still differ.
    const candidates = new Set();
    for (const i of differing) {
      candidates.add(texts[i]);
      for (const word of texts[i].split(' ')) if (word.length) candidates.add(word);
    }
    fs.writeFileSync(candidatesFile, [...candidates].map((t) => JSON.stringify(t)).join('\n') + (candidates.size ? '\n' : ''));
  }
}

const show = (text) => JSON.stringify(text).replace(/[\u0080-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufe00-\ufe0f]/g,
  (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

// What a difference comes from, by the rule that tells the two apart (the first that fits),
// with the side each one follows. bench/hf_tokenizer_parity.sh's header comment has the
// sources.
function kindOf(model, text, hfIds, glossaIds, byId, addedTokens, stripsAccents) {
  if (addedTokens.some((token) => text.includes(token)))
    return 'a special token\'s text in the input: Hugging Face matches it as that token (added_tokens, as ' +
           'transformers\' slow tokenizers do too); Glossa reads it as text';
  if (model === 'WordPiece') {
    if (/\p{Cn}/u.test(text))
      return 'unassigned code points (Cn, noncharacters): Glossa drops them (BERT\'s _is_control: every C* ' +
             'category); Hugging Face keeps them (unicode_categories\' is_other is Cc, Cf, Co), so the word is [UNK]';
    if (/Σ/.test(text) && glossaIds.some((id) => /ς/.test(byId[id] || '')))
      return 'word-final capital sigma, lower-cased: Glossa gives ς (Python\'s str.lower, Final_Sigma); ' +
             'Hugging Face σ (char::to_lowercase, one character at a time)';
    // Stripping accents decomposes (NFD) on both sides, which makes NFC moot.
    if (!stripsAccents && text.normalize('NFC') !== text)
      return 'text that NFC changes (decomposed accents, singletons such as K U+212A or CJK compatibility ' +
             'ideographs, composition exclusions such as क़ U+0958): Glossa applies NFC (transformers\' ' +
             'BasicTokenizer); Hugging Face\'s BertNormalizer does not';
    if (/[\u{2B820}-\u{2B91F}]/u.test(text))
      return 'CJK Extension E U+2B820-U+2B91F: Glossa splits them as Chinese characters (BERT\'s range ' +
             '0x2B820-0x2CEAF); Hugging Face\'s is_chinese_char starts that range at 0x2B920';
    return 'characters newer than the Unicode tables of Hugging Face\'s BERT rules (unicode_categories 0.1.1): ' +
           'punctuation Glossa splits off and marks it strips as accents, which Hugging Face keeps in the word';
  }
  const space = byId.indexOf('▁');
  const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (hfIds.length === glossaIds.length + 1 && hfIds[hfIds.length - 2] === space &&
      same([...hfIds.slice(0, -2), hfIds[hfIds.length - 1]], glossaIds))
    return 'white space at the end (or what the charsmap makes white space): Hugging Face ends with a "▁" piece ' +
           '(the converted normalizer collapses spaces but does not strip them); SentencePiece and Glossa strip it';
  if (same([...hfIds].sort(), [...glossaIds].sort()))
    return 'segmentations of equal score (runs such as "!!!", "???", "000"): Hugging Face keeps f64 path scores ' +
           'and the path found first (longer last piece); SentencePiece, which Glossa runs, compares a double ' +
           'candidate with the best score it stored as float, so the later path wins when rounding lowered that';
  if (text.normalize('NFKC') !== text)
    return 'combining sequences and jamo: Hugging Face\'s Precompiled normalizer rewrites a grapheme of under 6 bytes ' +
           'by its first (shortest) charsmap match and drops the rest of it, and longer graphemes one character at ' +
           'a time; SentencePiece (and Glossa) take the longest match anywhere';
  return 'other';
}

function cmdKinds(name, tokenizerFile, textsFile, hfFile, glossaFile, smallTextsFile, smallHfFile, smallGlossaFile,
                  rightLabel = 'Glossa') {
  const json = JSON.parse(fs.readFileSync(tokenizerFile, 'utf8'));
  const model = json.model.type;
  const addedTokens = (json.added_tokens || []).map((token) => token.content);
  const bert = json.normalizer && json.normalizer.type === 'BertNormalizer' ? json.normalizer : null;
  const stripsAccents = bert !== null && (bert.strip_accents === true || (bert.strip_accents == null && bert.lowercase));
  const all = loadComparison(tokenizerFile, textsFile, hfFile, glossaFile);
  const small = loadComparison(tokenizerFile, smallTextsFile, smallHfFile, smallGlossaFile);
  const kinds = new Map();
  const kindFor = (set, i) => kindOf(model, set.texts[i], set.hf[i], set.glossa[i], set.byId, addedTokens, stripsAccents);
  const smallKind = new Map(); // differing input -> its kind
  for (const i of small.differing) smallKind.set(small.texts[i], kindFor(small, i));
  // A text counts under the kinds of its words that differ on their own, or under its own kind
  // when none does (white space at its end, say).
  for (const i of all.differing) {
    const found = new Set();
    for (const word of all.texts[i].split(' ')) if (smallKind.has(word)) found.add(smallKind.get(word));
    if (!found.size) found.add(smallKind.get(all.texts[i]) || kindFor(all, i));
    for (const kind of found) {
      if (!kinds.has(kind)) kinds.set(kind, { texts: 0, example: -1 });
      kinds.get(kind).texts += 1;
    }
  }
  // Each kind's smallest differing input (a whole text, or one of its words).
  const order = [...small.differing].sort((a, b) => Array.from(small.texts[a]).length - Array.from(small.texts[b]).length || a - b);
  for (const i of order) {
    const entry = kinds.get(smallKind.get(small.texts[i]));
    if (entry && entry.example < 0) entry.example = i;
  }
  if (!kinds.size) return;
  console.log(`${name}: ${all.differing.length} texts differ (a text counts under each kind it shows)`);
  const token = (id) => (small.byId[id] === undefined ? `#${id}` : small.byId[id]);
  for (const [kind, { texts, example }] of [...kinds].sort((a, b) => b[1].texts - a[1].texts)) {
    console.log(`  ${String(texts).padStart(5)} texts: ${kind}`);
    if (example < 0) continue;
    const h = small.hf[example];
    const g = small.glossa[example];
    let at = 0;
    while (at < h.length && at < g.length && h[at] === g[at]) ++at;
    let hEnd = h.length;
    let gEnd = g.length;
    while (hEnd > at && gEnd > at && h[hEnd - 1] === g[gEnd - 1]) { --hEnd; --gEnd; }
    const part = (ids, end) => ids.slice(Math.max(0, at - 1), Math.min(ids.length, end + 1))
      .map((id) => `${token(id)}(${id})`).join(' ');
    console.log(`         e.g. ${show(small.texts[example])}`);
    console.log(`           Hugging Face ${show(part(h, hEnd))}`);
    console.log(`           ${rightLabel.padEnd(12)} ${show(part(g, gEnd))}`);
  }
}

// ---------------------------------------------------------------- main

const [command, ...args] = process.argv.slice(2);
const commands = {
  texts: () => cmdTexts(args[0], args.slice(1)),
  wordpiece: () => cmdWordPiece(args[0], args[1], args[2], Number(args[3])),
  'xlmr-json': () => cmdXlmrJson(args[0], args[1]),
  'model-folder': () => cmdModelFolder(args[0], args[1], args[2]),
  encode: () => cmdEncode(args[0], args[1], args[2]),
  'glossa-ids': () => cmdGlossaIds(args[0], args[1]),
  'spm-ids': () => cmdSpmIds(args[0], args[1]),
  compare: () => cmdCompare(...args),
  kinds: () => cmdKinds(...args),
};
if (!commands[command]) {
  console.error(`hf_tokenizer_parity.js: unknown command '${command || ''}' (${Object.keys(commands).join(', ')})`);
  process.exit(2);
}
Promise.resolve()
  .then(commands[command])
  .catch((error) => {
    console.error(`hf_tokenizer_parity.js ${command}: ${error.message}`);
    process.exit(1);
  });
