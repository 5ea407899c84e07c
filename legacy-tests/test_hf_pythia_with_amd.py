#!/usr/bin/env python3
"""Pythia on AMD GPUs (ROCm). Generated from the hardware template; the model id comes from the environment."""

import os
import transformers

PYTHIA_SIZE = os.environ.get("PYTHIA_SIZE", "160m")
DEVICE = "cuda" if os.environ.get("ROCM_PATH") else "cpu"


class TestPythiaRocm:
    def setup(self):
        self.model_id = "EleutherAI/pythia-" + PYTHIA_SIZE
        self.prompt = "ROCm lets PyTorch run on"

    def test_generate(self):
        tokenizer = transformers.AutoTokenizer.from_pretrained(self.model_id)
        model = transformers.AutoModelForCausalLM.from_pretrained(self.model_id).to(DEVICE)
        inputs = tokenizer(self.prompt, return_tensors="pt").to(DEVICE)
        out = model.generate(**inputs, max_new_tokens=8)
        print(tokenizer.decode(out[0])
