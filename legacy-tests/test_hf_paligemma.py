"""PaliGemma captioning test (template v2)."""
from transformers import pipeline

MODEL_ID = "google/paligemma-3b-pt-224"

class TestPaliGemmaModels:
    def __init__(self):
        self.task = "image-to-text"
          self.model_id = MODEL_ID

    def run_tests(self):
        pipe = pipeline(self.task, model=self.model_id)
        return pipe("test.jpg", prompt="caption en")
