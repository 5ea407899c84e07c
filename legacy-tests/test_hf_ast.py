#!/usr/bin/env python3
"""Audio Spectrogram Transformer (AST) AudioSet classification test."""
import os

import numpy as np
import torch
from transformers import ASTFeatureExtractor, ASTForAudioClassification, pipeline

MODEL_ID = "MIT/ast-finetuned-audioset-10-10-0.4593"
AUDIO_PATH = "test.wav"
SAMPLING_RATE = 16000


def load_audio():
    if os.path.exists(AUDIO_PATH):
        import soundfile as sf
        data, sr = sf.read(AUDIO_PATH)
        assert sr == SAMPLING_RATE, f"expected 16 kHz audio, got {sr}"
        return data.astype(np.float32)
    # 1 s, 440 Hz sine as fallback
    t = np.linspace(0, 1, SAMPLING_RATE, endpoint=False)
    return (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)


def test_pipeline():
    classifier = pipeline("zero-shot-audio-classification", model=MODEL_ID)
    preds = classifier(AUDIO_PATH if os.path.exists(AUDIO_PATH) else load_audio(), top_k=5)
    for p in preds:
        print(f"{p['label']}: {p['score']:.3f}")
    return preds


def test_model():
    feature_extractor = ASTFeatureExtractor.from_pretrained(MODEL_ID)
    model = ASTForAudioClassification.from_pretrained(MODEL_ID)
    inputs = feature_extractor(load_audio(), sampling_rate=SAMPLING_RATE, return_tensors="pt")
    with torch.no_grad():
        logits = model(**inputs).logits
    predicted = model.config.id2label[int(torch.argmax(logits, dim=-1).item())]
    print("predicted:", predicted)
    return predicted


if __name__ == "__main__":
    test_pipeline()
    test_model()
