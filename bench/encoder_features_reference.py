#!/usr/bin/python3
"""The peer for bench/encoder_features: the folder's encoder (XLM-R or BERT layout, as
transformers computes it) in Debian's python3-torch with nn.Linear layers, so that
torch.ao.quantization.quantize_dynamic can make its own int8 model of it. Reads the token ids
Glossa's tokenizer gave (FOLDER/ids.jsonl, one JSON list a line), embeds them as Glossa does
(sorted by length, batches of 32, padded, mean over the tokens), the best of REPEATS passes
after one warm-up pass, in float32 and then in dynamic int8. Writes the float32 vectors to FOLDER/python_float32.f32 (raw
little-endian, the texts' order) and prints one JSON line: float32_texts_per_second,
int8_texts_per_second, int8_mean_cosine (with its own float32), engine.

usage: encoder_features_reference.py FOLDER THREADS REPEATS
"""
import json
import math
import struct
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

BATCH = 32


def read_safetensors(path):
    # As tests/reference/hf_encoder_reference.py reads them (F32 only here).
    with open(path, "rb") as f:
        raw = f.read()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + length])
    data = memoryview(raw)[8 + length:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        assert entry["dtype"] == "F32", name
        tensors[name] = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32).reshape(entry["shape"])
    return tensors


class Layer(nn.Module):
    def __init__(self, hidden, heads, intermediate, eps):
        super().__init__()
        self.heads, self.dim, self.eps = heads, hidden // heads, eps
        self.query, self.key, self.value = nn.Linear(hidden, hidden), nn.Linear(hidden, hidden), nn.Linear(hidden, hidden)
        self.attention_out, self.attention_norm = nn.Linear(hidden, hidden), nn.LayerNorm(hidden, eps=eps)
        self.intermediate, self.out = nn.Linear(hidden, intermediate), nn.Linear(intermediate, hidden)
        self.out_norm = nn.LayerNorm(hidden, eps=eps)

    def forward(self, x, mask):
        b, l, h = x.shape

        def split(t):
            return t.view(b, l, self.heads, self.dim).permute(0, 2, 1, 3)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.dim) + mask
        context = torch.matmul(F.softmax(scores, dim=-1), v).permute(0, 2, 1, 3).reshape(b, l, h)
        a = self.attention_norm(self.attention_out(context) + x)
        return self.out_norm(self.out(F.gelu(self.intermediate(a))) + a)


class Encoder(nn.Module):
    def __init__(self, config, weights):
        super().__init__()
        hidden, eps = config["hidden_size"], config["layer_norm_eps"]
        self.roberta = config["model_type"] == "xlm-roberta"
        self.pad = config["pad_token_id"]
        prefix = "roberta." if self.roberta else "bert."
        w = {(k[len(prefix):] if k.startswith(prefix) else k): v for k, v in weights.items()}
        self.words = nn.Embedding.from_pretrained(w["embeddings.word_embeddings.weight"])
        self.positions = nn.Embedding.from_pretrained(w["embeddings.position_embeddings.weight"])
        self.type0 = nn.Parameter(w["embeddings.token_type_embeddings.weight"][0], requires_grad=False)
        self.norm = nn.LayerNorm(hidden, eps=eps)
        self.layers = nn.ModuleList(
            [Layer(hidden, config["num_attention_heads"], config["intermediate_size"], eps)
             for _ in range(config["num_hidden_layers"])])
        names = {"norm": "embeddings.LayerNorm"}
        for i in range(len(self.layers)):
            p = "encoder.layer.%d." % i
            names.update({
                "layers.%d.query" % i: p + "attention.self.query", "layers.%d.key" % i: p + "attention.self.key",
                "layers.%d.value" % i: p + "attention.self.value",
                "layers.%d.attention_out" % i: p + "attention.output.dense",
                "layers.%d.attention_norm" % i: p + "attention.output.LayerNorm",
                "layers.%d.intermediate" % i: p + "intermediate.dense", "layers.%d.out" % i: p + "output.dense",
                "layers.%d.out_norm" % i: p + "output.LayerNorm"})
        state = {}
        for ours, theirs in names.items():
            state[ours + ".weight"], state[ours + ".bias"] = w[theirs + ".weight"], w[theirs + ".bias"]
        self.load_state_dict(state, strict=False)

    def forward(self, ids, mask):
        if self.roberta:
            tokens = ids.ne(self.pad).long()
            positions = torch.cumsum(tokens, 1) * tokens + self.pad
        else:
            positions = torch.arange(ids.shape[1]).unsqueeze(0).expand_as(ids)
        x = self.norm(self.words(ids) + self.positions(positions) + self.type0)
        extended = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for layer in self.layers:
            x = layer(x, extended)
        weights = mask.unsqueeze(-1).float()
        return (x * weights).sum(1) / weights.sum(1).clamp_min(1)


def embed(model, rows, pad):
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]))  # stable, as Glossa's
    out = torch.empty(len(rows), model.norm.normalized_shape[0])
    with torch.no_grad():
        for start in range(0, len(order), BATCH):
            chunk = order[start:start + BATCH]
            longest = max(len(rows[i]) for i in chunk)
            ids = torch.full((len(chunk), longest), pad, dtype=torch.int64)
            mask = torch.zeros((len(chunk), longest), dtype=torch.int64)
            for r, i in enumerate(chunk):
                ids[r, :len(rows[i])] = torch.tensor(rows[i])
                mask[r, :len(rows[i])] = 1
            out[chunk] = model(ids, mask)
    return out


def timed(model, rows, pad, repeats):
    embed(model, rows[:64], pad)  # warm-up, as Glossa's
    best = 0
    for _ in range(repeats):
        start = time.perf_counter()
        vectors = embed(model, rows, pad)
        best = max(best, len(rows) / (time.perf_counter() - start))
    return best, vectors


def main():
    folder, threads, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    with open(folder + "/config.json") as f:
        config = json.load(f)
    with open(folder + "/ids.jsonl") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    model = Encoder(config, read_safetensors(folder + "/model.safetensors")).eval()
    # Glossa pads with XLM-R's <pad> id whatever the family; the mask hides it either way.
    pad = 1
    float_speed, float_vectors = timed(model, rows, pad, repeats)
    float_vectors.numpy().astype("<f4").tofile(folder + "/python_float32.f32")
    quantized = torch.ao.quantization.quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8)
    int8_speed, int8_vectors = timed(quantized, rows, pad, repeats)
    cosine = F.cosine_similarity(float_vectors, int8_vectors, dim=1).mean().item()
    print(json.dumps({"float32_texts_per_second": float_speed, "int8_texts_per_second": int8_speed,
                      "int8_mean_cosine": cosine, "engine": torch.backends.quantized.engine}))


if __name__ == "__main__":
    main()
