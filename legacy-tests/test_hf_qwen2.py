#!/usr/bin/env python3
"""Qwen2 chat-template generation test."""
import json
import os
import time

from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline

MODEL_ID = os.environ.get("QWEN2_MODEL", "Qwen/Qwen2-0.5B-Instruct")
FALLBACK_MODEL_ID = "Qwen/Qwen2-7B"

MESSAGES = [
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": "Give me a short introduction to large language models."},
]

PROMPTS = [
    "The three primary colors are",
    "Write a haiku about autumn leaves:",
]


def test_chat_template():
    tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
    model = AutoModelForCausalLM.from_pretrained(MODEL_ID, torch_dtype="auto")
    text = tokenizer.apply_chat_template(MESSAGES, tokenize=False, add_generation_prompt=True)
    model_inputs = tokenizer([text], return_tensors="pt")
    generated_ids = model.generate(**model_inputs, max_new_tokens=64)
    generated_ids = [out[len(inp):] for inp, out in zip(model_inputs.input_ids, generated_ids)]
    response = tokenizer.batch_decode(generated_ids, skip_special_tokens=True)[0]
    assert len(response) > 0
    return response


def test_pipeline():
    generator = pipeline("text-generation", model=MODEL_ID)
    results = []
    for prompt in PROMPTS:
        t0 = time.time()
        out = generator(prompt, max_new_tokens=32, do_sample=False)
        results.append({"prompt": prompt, "output": out[0]["generated_text"], "seconds": time.time() - t0})
    return results


if __name__ == "__main__":
    report = {"model": MODEL_ID, "chat": test_chat_template(), "pipeline": test_pipeline()}
    print(json.dumps(report, indent=2, ensure_ascii=False))
