"""LLaVA 1.5 visual chat (template v2, half-converted)."""
import unittest
from transformers import AutoProcessor, LlavaForConditionalGeneration

LLAVA_MODELS_REGISTRY = {
    "llava-hf/llava-1.5-7b-hf": {
        "task": "image-text-to-text",
        "description": "LLaVA 1.5 7B",
    },
}

class TestLlavaModels(unittest.TestCase):
    def test_pipeline(self):
        model = LlavaForConditionalGeneration.from_pretrained("llava-hf/llava-1.5-7b-hf"
        prompt = "USER: <image>\nWhat is shown here? ASSISTANT:"
        self.assertIn("ASSISTANT", prompt)
