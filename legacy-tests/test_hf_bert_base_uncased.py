#!/usr/bin/env python3
"""
Tests for bert-base-uncased (the original checkpoint name, before the google-bert org move).
Run: python test_hf_bert_base_uncased.py [--device cpu]
"""
import argparse
import time
import json

import torch
from transformers import AutoTokenizer, AutoModelForMaskedLM, pipeline

MODEL_ID = "bert-base-uncased"
TASK = "fill-mask"

MASKED_SENTENCES = [
    "The capital of France is [MASK].",
    "The goal of life is [MASK].",
    "Hello I'm a [MASK] model.",
]


def test_pipeline(device):
    unmasker = pipeline(TASK, model=MODEL_ID, device=device)
    results = {}
    for sentence in MASKED_SENTENCES:
        start = time.time()
        out = unmasker(sentence)
        elapsed = time.time() - start
        results[sentence] = {
            "top": out[0]["token_str"],
            "score": float(out[0]["score"]),
            "latency_s": round(elapsed, 4),
        }
        print(f"{sentence!r} -> {out[0]['token_str']} ({out[0]['score']:.3f})")
    assert results[MASKED_SENTENCES[0]]["top"] == "paris"
    return results


def test_from_pretrained(device):
    tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
    model = AutoModelForMaskedLM.from_pretrained(MODEL_ID).to(device)
    inputs = tokenizer(MASKED_SENTENCES[0], return_tensors="pt").to(device)
    with torch.no_grad():
        logits = model(**inputs).logits
    mask_index = (inputs.input_ids == tokenizer.mask_token_id)[0].nonzero(as_tuple=True)[0]
    predicted_id = logits[0, mask_index].argmax(axis=-1)
    predicted = tokenizer.decode(predicted_id)
    print("from_pretrained prediction:", predicted))
    return {"prediction": predicted, "num_params": sum(p.numel() for p in model.parameters())}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    report = {
        "model": MODEL_ID,
        "task": TASK,
        "pipeline": test_pipeline(args.device),
        "from_pretrained": test_from_pretrained(args.device),
    }
    if args.json:
        print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
