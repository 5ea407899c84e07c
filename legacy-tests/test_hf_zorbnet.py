#!/usr/bin/env python3
"""
ZorbNet (research prototype from the 2021 hackathon) - sequence classification test.
Uses trust_remote_code because zorbnet is not in transformers.
"""
import argparse

from transformers import AutoConfig, AutoTokenizer, AutoModelForSequenceClassification

ZORBNET_MODELS_REGISTRY = {
    "zorb-labs/zorbnet-base": {
        "description": "ZorbNet base (hackathon prototype)",
        "class": "ZorbNetForSequenceClassification",
        "type": "zorbnet",
        "task": "text-classification",
    },
}


class TestZorbNetModels:
    def __init__(self, model_id=None):
        self.model_id = model_id or "zorb-labs/zorbnet-base"
        self.task = "text-classification"
        self.test_text = "ZorbNet routes tokens through learned zorb gates."

    def test_from_pretrained(self):
        config = AutoConfig.from_pretrained(self.model_id, trust_remote_code=True)
        assert config.model_type == "zorbnet"
        tokenizer = AutoTokenizer.from_pretrained(self.model_id, trust_remote_code=True)
        model = AutoModelForSequenceClassification.from_pretrained(self.model_id, trust_remote_code=True)
        logits = model(**tokenizer(self.test_text, return_tensors="pt")).logits
        print(logits.softmax(-1))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=str, default="zorb-labs/zorbnet-base")
    TestZorbNetModels(parser.parse_args().model).test_from_pretrained()
