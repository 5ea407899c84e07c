"""MusicGen text-to-music smoke test (facebook/musicgen-small).

Runs the text-to-audio pipeline and the model class directly: a T5 text encoder conditions the
decoder over 4 EnCodec codebooks, and the EnCodec decoder turns the codes into 32 kHz audio.
"""
import unittest

import numpy as np
import torch
from transformers import AutoProcessor, MusicgenForConditionalGeneration, pipeline

MODEL_ID = "facebook/musicgen-small"
TASK = "text-to-audio"
PROMPTS = [
    "80s pop track with bassy drums and synth",
    "90s rock song with loud guitars and heavy drums",
]


class TestMusicgenModels(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.processor = AutoProcessor.from_pretrained(MODEL_ID)
        cls.model = MusicgenForConditionalGeneration.from_pretrained(MODEL_ID)
        cls.model.eval()

    def test_pipeline(self):
        synthesiser = pipeline(TASK, model=MODEL_ID)
        music = synthesiser(PROMPTS[0], forward_params={"do_sample": True, "max_new_tokens": 64})
        self.assertEqual(music["sampling_rate"], 32000)
        self.assertTrue(np.isfinite(music["audio"]).all())

    def test_generate_batch(self):
        inputs = self.processor(text=PROMPTS, padding=True, return_tensors="pt")
        with torch.no_grad():
            audio_values = self.model.generate(**inputs, do_sample=False, guidance_scale=3, max_new_tokens=64)
        # [batch, channels, samples]: 64 tokens per codebook, minus the delay pattern, times EnCodec's hop
        self.assertEqual(audio_values.shape[0], len(PROMPTS))
        self.assertEqual(audio_values.shape[1], 1)
        self.assertEqual(self.model.config.audio_encoder.sampling_rate, 32000)


if __name__ == "__main__":
    unittest.main()
