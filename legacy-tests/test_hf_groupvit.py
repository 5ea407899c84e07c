"""GroupViT zero-shot labels."""
from transformers import pipeline

MODEL_ID = "nvidia/groupvit-gcc-yfcc"

def test_zero_shot():
    classifier = pipeline("zero-shot-image-classification", model=MODEL_ID)
    out = classifier("images/cats.jpg", candidate_labels=["a photo of a cat", "a photo of a dog"])
    assert out[0]["label"] == "a photo of a cat"
