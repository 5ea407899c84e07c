#!/usr/bin/env python3
"""
Tests for a text-embeddings-inference (TEI) server.
    docker run -p 8081:80 ghcr.io/huggingface/text-embeddings-inference:cpu-1.2 --model-id BAAI/bge-small-en-v1.5
"""
import math
import os
import sys

import requests

endpoint = os.environ.get("TEI_ENDPOINT", "http://localhost:8081")
model_hint = "BAAI/bge-small-en-v1.5"

SENTENCES = [
    "What is Deep Learning?",
    "Deep learning is a subset of machine learning based on neural networks.",
    "The weather in Paris is mild in spring.",
]


def cosine(a, b):
    dot = sum(x * y for x, y in zip(a, b))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


def test_embed():
    r = requests.post(f"{endpoint}/embed", json={"inputs": SENTENCES}, timeout=30)
    r.raise_for_status()
    vectors = r.json()
    assert len(vectors) == len(SENTENCES)
    sim_related = cosine(vectors[0], vectors[1])
    sim_unrelated = cosine(vectors[0], vectors[2])
    print(f"related={sim_related:.3f} unrelated={sim_unrelated:.3f}")
    assert sim_related > sim_unrelated


def test_rerank():
    payload = {"query": "What is Deep Learning?", "texts": SENTENCES[1:]}
    r = requests.post(f"{endpoint}/rerank", json=payload, timeout=30)
    if r.status_code == 424:
        print("model does not support rerank, skipping")
        return
    r.raise_for_status()
    ranks = r.json()
    assert ranks[0]["index"] == 0


if __name__ == "__main__":
    try:
        requests.get(f"{endpoint}/health", timeout=5).raise_for_status()
    except Exception as exc:
        print(f"TEI not reachable at {endpoint}: {exc}")
        sys.exit(0)
    test_embed()
    test_rerank()
