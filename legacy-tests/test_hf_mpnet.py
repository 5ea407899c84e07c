#!/usr/bin/env python3
"""MPNet sentence embedding similarity test."""
import argparse

import torch
import torch.nn.functional as F
from transformers import AutoTokenizer, AutoModel, pipeline

MODEL_ID = "sentence-transformers/all-mpnet-base-v2"
TASK = "sentence-similarity"

SOURCE = "That is a happy person"
CANDIDATES = ["That is a happy dog", "That is a very happy person", "Today is a sunny day"]


def mean_pooling(model_output, attention_mask):
    token_embeddings = model_output[0]
    mask = attention_mask.unsqueeze(-1).expand(token_embeddings.size()).float()
    return torch.sum(token_embeddings * mask, 1) / torch.clamp(mask.sum(1), min=1e-9)


def test_similarity(model_id):
    tokenizer = AutoTokenizer.from_pretrained(model_id)
    model = AutoModel.from_pretrained(model_id)
    encoded = tokenizer([SOURCE] + CANDIDATES, padding=True, truncation=True, return_tensors="pt")
    with torch.no_grad():
        output = model(**encoded)
    emb = F.normalize(mean_pooling(output, encoded["attention_mask"]), p=2, dim=1)
    scores = (emb[0:1] @ emb[1:].T)[0].tolist()
    for c, s in zip(CANDIDATES, scores):
        print(f"{s:.3f}  {c}")
    assert max(range(len(scores)), key=scores.__getitem__) == 1


def test_feature_extraction(model_id):
    extractor = pipeline("feature-extraction", model=model_id)
    features = extractor(SOURCE)
    print("tokens x dim:", len(features[0]), len(features[0][0]))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=str, default=MODEL_ID)
    parser.add_argument("--task", type=str, default=TASK)
    args = parser.parse_args()
    test_similarity(args.model)
    test_feature_extraction(args.model)
