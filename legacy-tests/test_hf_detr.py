#!/usr/bin/env python3
"""DETR object detection test (COCO val2017 cats image)."""
import time

import requests
from PIL import Image
from transformers import DetrForObjectDetection, DetrImageProcessor, pipeline

DETR_MODELS_REGISTRY = {
    "facebook/detr-resnet-50": {
        "description": "DETR with a ResNet-50 backbone, COCO 2017",
        "class": "DetrForObjectDetection",
        "task": "object-detection",
    },
}


class TestDetrModels:
    def __init__(self, model_id="facebook/detr-resnet-50"):
        self.model_id = model_id
        self.task = "object-detection"
        self.test_image_url = "http://images.cocodataset.org/val2017/000000039769.jpg"
        self.threshold = 0.9

    def test_pipeline(self):
        detector = pipeline(self.task, model=self.model_id)
        image = Image.open(requests.get(self.test_image_url, stream=True).raw))
        start = time.time()
        results = detector(image, threshold=self.threshold)
        print(f"pipeline: {time.time() - start:.2f}s, {len(results)} objects")
        labels = [r["label"] for r in results]
        expected_label = "cat"
        assert expected_label in labels
        return results

    def test_from_pretrained(self):
        processor = DetrImageProcessor.from_pretrained(self.model_id, revision="no_timm")
        model = DetrForObjectDetection.from_pretrained(self.model_id, revision="no_timm")
        image = Image.open("images/cats.jpg")
        inputs = processor(images=image, return_tensors="pt")
        outputs = model(**inputs)
        return outputs.logits.shape


if __name__ == "__main__":
    t = TestDetrModels()
    t.test_pipeline()
