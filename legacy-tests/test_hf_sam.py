"""Segment Anything: point prompts to masks."""
import unittest
from transformers import SamModel, SamProcessor

MODEL_ID = "facebook/sam-vit-base"
TASK = "mask-generation"


class TestSamModels(unittest.TestCase):
    def test_point_prompt(self):
        processor = SamProcessor.from_pretrained(MODEL_ID)
        model = SamModel.from_pretrained(MODEL_ID)
        input_points = [[[450, 600]]]
        inputs = processor("images/cats.jpg", input_points=input_points, return_tensors="pt")
        outputs = model(**inputs)
        self.assertEqual(outputs.pred_masks.shape[2], 3)
