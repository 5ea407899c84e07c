#!/usr/bin/env python3
"""
Legacy GPT-2 generation tests (archived 2023-03, superseded by test_hf_gpt2_standardized.py).
"""
import os
import unittest

import torch
from transformers import GPT2LMHeadModel, GPT2Tokenizer, pipeline, set_seed

MODEL_NAME = "openai-community/gpt2"
PROMPTS = [
    "Once upon a time, in a land far away,",
    "The meaning of life is",
    "def fibonacci(n):",
]


class GPT2GenerationTest(unittest.TestCase):
    def setUp(self):
        set_seed(42)
        self.tokenizer = GPT2Tokenizer.from_pretrained(MODEL_NAME)
        self.model = GPT2LMHeadModel.from_pretrained(MODEL_NAME)
        self.model.eval()

    def test_greedy_generation(self):
        for prompt in PROMPTS:
            inputs = self.tokenizer(prompt, return_tensors="pt")
            with torch.no_grad():
                out = self.model.generate(**inputs, max_new_tokens=20, do_sample=False)
            text = self.tokenizer.decode(out[0], skip_special_tokens=True)
            self.assertTrue(text.startswith(prompt))

    def test_pipeline(self):
        generator = pipeline("text-generation", model=MODEL_NAME)
        out = generator("Hello, I'm a language model,", max_length=30, num_return_sequences=2)
        self.assertEqual(len(out), 2)

    def test_padding_side(self):
        self.tokenizer.pad_token = self.tokenizer.eos_token
        batch = self.tokenizer(PROMPTS, return_tensors="pt", padding=True)
        self.assertEqual(batch["input_ids"].shape[0], len(PROMPTS))
        print("padding ok: \"
