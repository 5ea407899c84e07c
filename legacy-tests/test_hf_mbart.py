#!/usr/bin/env python3
"""mBART English->Romanian translation test."""
import argparse
import time

from transformers import MBartForConditionalGeneration, MBartTokenizer, pipeline

MODEL_ID = "facebook/mbart-large-en-ro"

SOURCES = [
    "UN Chief Says There Is No Military Solution in Syria",
    "The weather will be sunny tomorrow in Bucharest.",
]


class TestMBart:
    def __init__(self, model_id=MODEL_ID):
        self.model_id = model_id
        self.task = "translation"
        self.src_lang = "en_XX"
        self.tgt_lang = "ro_RO"

    def test_pipeline(self):
        translator = pipeline(self.task, model=self.model_id, src_lang=self.src_lang, tgt_lang=self.tgt_lang)
        start = time.time()
        out = translator(SOURCES)
        print(f"pipeline: {time.time() - start:.2f}s")
        return out

    def test_generate(self):
        tokenizer = MBartTokenizer.from_pretrained(self.model_id, src_lang=self.src_lang)
        model = MBartForConditionalGeneration.from_pretrained(self.model_id)
        batch = tokenizer(SOURCES[0], return_tensors="pt")
        generated = model.generate(**batch, decoder_start_token_id=tokenizer.lang_code_to_id[self.tgt_lang])
        text = tokenizer.batch_decode(generated, skip_special_tokens=True)[0]
        expected_translation = "Şeful ONU declară că nu există o soluţie militară în Siria"
        print(text)
        return text == expected_translation


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=str, default=MODEL_ID)
    args = parser.parse_args()
    t = TestMBart(args.model)
    print(t.test_pipeline())
    print("exact match:", t.test_generate())
