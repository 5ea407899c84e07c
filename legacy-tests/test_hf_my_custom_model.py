#!/usr/bin/env python3
"""
Test for our in-house fine-tuned classifier (private repo on the Hub).
Requires HF_TOKEN with read access to acme-corp.
"""
import os

from transformers import AutoTokenizer, AutoModelForSequenceClassification, pipeline

MODEL_ID = "acme-corp/my-custom-model-v3"
TOKEN = os.environ.get("HF_TOKEN")

TICKETS = [
    "My invoice shows the wrong amount for March.",
    "The app crashes when I upload a PDF larger than 10 MB.",
    "How do I reset my password?",
]
EXPECTED = ["billing", "bug", "account"]


def main():
    clf = pipeline("text-classification", model=MODEL_ID, token=TOKEN)
    preds = clf(TICKETS)
    for ticket, pred, exp in zip(TICKETS, preds, EXPECTED):
        status = "OK " if pred["label"] == exp else "BAD"
        print(f"[{status}] {ticket[:40]:<40} -> {pred['label']} ({pred['score']:.2f})")

    tokenizer = AutoTokenizer.from_pretrained(MODEL_ID, token=TOKEN)
    model = AutoModelForSequenceClassification.from_pretrained(MODEL_ID, token=TOKEN)
    print("labels:", model.config.id2label, "vocab:", tokenizer.vocab_size)


if __name__ == "__main__":
    main()
