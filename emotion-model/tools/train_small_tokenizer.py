#!/usr/bin/env python3
"""Trains the small byte-level BPE tokenizer that the tiny/small Emotion-Qwen configurations ship.

Python 3 standard library only. Deterministic: the same corpus gives the same tokenizer.json, byte for byte.

The output mirrors the layout of Qwen2.5's tokenizer.json (NFC normaliser, the same split regex, byte-level
pre-tokeniser/decoder, BPE without unk) so the Java code path is the same for the small and the real
tokenizer; only the vocabulary is smaller (4096 ids) and the special tokens sit at the end of it with the
same relative order as in Qwen (real id - 147561).

Usage:
  python3 emotion-model/tools/train_small_tokenizer.py \
      [--fixtures ../shared/fixtures/emotion-qwen-eval] \
      [--out emotion-model/src/main/resources/io/emoqwen/model/text/small]
"""

import argparse
import csv
import json
import os
import unicodedata

VOCAB_SIZE = 4096

# Same names and order as Qwen2.5 (151643..151656); placed at the top of the small vocabulary.
SPECIAL_TOKENS = [
    "<|endoftext|>",
    "<|im_start|>",
    "<|im_end|>",
    "<|object_ref_start|>",
    "<|object_ref_end|>",
    "<|box_start|>",
    "<|box_end|>",
    "<|quad_start|>",
    "<|quad_end|>",
    "<|vision_start|>",
    "<|vision_end|>",
    "<|vision_pad|>",
    "<|image_pad|>",
    "<|video_pad|>",
]
FIRST_SPECIAL_ID = VOCAB_SIZE - len(SPECIAL_TOKENS)

# Qwen2.5's pre-tokenisation regex, written into tokenizer.json verbatim (the Rust tokenizer applies it).
SPLIT_REGEX = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*"
    r"|\s*[\r\n]+|\s+(?!\S)|\s+"
)

# Text the platform itself puts in prompts, plus the label vocabularies of the benchmarks in both languages,
# so these words become single or few tokens.
BUILT_IN_TEXT = """
You are a helpful assistant.
Analyze the following video, combined with subtitles and visual clues, determine the emotional categories of the characters.
Please choose one word from the following list: happy, sad, neutral, angry, surprise, disgust, fear, worried.
Describe the emotional state of the person in the image.
In the video, the person looks happy. In the video, she looks sad. In the video, he looks angry.
The subtitle of this video is:
happy sad neutral angry surprise disgust fear worried contempt excited calm anxious
Happy Sad Neutral Angry Surprise Disgust Fear Worried
高兴 悲伤 中性 生气 惊讶 厌恶 恐惧 担忧 快乐 难过 愤怒 害怕 平静 焦虑 开心 伤心
在视频中，他看起来很高兴。在视频中，她看起来很悲伤。因此，推测他的情感状态为生气。
请从以下列表中选择一个词：高兴、悲伤、中性、生气、惊讶、厌恶、恐惧、担忧。
分析以下视频，结合字幕和视觉线索，判断人物的情感类别。
0 1 2 3 4 5 6 7 8 9 10 100 2024 . , ! ? : ; " ' ( ) [ ] { } - _ / \\ @ # $ % & * + = < > | ~ ` ^
"""


def bytes_to_unicode():
    """GPT-2's reversible byte -> printable character map (the ByteLevel alphabet)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, (chr(c) for c in cs)))


def is_letter(ch):
    return unicodedata.category(ch).startswith("L")


def is_number(ch):
    return unicodedata.category(ch).startswith("N")


def pre_tokenize(text):
    """Approximates SPLIT_REGEX with the standard library (re has no \\p{L}).

    Training only needs the same word boundaries in the common cases; the Rust tokenizer applies the exact
    regex at encode time, and a merge learned here is valid wherever its pieces meet.
    """
    pieces = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "'" and i + 1 < n:
            lowered = text[i : i + 3].lower()
            matched = next((c for c in ("'re", "'ve", "'ll") if lowered.startswith(c)), None)
            matched = matched or next((c for c in ("'s", "'t", "'m", "'d") if lowered[:2] == c), None)
            if matched:
                pieces.append(text[i : i + len(matched)])
                i += len(matched)
                continue
        if is_letter(ch) or (
            ch not in "\r\n" and not is_number(ch) and i + 1 < n and is_letter(text[i + 1])
        ):
            j = i + 1
            while j < n and is_letter(text[j]):
                j += 1
            pieces.append(text[i:j])
            i = j
        elif is_number(ch):
            pieces.append(ch)
            i += 1
        elif not ch.isspace() or (ch == " " and i + 1 < n and not text[i + 1].isspace() and not is_letter(text[i + 1]) and not is_number(text[i + 1])):
            j = i + 1 if ch == " " else i
            while j < n and not text[j].isspace() and not is_letter(text[j]) and not is_number(text[j]):
                j += 1
            while j < n and text[j] in "\r\n":
                j += 1
            pieces.append(text[i:j])
            i = j
        else:
            j = i
            while j < n and text[j].isspace():
                j += 1
            run = text[i:j]
            last_newline = max(run.rfind("\n"), run.rfind("\r"))
            if last_newline >= 0:
                pieces.append(run[: last_newline + 1])
                i += last_newline + 1
            elif j < n and j - i > 1:
                pieces.append(run[:-1])  # \s+(?!\S): leave one space to prefix the next word
                i = j - 1
            else:
                pieces.append(run)
                i = j
    return pieces


def read_corpus(fixtures):
    texts = [BUILT_IN_TEXT]
    for name in sorted(os.listdir(fixtures)):
        if not name.endswith(".csv"):
            continue
        with open(os.path.join(fixtures, name), encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                texts.append("\n".join(row))
    return unicodedata.normalize("NFC", "\n".join(texts))


def train(corpus, merges_wanted):
    byte_map = bytes_to_unicode()
    word_counts = {}
    for piece in pre_tokenize(corpus):
        word = tuple(byte_map[b] for b in piece.encode("utf-8"))
        word_counts[word] = word_counts.get(word, 0) + 1
    words = [list(w) for w in word_counts]
    counts = [word_counts[w] for w in word_counts]

    pair_counts = {}
    where = {}
    for idx, word in enumerate(words):
        for pair in zip(word, word[1:]):
            pair_counts[pair] = pair_counts.get(pair, 0) + counts[idx]
            where.setdefault(pair, set()).add(idx)

    merges = []
    while len(merges) < merges_wanted and pair_counts:
        # Highest count wins; ties go to the lexicographically smallest pair so runs are reproducible.
        best = min(pair_counts.items(), key=lambda kv: (-kv[1], kv[0]))
        pair, count = best
        # Pairs seen once still get merged: the corpus is small and a full, gap-free vocabulary up to the
        # special tokens keeps the id space the model configurations declare.
        merges.append(pair)
        merged = pair[0] + pair[1]
        for idx in sorted(where.pop(pair, ())):
            word = words[idx]
            c = counts[idx]
            for p in zip(word, word[1:]):
                pair_counts[p] -= c
                if pair_counts[p] <= 0:
                    del pair_counts[p]
            out, k = [], 0
            while k < len(word):
                if k + 1 < len(word) and word[k] == pair[0] and word[k + 1] == pair[1]:
                    out.append(merged)
                    k += 2
                else:
                    out.append(word[k])
                    k += 1
            words[idx] = out
            for p in zip(out, out[1:]):
                pair_counts[p] = pair_counts.get(p, 0) + c
                where.setdefault(p, set()).add(idx)
        pair_counts.pop(pair, None)
    return byte_map, merges


def build_tokenizer_json(byte_map, merges):
    vocab = {}
    for b in range(256):
        vocab[byte_map[b]] = len(vocab)
    for a, b in merges:
        token = a + b
        if token not in vocab:
            vocab[token] = len(vocab)
    if len(vocab) > FIRST_SPECIAL_ID:
        raise SystemExit(f"vocabulary {len(vocab)} overlaps the special tokens at {FIRST_SPECIAL_ID}")
    added = [
        {
            "id": FIRST_SPECIAL_ID + i,
            "content": token,
            "single_word": False,
            "lstrip": False,
            "rstrip": False,
            "normalized": False,
            "special": True,
        }
        for i, token in enumerate(SPECIAL_TOKENS)
    ]
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": {"type": "NFC"},
        "pre_tokenizer": {
            "type": "Sequence",
            "pretokenizers": [
                {"type": "Split", "pattern": {"Regex": SPLIT_REGEX}, "behavior": "Isolated", "invert": False},
                byte_level,
            ],
        },
        "post_processor": byte_level,
        "decoder": byte_level,
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": "",
            "end_of_word_suffix": "",
            "fuse_unk": False,
            "byte_fallback": False,
            "ignore_merges": False,
            "vocab": vocab,
            "merges": [f"{a} {b}" for a, b in merges],
        },
    }


CHAT_TEMPLATE = (
    "{%- for message in messages %}"
    "{%- if loop.first and message.role != 'system' %}"
    "{{- '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}"
    "{%- endif %}"
    "{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)


def build_tokenizer_config():
    return {
        "add_bos_token": False,
        "add_prefix_space": False,
        "added_tokens_decoder": {
            str(FIRST_SPECIAL_ID + i): {
                "content": t,
                "lstrip": False,
                "normalized": False,
                "rstrip": False,
                "single_word": False,
                "special": True,
            }
            for i, t in enumerate(SPECIAL_TOKENS)
        },
        "additional_special_tokens": SPECIAL_TOKENS[1:],
        "bos_token": None,
        "chat_template": CHAT_TEMPLATE,
        "clean_up_tokenization_spaces": False,
        "eos_token": "<|im_end|>",
        "errors": "replace",
        "model_max_length": 2048,
        "pad_token": "<|endoftext|>",
        "split_special_tokens": False,
        "tokenizer_class": "Qwen2Tokenizer",
        "unk_token": None,
    }


def write_json(path, value):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(value, f, ensure_ascii=False, indent=2)
        f.write("\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    module = os.path.dirname(here)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fixtures", default=os.path.join(module, "..", "..", "shared", "fixtures", "emotion-qwen-eval"))
    parser.add_argument("--out", default=os.path.join(module, "src", "main", "resources", "io", "emoqwen", "model", "text", "small"))
    args = parser.parse_args()

    corpus = read_corpus(args.fixtures)
    byte_map, merges = train(corpus, FIRST_SPECIAL_ID - 256)
    os.makedirs(args.out, exist_ok=True)
    write_json(os.path.join(args.out, "tokenizer.json"), build_tokenizer_json(byte_map, merges))
    write_json(os.path.join(args.out, "tokenizer_config.json"), build_tokenizer_config())
    print(f"{len(merges)} merges, {256 + len(merges)} regular tokens, specials at {FIRST_SPECIAL_ID}..{VOCAB_SIZE - 1}")


if __name__ == "__main__":
    main()
