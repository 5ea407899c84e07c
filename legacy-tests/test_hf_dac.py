"""Descript audio codec: encode to codes and decode back."""
import numpy as np
from transformers import AutoProcessor, DacModel

MODEL_ID = "descript/dac_16khz"

def test_roundtrip():
    model = DacModel.from_pretrained(MODEL_ID)
    processor = AutoProcessor.from_pretrained(MODEL_ID)
    audio = np.zeros(16000, dtype=np.float32)
    inputs = processor(raw_audio=audio, sampling_rate=16000, return_tensors="pt")
    encoded = model.encode(inputs["input_values"])
    decoded = model.decode(encoded.quantized_representation)
    assert decoded.audio_values.shape[-1] >= 16000
