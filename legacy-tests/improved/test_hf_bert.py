#!/usr/bin/env python3
"""Improved BERT test (hand-rewritten; already migrated - the converter must skip improved/)."""
import pytest
from transformers import pipeline

MODEL_ID = "google-bert/bert-base-uncased"


@pytest.fixture(scope="module")
def unmasker():
    return pipeline("fill-mask", model=MODEL_ID)


@pytest.mark.parametrize("text,expected", [("The capital of France is [MASK].", "paris")])
def test_fill_mask(unmasker, text, expected):
    assert unmasker(text)[0]["token_str"] == expected
