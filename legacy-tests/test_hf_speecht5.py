"""SpeechT5 text-to-speech with a speaker embedding."""
import unittest
from transformers import pipeline

MODEL_ID = "microsoft/speecht5_tts"


class TestSpeechT5Models(unittest.TestCase):
    def setUp(self):
        self.task = "text-to-speech"
        self.synth = pipeline(self.task, model=MODEL_ID)

    def test_speak(self):
        speech = self.synth("Hello, my dog is cute.", forward_params={"speaker_embeddings": None})
        self.assertEqual(speech["sampling_rate"], 16000)
