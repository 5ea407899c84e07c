#!/usr/bin/env python3
"""google/vit-base-patch16-224 image classification + feature extraction."""
import os

import requests
import torch
from PIL import Image
from transformers import ViTImageProcessor, ViTForImageClassification, pipeline

MODEL_ID = "google/vit-base-patch16-224"
IMAGE_URL = "http://images.cocodataset.org/val2017/000000039769.jpg"
LOCAL_IMAGE = os.path.join(os.path.dirname(__file__), "test.jpg")


def load_image():
    if os.path.exists(LOCAL_IMAGE):
        return Image.open(LOCAL_IMAGE)
    return Image.open(requests.get(IMAGE_URL, stream=True).raw)


def test_classification():
    processor = ViTImageProcessor.from_pretrained(MODEL_ID)
    model = ViTForImageClassification.from_pretrained(MODEL_ID)
    inputs = processor(images=load_image(), return_tensors="pt")
    with torch.no_grad():
        logits = model(**inputs).logits
    predicted_class_idx = logits.argmax(-1).item()
    label = model.config.id2label[predicted_class_idx]
    print("Predicted class:", label)
    assert label == "Egyptian cat"


def test_pipeline_topk():
    classifier = pipeline("image-classification", model=MODEL_ID)
    preds = classifier(load_image(), top_k=5)
    for p in preds:
        print(f"{p['label']:<40} {p['score']:.4f}")
    assert len(preds) == 5


def test_feature_extraction():
    extractor = pipeline("image-feature-extraction", model=MODEL_ID)
    features = extractor(IMAGE_URL)
    print("feature shape:", len(features), len(features[0]), len(features[0][0]))


if __name__ == "__main__":
    test_classification()
    test_pipeline_topk()
    test_feature_extraction()
