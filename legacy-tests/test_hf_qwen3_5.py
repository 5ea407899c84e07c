"""Qwen3.5 image chat smoke test (hand-written, 2026): the natively multimodal checkpoint, image + question."""
import os
import unittest

from PIL import Image
from transformers import AutoProcessor, Qwen3_5ForConditionalGeneration

MODEL_ID = "Qwen/Qwen3.5-0.8B"
TASK = "image-text-to-text"
TEST_IMAGE = os.path.join(os.path.dirname(__file__), "test.jpg")


class TestQwen3_5Models(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.processor = AutoProcessor.from_pretrained(MODEL_ID)
        cls.model = Qwen3_5ForConditionalGeneration.from_pretrained(MODEL_ID)

    def test_describe_image(self):
        image = Image.open(TEST_IMAGE).convert("RGB")
        messages = [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "What is in this picture?"}]}]
        prompt = self.processor.apply_chat_template(messages, add_generation_prompt=True)
        inputs = self.processor(text=[prompt], images=[image], return_tensors="pt")
        output_ids = self.model.generate(**inputs, max_new_tokens=16)
        answer = self.processor.batch_decode(output_ids[:, inputs["input_ids"].shape[1]:], skip_special_tokens=True)[0]
        self.assertIsInstance(answer, str)
        self.assertGreater(len(output_ids[0]), inputs["input_ids"].shape[1])


if __name__ == "__main__":
    unittest.main()
