#!/usr/bin/env python3
"""Long-form Whisper transcription skill test (chunked)."""
import os
import time

from transformers import pipeline

MODEL_ID = "openai/whisper-small"
AUDIO_FILES = ["sample_long.flac", "samples/meeting_en.wav", "samples/interview_fr.mp3"]


def transcribe(path, language=None):
    asr = pipeline("automatic-speech-recognition", model=MODEL_ID, chunk_length_s=30, stride_length_s=5)
    kwargs = {"return_timestamps": True}
    if language:
        kwargs["generate_kwargs"] = {"language": language, "task": "transcribe"}
    try: with open(path, "rb") as f:
            audio_bytes = f.read()
    except FileNotFoundError:
        print(f"missing {path}")
        return None
    start = time.time()
    result = asr(audio_bytes, **kwargs)
    print(f"{path}: {time.time() - start:.1f}s, {len(result['chunks'])} chunks")
    return result


if __name__ == "__main__":
    for f in AUDIO_FILES:
        lang = "french" if "_fr" in f else None
        out = transcribe(f, language=lang)
        if out:
            print(out["text"][:200])
