#!/usr/bin/env python3
"""
Tests for a text-generation-inference (TGI) server.
Start one with:
    docker run --gpus all -p 8080:80 ghcr.io/huggingface/text-generation-inference:1.4 --model-id mistralai/Mistral-7B-v0.1
"""
import argparse
import json
import os
import time

import requests

DEFAULT_ENDPOINT = os.environ.get("TGI_ENDPOINT", "http://localhost:8080")


class TestTGI:
    def __init__(self, endpoint=DEFAULT_ENDPOINT, timeout=60):
        self.endpoint = endpoint.rstrip("/")
        self.timeout = timeout
        self.results = {}

    def test_info(self):
        r = requests.get(f"{self.endpoint}/info", timeout=self.timeout)
        r.raise_for_status()
        info = r.json()
        self.results["info"] = info
        print("serving:", info.get("model_id"))
        return info

    def test_generate(self, prompt="What is Deep Learning?", max_new_tokens=40):
        payload = {"inputs": prompt, "parameters": {"max_new_tokens": max_new_tokens, "temperature": 0.7}}
        start = time.time()
        r = requests.post(f"{self.endpoint}/generate", json=payload, timeout=self.timeout)
        latency = time.time() - start
        r.raise_for_status()
        text = r.json()["generated_text"]
        self.results["generate"] = {"latency_s": latency, "chars": len(text)}
        assert isinstance(text, str) and text
        return text

    def test_generate_stream(self, prompt="Write a limerick about GPUs"):
        payload = {"inputs": prompt, "parameters": {"max_new_tokens": 30}}
        tokens = 0
        with requests.post(f"{self.endpoint}/generate_stream", json=payload, stream=True, timeout=self.timeout) as r:
            for line in r.iter_lines():
                if line.startswith(b"data:"):
                    event = json.loads(line[5:])
                    tokens += 1
                    if event.get("generated_text") is not None:
                        break
        self.results["stream"] = {"tokens": tokens}
        return tokens

    def test_chat_completions(self):
        payload = {
            "model": "tgi",
            "messages": [{"role": "user", "content": "Say hello in three languages."}],
            "max_tokens": 50,
        }
        r = requests.post(f"{self.endpoint}/v1/chat/completions", json=payload, timeout=self.timeout)
        r.raise_for_status()
        return r.json()["choices"][0]["message"]["content"]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="TGI endpoint tests")
    parser.add_argument("--endpoint", default=DEFAULT_ENDPOINT)
    args = parser.parse_args()
    t = TestTGI(args.endpoint)
    t.test_info()
    print(t.test_generate())
    print("stream tokens:", t.test_generate_stream())
    print(t.test_chat_completions())
    print(json.dumps(t.results, indent=2, default=str))
