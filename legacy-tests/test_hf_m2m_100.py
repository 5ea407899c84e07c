#!/usr/bin/env python3
"""M2M100 many-to-many translation tests (418M)."""
from transformers import M2M100ForConditionalGeneration, M2M100Tokenizer, pipeline

MODEL_ID = "facebook/m2m100_418M"

CASES = [
    # (source language, target language, text)
    ("hi", "fr", "जीवन एक चॉकलेट बॉक्स की तरह है।"),
    ("zh", "en", "生活就像一盒巧克力。"),
    ("fr", "en", "La vie est comme une boîte de chocolat — on ne sait jamais sur quoi on va tomber."),
    ("ja", "de", "日本語のテキストを翻訳します。"),
]


def translate(tokenizer, model, src, tgt, text):
    tokenizer.src_lang = src
    encoded = tokenizer(text, return_tensors="pt")
    generated = model.generate(**encoded, forced_bos_token_id=tokenizer.get_lang_id(tgt))
    return tokenizer.batch_decode(generated, skip_special_tokens=True)[0]


def test_model():
    tokenizer = M2M100Tokenizer.from_pretrained(MODEL_ID)
    model = M2M100ForConditionalGeneration.from_pretrained(MODEL_ID)
    for src, tgt, text in CASES:
        out = translate(tokenizer, model, src, tgt, text)
        print(f"{src}->{tgt}: {text} => {out}")
        assert out


def test_pipeline():
    # NOTE: text-generation was what the old runner used for every model; kept for comparison
    pipe = pipeline("text-generation", model=MODEL_ID)
    print(pipe("Life is like a box of chocolates."))
    translator = pipeline("translation", model=MODEL_ID, src_lang="en", tgt_lang="fr")
    print(translator("Life is like a box of chocolates."))


if __name__ == "__main__":
    test_model()
    test_pipeline()
