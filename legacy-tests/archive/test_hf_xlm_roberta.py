#!/usr/bin/env python3
"""
XLM-RoBERTa multilingual fill-mask tests (archived copy from the old benchmarks repo).
"""
import unittest

from transformers import pipeline, XLMRobertaTokenizer, XLMRobertaForMaskedLM

MODEL_ID = "FacebookAI/xlm-roberta-base"


class TestXlmRobertaModels(unittest.TestCase):

    test_sentences = {
        "en": "Hello I'm a <mask> model.",
        "de": "Ich gehe heute in die <mask>.",
        "fr": "Le chat est sur la <mask>.",
        "es": "Me gusta comer <mask> por la mañana.",
    }

    @classmethod
    def setUpClass(cls):
        cls.unmasker = pipeline("fill-mask", model=MODEL_ID)

    def test_languages(self):
        for lang, sentence in self.test_sentences.items():
            with self.subTest(lang=lang):
                out = self.unmasker(sentence)
                self.assertEqual(len(out), 5)
                self.assertTrue(all(o["score"] > 0 for o in out))

def test_tokenizer(self):
        tokenizer = XLMRobertaTokenizer.from_pretrained(MODEL_ID)
        ids = tokenizer("日本語のテキスト")["input_ids"]
        self.assertGreater(len(ids), 2)

    def test_model_forward(self):
        tokenizer = XLMRobertaTokenizer.from_pretrained(MODEL_ID)
        model = XLMRobertaForMaskedLM.from_pretrained(MODEL_ID)
        inputs = tokenizer(self.test_sentences["en"], return_tensors="pt")
        logits = model(**inputs).logits
        self.assertEqual(logits.shape[-1], model.config.vocab_size)


if __name__ == "__main__":
    unittest.main()
