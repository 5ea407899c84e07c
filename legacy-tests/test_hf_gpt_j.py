#!/usr/bin/env python3
"""GPT-J 6B test. Needs ~24GB RAM in fp32; use --fp16 on GPU."""
import argparse
import time

import torch
from transformers import AutoTokenizer, GPTJForCausalLM, pipeline

MODEL_ID = "EleutherAI/gpt-j-6b"
TASK = "summarization"

ARTICLE = (
    "The tower is 324 metres (1,063 ft) tall, about the same height as an 81-storey building, "
    "and the tallest structure in Paris. Its base is square, measuring 125 metres (410 ft) on each side."
)


def load(fp16: bool):
    kwargs = {"revision": "float16", "torch_dtype": torch.float16} if fp16 else {}
    tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
    model = GPTJForCausalLM.from_pretrained(MODEL_ID, low_cpu_mem_usage=True, **kwargs)
    return tokenizer, model


def run_pipeline():
    summarizer = pipeline(TASK, model=MODEL_ID)
    start = time.perf_counter()
    summary = summarizer(ARTICLE, max_length=60, min_length=10)
    print(f"pipeline took {time.perf_counter() - start:.2f}s")
    print(summary)


def run_generate(fp16: bool):
    tokenizer, model = load(fp16)
    prompt = "In a shocking finding, scientists discovered a herd of unicorns living in a remote valley"
    input_ids = tokenizer(prompt, return_tensors="pt").input_ids
    gen_tokens = model.generate(input_ids, do_sample=True, temperature=0.9, max_length=100)
    print(tokenizer.batch_decode(gen_tokens)[0])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="GPT-J tests")
    parser.add_argument("--model", type=str, default=MODEL_ID)
    parser.add_argument("--fp16", action="store_true")
    parser.add_argument("--skip-pipeline", action="store_true")
    args = parser.parse_args()
    MODEL_ID = args.model
    if not args.skip_pipeline:
        run_pipeline()
    run_generate(args.fp16)
