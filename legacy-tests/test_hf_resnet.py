#!/usr/bin/env python3
"""ResNet-50 tests (object detection + classification heads)."""
import argparse
import json
import time

import requests
from PIL import Image
from transformers import AutoImageProcessor, ResNetForImageClassification, pipeline

MODEL_ID = "microsoft/resnet-50"
TASK = "object-detection"
IMAGE_URL = "http://images.cocodataset.org/val2017/000000039769.jpg"


def benchmark(n_runs=5):
    detector = pipeline(TASK, model=MODEL_ID)
    image = Image.open(requests.get(IMAGE_URL, stream=True).raw)
    timings = []
    for _ in range(n_runs):
        start = time.perf_counter()
        detector(image)
        timings.append(time.perf_counter() - start)
    return {"mean_s": sum(timings) / len(timings), "runs": n_runs}


def classify():
    processor = AutoImageProcessor.from_pretrained(MODEL_ID)
    model = ResNetForImageClassification.from_pretrained(MODEL_ID)
    image = Image.open(requests.get(IMAGE_URL, stream=True).raw)
    inputs = processor(image, return_tensors="pt")
    logits = model(**inputs).logits
    label = model.config.id2label[logits.argmax(-1).item()]
    expected_label = "tiger cat"
    assert label == expected_label, label
    return label


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps({"label": classify(), "bench": benchmark(args.runs)}, indent=2))
