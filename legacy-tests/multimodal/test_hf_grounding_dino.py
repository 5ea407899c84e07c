"""Grounding DINO: open-set detection of the phrases of a text prompt."""
import unittest

import torch
from PIL import Image
from transformers import AutoModelForZeroShotObjectDetection, AutoProcessor, pipeline

MODEL_ID = "IDEA-Research/grounding-dino-tiny"
TASK = "zero-shot-object-detection"
# Grounding DINO wants one caption: lower-cased phrases, each ending with a dot.
TEXT = "a cat. a remote control."


class TestGroundingDinoModels(unittest.TestCase):
    def setUp(self):
        self.image = Image.open("images/cats.jpg").convert("RGB")

    def test_pipeline(self):
        detector = pipeline(TASK, model=MODEL_ID)
        results = detector(self.image, candidate_labels=["a cat.", "a remote control."], threshold=0.3)
        self.assertTrue(len(results) > 0)
        for result in results:
            self.assertIn("box", result)
            self.assertGreater(result["score"], 0.3)

    def test_post_process_grounded(self):
        processor = AutoProcessor.from_pretrained(MODEL_ID)
        model = AutoModelForZeroShotObjectDetection.from_pretrained(MODEL_ID)
        inputs = processor(images=self.image, text=TEXT, return_tensors="pt")
        with torch.no_grad():
            outputs = model(**inputs)
        results = processor.post_process_grounded_object_detection(
            outputs,
            inputs.input_ids,
            box_threshold=0.4,
            text_threshold=0.3,
            target_sizes=[self.image.size[::-1]],
        )
        # logits are [batch, queries, 256 text positions]
        self.assertEqual(outputs.logits.shape[-1], 256)
        self.assertIn("cat", results[0]["labels"])


if __name__ == "__main__":
    unittest.main()
