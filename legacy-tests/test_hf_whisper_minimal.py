"""Minimal Whisper transcription test."""
import sys
from transformers import pipeline

MODEL_ID = "openai/whisper-tiny.en"
AUDIO = sys.argv[1] if len(sys.argv) > 1 else "test.wav"

asr = pipeline("automatic-speech-recognition", model=MODEL_ID)
out = asr(AUDIO)
print(out["text"])
