"""Qwen2-VL image + text chat test (hand-written, 2024)."""
import os
import unittest

from PIL import Image
from transformers import pipeline

MODEL_ID = "Qwen/Qwen2-VL-2B-Instruct"
TASK = "image-text-to-text"
TEST_IMAGE = os.path.join(os.path.dirname(__file__), "test.jpg")


class TestQwen2VLModels(unittest.TestCase):
    def setUp(self):
        self.pipe = pipeline(TASK, model=MODEL_ID)

    def test_describe_image(self):
        messages = [{"role": "user", "content": [{"type": "image", "url": TEST_IMAGE}, {"type": "text", "text": "Describe this image."}]}]
        out = self.pipe(text=messages, max_new_tokens=20)
        self.assertTrue(len(out[0]["generated_text"]) > 0)


if __name__ == "__main__":
    unittest.main()
