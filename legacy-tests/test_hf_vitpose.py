"""ViTPose keypoints for a person crop."""
import unittest
from transformers import AutoProcessor, VitPoseForPoseEstimation

MODEL_ID = "usyd-community/vitpose-base-simple"


class TestVitPoseModels(unittest.TestCase):
    def test_keypoints(self):
        processor = AutoProcessor.from_pretrained(MODEL_ID)
        model = VitPoseForPoseEstimation.from_pretrained(MODEL_ID)
        inputs = processor("images/person.jpg", boxes=[[[0, 0, 192, 256]]], return_tensors="pt")
        heatmaps = model(**inputs).heatmaps
        self.assertEqual(heatmaps.shape[1], 17)
