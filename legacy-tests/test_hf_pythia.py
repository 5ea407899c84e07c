#!/usr/bin/env python3
"""
Class-based test file for Pythia models (EleutherAI's suite of GPT-NeoX decoders).
Generated from the family template: the family is named after the checkpoint, not the model_type.
"""

import os
import sys
import logging
from unittest.mock import MagicMock

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger(__name__)

try:
    import torch
    HAS_TORCH = True
except ImportError:
    torch = MagicMock()
    HAS_TORCH = False

try:
    import transformers
    HAS_TRANSFORMERS = True
except ImportError:
    transformers = MagicMock()
    HAS_TRANSFORMERS = False

PYTHIA_MODELS_REGISTRY = {
    "EleutherAI/pythia-70m": {
        "description": "Pythia 70M (deduplicated Pile)",
        "task": "text-generation",
        "max_new_tokens": 20,
    },
}


class TestPythiaModels:
    """Runs the Pythia checkpoints through a text-generation pipeline."""

    def __init__(self, model_id=None):
        self.model_id = model_id or "EleutherAI/pythia-70m"
        self.task = "text-generation"
        self.test_text = "The Pile is a large, diverse dataset of"

    def test_pipeline(self, device="cpu"):
        if not HAS_TRANSFORMERS:
            return {"success": False, "error": "transformers not available"}
        pipe = transformers.pipeline(self.task, model=self.model_id, device=device)
        output = pipe(self.test_text, max_new_tokens=20)
        assert output[0]["generated_text"].startswith(self.test_text)
        return {"success": True, "output": output}


if __name__ == "__main__":
    tester = TestPythiaModels()
    print(tester.test_pipeline())
