#!/usr/bin/env python3
"""ALBERT fill-mask and embedding tests."""
import torch
from transformers import AlbertTokenizer, AlbertModel, pipeline

MODEL_ID = "albert/albert-base-v2"


def test_fill_mask():
    unmasker = pipeline("fill-mask", model=MODEL_ID)
    out = unmasker("Hello I'm a [MASK] model.")
    print([(o["token_str"], round(o["score"], 3)) for o in out])
    assert out[0]["token_str"] == "modeling"


def test_embeddings():
    tokenizer = AlbertTokenizer.from_pretrained(MODEL_ID)
    model = AlbertModel.from_pretrained(MODEL_ID)
    encoded = tokenizer(["Replace me by any text you'd like.", "A second, shorter one."],
                        padding=True, return_tensors="pt")
    with torch.no_grad():
        output = model(**encoded)
    assert output.last_hidden_state.shape[-1] == model.config.hidden_size
    print("pooled:", output.pooler_output.shape)


if __name__ == "__main__":
    test_fill_mask()
    test_embeddings()
