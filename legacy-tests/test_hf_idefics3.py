import unittest
from transformers import AutoProcessor, Idefics3ForConditionalGeneration

MODEL_ID = "HuggingFaceM4/Idefics3-8B-Llama3"


class TestIdefics3Models(unittest.TestCase):
    task = "image-text-to-text"

    def test_generate(self):
        processor = AutoProcessor.from_pretrained(MODEL_ID)
        model = Idefics3ForConditionalGeneration.from_pretrained(MODEL_ID)
        messages = [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "Caption this image."}]}]
        prompt = processor.apply_chat_template(messages, add_generation_prompt=True)
        self.assertIn("Caption", prompt)
