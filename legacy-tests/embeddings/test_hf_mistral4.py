#!/usr/bin/env python3
"""Mistral Small 4: greedy chat completion smoke test."""
from transformers import AutoModelForCausalLM, AutoTokenizer

MODEL_ID = "mistralai/Mistral-Small-4-119B-2603"
PROMPT = "The three primary colours are"


def test_generate():
    tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
    model = AutoModelForCausalLM.from_pretrained(MODEL_ID, device_map="auto")
    inputs = tokenizer(PROMPT, return_tensors="pt").to(model.device)
    out = model.generate(**inputs, max_new_tokens=20, do_sample=False)
    text = tokenizer.decode(out[0], skip_special_tokens=True)
    print(text)
    assert text.startswith(PROMPT)


if __name__ == "__main__":
    test_generate()
