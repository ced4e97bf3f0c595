#!/usr/bin/python3
"""An independent reference for Glossa's pretrained encoder: transformers' XLM-R / BERT /
DistilBERT / DeBERTa-v2 forward pass written from torch.nn.functional primitives (Debian's python3-torch),
reading the model folder itself. Shares no code with Glossa.

usage: hf_encoder_reference.py MODEL_DIR '{"ids": [[...]], "mask": [[...]]}' [ADAPTER_DIR]
prints {"hidden": [B][L][H]} on stdout, and "logits": [B][C] when the folder holds a
sequence-classification head (as XLMRobertaForSequenceClassification,
BertForSequenceClassification, DistilBertForSequenceClassification and
DebertaV2ForSequenceClassification compute them).
usage: hf_encoder_reference.py --buckets LENGTH BUCKETS MAX_DISTANCE
prints {"buckets": [...]}, DeBERTa-v2's bucket of each relative distance from -(LENGTH - 1) to
LENGTH - 1.
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


def relative_bucket(delta, buckets, max_distance):
    """DeBERTa-v2's bucket of one relative distance (query - key): itself up to buckets // 2,
    beyond that ceil(log(|delta| / mid) / log((max_distance - 1) / mid) * (mid - 1)) + mid with
    delta's sign, each step in float32 as transformers' make_log_bucket_position computes it."""
    if buckets <= 0:
        return delta
    mid = buckets // 2
    if abs(delta) <= mid:
        return delta
    f32 = lambda value: torch.tensor(value, dtype=torch.float32)
    ratio = torch.log(f32(abs(delta)) / mid) / torch.log(f32((max_distance - 1) / mid))
    magnitude = int(torch.ceil(ratio * (mid - 1)).item()) + mid
    return magnitude if delta > 0 else -magnitude


def deberta_v2(config, weights, ids, mask):
    """DebertaV2Model's last hidden state, and DebertaV2ForSequenceClassification's logits
    (ContextPooler: dense and its activation on the first token, then the classifier) when the
    folder has that head. Disentangled attention written per pair of positions: every score is
    (q_i.k_j + q_i.Kr[c2p(i, j)] + k_j.Qr[p2c(i, j)]) / sqrt(head size x terms)."""
    prefix = "deberta."
    w = {(k[len(prefix):] if k.startswith(prefix) else k): v for k, v in weights.items()}
    hidden_size = config["hidden_size"]
    heads = config["num_attention_heads"]
    head_dim = hidden_size // heads
    eps = config.get("layer_norm_eps", 1e-7)
    act = {"gelu": F.gelu, "relu": F.relu}[config.get("hidden_act", "gelu")]
    pooler_act = {"gelu": F.gelu, "relu": F.relu, "tanh": torch.tanh}[config.get("pooler_hidden_act", "gelu")]
    types = config.get("pos_att_type") or []
    if isinstance(types, str):
        types = [t.strip() for t in types.lower().split("|")]
    c2p, p2c = "c2p" in types, "p2c" in types
    buckets = config.get("position_buckets", -1)
    max_distance = config.get("max_relative_positions", -1)
    if max_distance < 1:
        max_distance = config.get("max_position_embeddings", 512)
    span = buckets if buckets > 0 else max_distance
    shared = config.get("share_att_key", False)
    batch, length = ids.shape

    def norm(x, name):
        return F.layer_norm(x, (hidden_size,), w[name + ".weight"], w[name + ".bias"], eps)

    def linear(x, name):
        return F.linear(x, w[name + ".weight"], w[name + ".bias"])

    x = F.embedding(ids, w["embeddings.word_embeddings.weight"])
    if config.get("position_biased_input", True):
        x = x + w["embeddings.position_embeddings.weight"][:length].unsqueeze(0)
    if config.get("type_vocab_size", 0) > 0:
        x = x + w["embeddings.token_type_embeddings.weight"][0]
    x = norm(x, "embeddings.LayerNorm") * mask.unsqueeze(-1).float()
    table = w["encoder.rel_embeddings.weight"]
    if "layer_norm" in [t.strip() for t in config.get("norm_rel_ebd", "none").lower().split("|")]:
        table = norm(table, "encoder.LayerNorm")
    # Which table row each pair reads: c2p the query's distance to the key, p2c the key's to the
    # query, shifted by span and kept inside the table.
    clamp = lambda row: min(max(row, 0), 2 * span - 1)
    c2p_rows = torch.tensor([[clamp(relative_bucket(i - j, buckets, max_distance) + span)
                              for j in range(length)] for i in range(length)])
    p2c_rows = torch.tensor([[clamp(-relative_bucket(j - i, buckets, max_distance) + span)
                              for j in range(length)] for i in range(length)])
    rows_i = torch.arange(length).unsqueeze(1)
    cols_j = torch.arange(length).unsqueeze(0)
    allowed = (mask[:, None, :, None] * mask[:, None, None, :]).bool()
    scale = math.sqrt(head_dim * (1 + c2p + p2c))

    def heads_of(t):
        return t.reshape(t.shape[0], t.shape[1], heads, head_dim).permute(0, 2, 1, 3)

    for i in range(config["num_hidden_layers"]):
        p = "encoder.layer.%d.attention.self." % i
        q = heads_of(linear(x, p + "query_proj"))
        k = heads_of(linear(x, p + "key_proj"))
        v = heads_of(linear(x, p + "value_proj"))
        scores = torch.einsum("bhid,bhjd->bhij", q, k)
        if c2p:
            kr = heads_of(linear(table.unsqueeze(0), p + ("key_proj" if shared else "pos_key_proj")))[0]
            by_row = torch.einsum("bhid,hrd->bhir", q, kr)  # query i against every table row
            scores = scores + by_row[:, :, rows_i, c2p_rows]
        if p2c:
            qr = heads_of(linear(table.unsqueeze(0), p + ("query_proj" if shared else "pos_query_proj")))[0]
            by_row = torch.einsum("bhjd,hrd->bhjr", k, qr)  # key j against every table row
            scores = scores + by_row[:, :, cols_j, p2c_rows]
        scores = (scores / scale).masked_fill(~allowed, torch.finfo(torch.float32).min)
        probabilities = F.softmax(scores, dim=-1).masked_fill(~allowed, 0.0)
        context = (probabilities @ v).permute(0, 2, 1, 3).reshape(batch, length, hidden_size)
        p = "encoder.layer.%d." % i
        a = norm(linear(context, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
        f = linear(act(linear(a, p + "intermediate.dense")), p + "output.dense")
        x = norm(f + a, p + "output.LayerNorm")
    result = {"hidden": x.tolist()}
    if "classifier.weight" in w:
        pooled = pooler_act(linear(x[:, 0], "pooler.dense"))
        result["logits"] = linear(pooled, "classifier").tolist()
    return result


def main():
    if sys.argv[1] == "--sinusoidal":
        json.dump({"table": sinusoidal_table(int(sys.argv[2]), int(sys.argv[3])).tolist()}, sys.stdout)
        return
    if sys.argv[1] == "--buckets":
        length, buckets, max_distance = (int(a) for a in sys.argv[2:5])
        deltas = range(-(length - 1), length)
        json.dump({"buckets": [relative_bucket(d, buckets, max_distance) for d in deltas]}, sys.stdout)
        return
    folder, inputs = sys.argv[1], json.loads(sys.argv[2])
    with open(folder + "/config.json") as f:
        config = json.load(f)
    weights = read_safetensors(folder + "/model.safetensors")
    if len(sys.argv) > 3:
        apply_adapters(weights, sys.argv[3])
    families = {"distilbert": distilbert, "deberta-v2": deberta_v2}
    if config["model_type"] in families:
        ids = torch.tensor(inputs["ids"], dtype=torch.int64)
        mask = torch.tensor(inputs["mask"], dtype=torch.int64)
        json.dump(families[config["model_type"]](config, weights, ids, mask), sys.stdout)
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
