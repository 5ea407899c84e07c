#!/usr/bin/env python3
"""FLAN-T5 instruction following tests."""
import time

from transformers import AutoTokenizer, AutoModelForSeq2SeqLM, pipeline

MODEL_ID = "google/flan-t5-base"

INSTRUCTIONS = [
    "Translate English to German: How old are you?",
    "Please answer the following question. What is the boiling point of Nitrogen?",
    "Answer the following yes/no question by reasoning step-by-step. Can you write a whole Haiku in a single tweet?",
]


def test_pipeline():
    pipe = pipeline("text2text-generation", model=MODEL_ID)
    for instruction in INSTRUCTIONS:
        start = time.time()
        out = pipe(instruction, max_new_tokens=50)
        print(f"[{time.time() - start:.2f}s] {instruction} -> {out[0]['generated_text']}")


def test_generate():
    tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
    model = AutoModelForSeq2SeqLM.from_pretrained(MODEL_ID)
    inputs = tokenizer(INSTRUCTIONS[0], return_tensors="pt")
    outputs = model.generate(**inputs)
    decoded = tokenizer.batch_decode(outputs, skip_special_tokens=True)
    assert "Wie alt" in decoded[0], decoded


EXPECTED = {
    "Translate English to German: How old are you?": "Wie alt sind Sie?",
    "Please answer the following question. What is the boiling point of Nitrogen?": "-195.8 °C",
}


if __name__ == "__main__":
    test_pipeline()
    test_generate(
