#!/usr/bin/env python3
"""DINO (self-supervised ViT) image embeddings. The file is named after the checkpoint family."""
import sys
from unittest.mock import MagicMock

try:
    from transformers import pipeline
except ImportError:
    pipeline = MagicMock()

MODEL_ID = "facebook/dino-vitb16"
TASK = "image-feature-extraction"
TEST_IMAGE = "http://images.cocodataset.org/val2017/000000039769.jpg"


def test_dino_embeddings():
    extractor = pipeline(TASK, model=MODEL_ID)
    features = extractor(TEST_IMAGE)
    assert len(features[0]) > 0
    return features


if __name__ == "__main__":
    test_dino_embeddings()
    sys.exit(0)
