"""Shared helpers for the test_hf_* scripts (not a test itself)."""
import json
import os
import time
from contextlib import contextmanager
from typing import Dict, Any

DEFAULT_IMAGE_URL = "http://images.cocodataset.org/val2017/000000039769.jpg"
DEFAULT_AUDIO = "test.wav"


@contextmanager
def timer(label: str, sink: Dict[str, float]):
    start = time.perf_counter()
    try:
        yield
    finally:
        sink[label] = time.perf_counter() - start


def pick_device() -> str:
    try:
        import torch
        if torch.cuda.is_available():
            return "cuda"
        if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            return "mps"
    except ImportError:
        pass
    return "cpu"


def save_json(results: Dict[str, Any], out_dir: str = "collected_results", name: str = "results") -> str:
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"{name}_{time.strftime('%Y%m%d_%H%M%S')}.json")
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(results, fh, indent=2, ensure_ascii=False, default=str)
    return path


def model_size_mb(model) -> float:
    return sum(p.numel() * p.element_size() for p in model.parameters()) / (1024 * 1024)
