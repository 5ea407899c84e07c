#!/usr/bin/env python3
"""EmbeddingGemma: sentence embeddings from the Gemma 3 text backbone (retrieval smoke test)."""
import argparse

import torch
import torch.nn.functional as F
from transformers import AutoModel, AutoTokenizer, pipeline

MODEL_ID = "google/embeddinggemma-300m"

QUERY = "task: search result | query: Which planet is known as the Red Planet?"
DOCUMENTS = [
    "Mars, known for its reddish appearance, is often referred to as the Red Planet.",
    "Venus is often called Earth's twin because of its similar size.",
    "Jupiter, the largest planet in our solar system, has a prominent red spot.",
]


def embed(model_id, texts):
    tokenizer = AutoTokenizer.from_pretrained(model_id)
    model = AutoModel.from_pretrained(model_id)
    batch = tokenizer(texts, padding=True, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).float()
    return F.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1)


def test_retrieval(model_id):
    emb = embed(model_id, [QUERY] + DOCUMENTS)
    scores = (emb[:1] @ emb[1:].T)[0]
    print("scores:", [round(s, 3) for s in scores.tolist()])
    assert int(scores.argmax()) == 0


def test_pipeline(model_id):
    extractor = pipeline("feature-extraction", model=model_id)
    features = extractor(DOCUMENTS[0])
    assert len(features[0][0]) == 768


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=MODEL_ID)
    args = parser.parse_args()
    test_retrieval(args.model)
    test_pipeline(args.model)
