#!/usr/bin/python3
"""An independent reference for Glossa's pretrained encoder: transformers' XLM-R / BERT /
DistilBERT forward pass written from torch.nn.functional primitives (Debian's python3-torch),
reading the model folder itself. Shares no code with Glossa.

usage: hf_encoder_reference.py MODEL_DIR '{"ids": [[...]], "mask": [[...]]}' [ADAPTER_DIR]
prints {"hidden": [B][L][H]} on stdout, and "logits": [B][C] when the folder holds a
sequence-classification head (as XLMRobertaForSequenceClassification,
BertForSequenceClassification and DistilBertForSequenceClassification compute them).
usage: hf_encoder_reference.py --sinusoidal POSITIONS DIM
prints {"table": [POSITIONS][DIM]}, DistilBERT's sinusoidal position embeddings (even columns
sin, odd columns cos of pos / 10000^(2 (j // 2) / DIM), in double, stored as float32). With ADAPTER_DIR, peft's LoRA adapter files
(adapter_config.json, adapter_model.safetensors) are applied to MODEL_DIR's weights first, as
peft's merge does: W + B A * lora_alpha / r (/ sqrt(r) with use_rslora), and the saved head
replaces the base model's.
"""
import json
import math
import struct
import sys

import torch
import torch.nn.functional as F

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "I64": torch.int64}


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + length])
    data = raw[8 + length:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        flat = torch.frombuffer(bytearray(data[begin:end]), dtype=DTYPES[entry["dtype"]])
        tensors[name] = flat.reshape(entry["shape"]).to(torch.float32 if entry["dtype"] != "I64" else torch.int64)
    return tensors


def apply_adapters(weights, adapter_folder):
    with open(adapter_folder + "/adapter_config.json") as f:
        adapter = json.load(f)
    rank = adapter["r"]
    scale = adapter["lora_alpha"] / (math.sqrt(rank) if adapter.get("use_rslora") else rank)
    stored = read_safetensors(adapter_folder + "/adapter_model.safetensors")
    prefix = "base_model.model."
    for name, value in stored.items():
        assert name.startswith(prefix), name
        name = name[len(prefix):]
        if ".lora_A." in name:
            target = name.replace(".lora_A.weight", ".weight")
            b = stored[prefix + name.replace(".lora_A.", ".lora_B.")]
            weights[target] = weights[target] + scale * (b @ value)
        elif ".lora_B." not in name:
            weights[name] = value  # modules_to_save: the head


def sinusoidal_table(positions, dim):
    table = torch.zeros(positions, dim, dtype=torch.float64)
    for pos in range(positions):
        for j in range(dim):
            angle = pos / (10000.0 ** (2 * (j // 2) / dim))
            table[pos, j] = math.sin(angle) if j % 2 == 0 else math.cos(angle)
    return table.float()


def distilbert(config, weights, ids, mask):
    """DistilBertModel's last hidden state, and DistilBertForSequenceClassification's logits
    (pre_classifier, ReLU, classifier on the first token) when the folder has that head."""
    prefix = "distilbert."
    w = {(k[len(prefix):] if k.startswith(prefix) else k): v for k, v in weights.items()}
    dim = config.get("dim", 768)
    heads = config.get("n_heads", 12)
    head_dim = dim // heads
    eps = 1e-12  # DistilBERT's LayerNorms ignore config.json
    activation = {"gelu": F.gelu, "relu": F.relu}[config.get("activation", "gelu")]
    batch, length = ids.shape

    def norm(x, name):
        return F.layer_norm(x, (dim,), w[name + ".weight"], w[name + ".bias"], eps)

    def linear(x, name):
        return F.linear(x, w[name + ".weight"], w[name + ".bias"])

    def split(t):
        return t.reshape(batch, length, heads, head_dim).transpose(1, 2)

    positions = torch.arange(length).unsqueeze(0).expand_as(ids)
    x = F.embedding(ids, w["embeddings.word_embeddings.weight"]) + F.embedding(
        positions, w["embeddings.position_embeddings.weight"])
    x = norm(x, "embeddings.LayerNorm")
    padding = (mask == 0)[:, None, None, :]
    for i in range(config.get("n_layers", 6)):
        p = "transformer.layer.%d." % i
        q = split(linear(x, p + "attention.q_lin")) / math.sqrt(head_dim)
        k = split(linear(x, p + "attention.k_lin"))
        v = split(linear(x, p + "attention.v_lin"))
        scores = (q @ k.transpose(2, 3)).masked_fill(padding, torch.finfo(torch.float32).min)
        context = (F.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(batch, length, dim)
        a = norm(linear(context, p + "attention.out_lin") + x, p + "sa_layer_norm")
        f = linear(activation(linear(a, p + "ffn.lin1")), p + "ffn.lin2")
        x = norm(f + a, p + "output_layer_norm")
    result = {"hidden": x.tolist()}
    if "classifier.weight" in w:
        result["logits"] = linear(F.relu(linear(x[:, 0], "pre_classifier")), "classifier").tolist()
    return result


def main():
    if sys.argv[1] == "--sinusoidal":
        json.dump({"table": sinusoidal_table(int(sys.argv[2]), int(sys.argv[3])).tolist()}, sys.stdout)
        return
    folder, inputs = sys.argv[1], json.loads(sys.argv[2])
    with open(folder + "/config.json") as f:
        config = json.load(f)
    weights = read_safetensors(folder + "/model.safetensors")
    if len(sys.argv) > 3:
        apply_adapters(weights, sys.argv[3])
    if config["model_type"] == "distilbert":
        ids = torch.tensor(inputs["ids"], dtype=torch.int64)
        mask = torch.tensor(inputs["mask"], dtype=torch.int64)
        json.dump(distilbert(config, weights, ids, mask), sys.stdout)
        return
    roberta = config["model_type"] == "xlm-roberta"
    prefix = "roberta." if roberta else "bert."
    w = {(k[len(prefix):] if k.startswith(prefix) else k): v for k, v in weights.items()}
    eps = config["layer_norm_eps"]
    hidden_size = config["hidden_size"]
    heads = config["num_attention_heads"]
    head_dim = hidden_size // heads
    pad = config["pad_token_id"]

    ids = torch.tensor(inputs["ids"], dtype=torch.int64)
    mask = torch.tensor(inputs["mask"], dtype=torch.int64)
    if roberta:
        m = (ids != pad).int()
        positions = (torch.cumsum(m, dim=1) * m).long() + pad
    else:
        positions = torch.arange(ids.shape[1]).unsqueeze(0).expand_as(ids)

    def norm(x, name):
        return F.layer_norm(x, (hidden_size,), w[name + ".weight"], w[name + ".bias"], eps)

    def linear(x, name):
        return F.linear(x, w[name + ".weight"], w[name + ".bias"])

    x = (F.embedding(ids, w["embeddings.word_embeddings.weight"])
         + F.embedding(positions, w["embeddings.position_embeddings.weight"])
         + F.embedding(torch.zeros_like(ids), w["embeddings.token_type_embeddings.weight"]))
    x = norm(x, "embeddings.LayerNorm")
    extended = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
    batch, length = ids.shape
    for i in range(config["num_hidden_layers"]):
        p = "encoder.layer.%d." % i

        def heads_of(t):
            return t.view(batch, length, heads, head_dim).permute(0, 2, 1, 3)

        q = heads_of(linear(x, p + "attention.self.query"))
        k = heads_of(linear(x, p + "attention.self.key"))
        v = heads_of(linear(x, p + "attention.self.value"))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(head_dim) + extended
        context = torch.matmul(F.softmax(scores, dim=-1), v).permute(0, 2, 1, 3).reshape(batch, length, hidden_size)
        a = norm(linear(context, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
        h = F.gelu(linear(a, p + "intermediate.dense"))
        x = norm(linear(h, p + "output.dense") + a, p + "output.LayerNorm")
    result = {"hidden": x.tolist()}
    if roberta and "classifier.out_proj.weight" in w:
        result["logits"] = linear(torch.tanh(linear(x[:, 0], "classifier.dense")), "classifier.out_proj").tolist()
    elif not roberta and "classifier.weight" in w:
        result["logits"] = linear(torch.tanh(linear(x[:, 0], "pooler.dense")), "classifier").tolist()
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
