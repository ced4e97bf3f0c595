#!/usr/bin/python3
"""The peer for bench/encoder_step: the same encoder (transformers' BERT layout) in Debian's
python3-torch, written with torch.nn modules, timed the same way: forward plus backward of
random token batches. Prints one JSON line: examples_per_second, peak_rss_mb.

usage: encoder_step_reference.py VOCAB HIDDEN LAYERS HEADS INTERMEDIATE BATCH LENGTH STEPS THREADS
"""
import json
import math
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Layer(nn.Module):
    def __init__(self, hidden, heads, intermediate):
        super().__init__()
        self.heads, self.dim = heads, hidden // heads
        self.query, self.key, self.value = nn.Linear(hidden, hidden), nn.Linear(hidden, hidden), nn.Linear(hidden, hidden)
        self.attention_out, self.attention_norm = nn.Linear(hidden, hidden), nn.LayerNorm(hidden, eps=1e-12)
        self.intermediate, self.out = nn.Linear(hidden, intermediate), nn.Linear(intermediate, hidden)
        self.out_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.dropout = nn.Dropout(0.1)

    def forward(self, x, mask):
        b, l, h = x.shape

        def split(t):
            return t.view(b, l, self.heads, self.dim).permute(0, 2, 1, 3)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.dim) + mask
        context = torch.matmul(self.dropout(F.softmax(scores, dim=-1)), v).permute(0, 2, 1, 3).reshape(b, l, h)
        a = self.attention_norm(self.dropout(self.attention_out(context)) + x)
        return self.out_norm(self.dropout(self.out(F.gelu(self.intermediate(a)))) + a)


class Encoder(nn.Module):
    def __init__(self, vocab, hidden, layers, heads, intermediate, positions):
        super().__init__()
        self.words, self.positions = nn.Embedding(vocab, hidden, padding_idx=0), nn.Embedding(positions, hidden)
        self.types, self.norm = nn.Embedding(2, hidden), nn.LayerNorm(hidden, eps=1e-12)
        self.dropout = nn.Dropout(0.1)
        self.layers = nn.ModuleList([Layer(hidden, heads, intermediate) for _ in range(layers)])

    def forward(self, ids, attention_mask):
        positions = torch.arange(ids.shape[1]).unsqueeze(0).expand_as(ids)
        x = self.words(ids) + self.positions(positions) + self.types.weight[0]
        x = self.dropout(self.norm(x))
        mask = (1.0 - attention_mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for layer in self.layers:
            x = layer(x, mask)
        return x


def main():
    vocab, hidden, layers, heads, intermediate, batch, length, steps, threads = map(int, sys.argv[1:10])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = Encoder(vocab, hidden, layers, heads, intermediate, 512)
    model.train()
    ids = torch.randint(5, vocab, (batch, length))
    mask = torch.ones(batch, length, dtype=torch.int64)

    def step():
        model.zero_grad(set_to_none=True)
        model(ids, mask).pow(2).mean().backward()

    step()  # warm-up: allocations, thread pool
    start = time.perf_counter()
    for _ in range(steps):
        step()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({"examples_per_second": batch * steps / seconds, "peak_rss_mb": peak}))


if __name__ == "__main__":
    main()
