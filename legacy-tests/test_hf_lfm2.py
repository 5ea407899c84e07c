#!/usr/bin/env python3
"""LFM2 (hybrid conv + attention) generation smoke test."""
import time

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline

MODEL_ID = "LiquidAI/LFM2-350M"


class TestLfm2:
    def __init__(self, model_id=MODEL_ID):
        self.model_id = model_id
        self.task = "text-generation"
        self.prompt = "The three primary colours are"

    def test_pipeline(self):
        generator = pipeline(self.task, model=self.model_id, torch_dtype=torch.bfloat16)
        start = time.time()
        out = generator(self.prompt, max_new_tokens=16, do_sample=False)
        print(f"pipeline: {time.time() - start:.2f}s")
        return out[0]["generated_text"]

    def test_from_pretrained(self):
        tokenizer = AutoTokenizer.from_pretrained(self.model_id)
        model = AutoModelForCausalLM.from_pretrained(self.model_id)
        inputs = tokenizer(self.prompt, return_tensors="pt")
        ids = model.generate(**inputs, max_new_tokens=16)
        return tokenizer.decode(ids[0], skip_special_tokens=True)


if __name__ == "__main__":
    t = TestLfm2()
    print(t.test_pipeline())
