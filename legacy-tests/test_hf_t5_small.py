#!/usr/bin/env python3
"""t5-small summarization + translation checks (uses the legacy un-namespaced id)."""
import argparse

from transformers import T5Tokenizer, T5ForConditionalGeneration, pipeline

MODEL_ID = "t5-small"

ARTICLE = ("summarize: studies have shown that owning a dog is good for you. Dog owners walk more, "
           "have lower blood pressure and report less loneliness than people without pets.")


def test_summarization():
    summarizer = pipeline("summarization", model=MODEL_ID)
    out = summarizer(ARTICLE, max_length=30, min_length=5)
    print("summary:", out[0]["summary_text"])
    assert len(out[0]["summary_text"]) > 0


def test_translation():
    tokenizer = T5Tokenizer.from_pretrained(MODEL_ID)
    model = T5ForConditionalGeneration.from_pretrained(MODEL_ID)
    input_ids = tokenizer("translate English to French: The weather is nice today.", return_tensors="pt").input_ids
    outputs = model.generate(input_ids, max_new_tokens=40)
    text = tokenizer.decode(outputs[0], skip_special_tokens=True)
    print("translation:", text)
    expected = "Le temps est beau aujourd'hui."
    assert text.strip() == expected, text


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=str, default="t5-small")
    args = parser.parse_args()
    MODEL_ID = args.model
    test_summarization()
    test_translation()
