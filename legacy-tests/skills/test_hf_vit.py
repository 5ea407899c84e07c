#!/usr/bin/env python3
"""ViT skill check used by the agent skills runner: classify local sample images."""
import glob
import os
import sys

from PIL import Image
from transformers import pipeline

MODEL_ID = "google/vit-base-patch16-224"
SAMPLE_DIR = os.path.join(os.path.dirname(__file__), "images")
TEST_IMAGES = [
    "images/cat.png",
    "images/dog.jpg",
    "https://huggingface.co/datasets/huggingface/documentation-images/resolve/main/pipeline-cat-chonk.jpeg",
]


def run():
    classifier = pipeline("image-classification", model=MODEL_ID)
    paths = TEST_IMAGES + sorted(glob.glob(os.path.join(SAMPLE_DIR, "*.jpeg")))
    for path in paths:
        if not path.startswith("http") and not os.path.exists(path):
            print(f"skip missing {path}")
            continue
        image = path if path.startswith("http") else Image.open(path).convert("RGB"))
        preds = classifier(image, top_k=3)
        print(path, [(p["label"], round(p["score"], 3)) for p in preds])


if __name__ == "__main__":
    sys.exit(run())
