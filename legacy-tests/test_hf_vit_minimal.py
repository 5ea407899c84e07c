#!/usr/bin/env python3
"""Minimal ViT check: classify the COCO cats image."""
from transformers import pipeline

classifier = pipeline("image-classification", model="google/vit-base-patch16-224")
result = classifier("http://images.cocodataset.org/val2017/000000039769.jpg")
print(result)
assert "cat" in result[0]["label"].lower()
