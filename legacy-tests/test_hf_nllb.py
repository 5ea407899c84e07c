"""NLLB-200 translation smoke test (hand-written, unittest style)."""
import unittest

from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

MODEL_NAME = "facebook/nllb-200-distilled-600M"


class NllbTranslationTest(unittest.TestCase):
    src_lang = "eng_Latn"
    tgt_lang = "fra_Latn"

    @classmethod
    def setUpClass(cls):
        cls.tokenizer = AutoTokenizer.from_pretrained(MODEL_NAME, src_lang=cls.src_lang)
        cls.model = AutoModelForSeq2SeqLM.from_pretrained(MODEL_NAME)

    def test_translate(self):
        text = "No language left behind."
        inputs = self.tokenizer(text, return_tensors="pt")
        tokens = self.model.generate(**inputs, forced_bos_token_id=self.tokenizer.convert_tokens_to_ids(self.tgt_lang), max_length=40)
        translation = self.tokenizer.batch_decode(tokens, skip_special_tokens=True)[0]
        self.assertTrue(len(translation) > 0)


if __name__ == "__main__":
    unittest.main()
