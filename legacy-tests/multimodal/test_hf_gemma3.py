"""Gemma 3 vision-language test: AutoProcessor + Gemma3ForConditionalGeneration on one image."""
import unittest

from PIL import Image
from transformers import AutoProcessor, Gemma3ForConditionalGeneration

MODEL_ID = "google/gemma-3-4b-it"


class TestGemma3Models(unittest.TestCase):
    task = "image-text-to-text"

    def test_generate(self):
        processor = AutoProcessor.from_pretrained(MODEL_ID)
        model = Gemma3ForConditionalGeneration.from_pretrained(MODEL_ID)
        image = Image.open("images/cats.jpg")
        messages = [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "Describe this image in one sentence."}]}]
        prompt = processor.apply_chat_template(messages, add_generation_prompt=True)
        inputs = processor(text=prompt, images=image, return_tensors="pt")
        output = model.generate(**inputs, max_new_tokens=20, do_sample=False)
        answer = processor.decode(output[0][inputs["input_ids"].shape[-1]:], skip_special_tokens=True)
        self.assertIsInstance(answer, str)
