#!/usr/bin/env python3
"""Image captioning with a VisionEncoderDecoder model (ViT encoder + GPT-2 decoder)."""
import requests
from PIL import Image
from transformers import AutoTokenizer, VisionEncoderDecoderModel, ViTImageProcessor, pipeline

MODEL_ID = "nlpconnect/vit-gpt2-image-captioning"
IMAGES = [
    "http://images.cocodataset.org/val2017/000000039769.jpg",
    "test.jpg",
]


def test_pipeline():
    captioner = pipeline("image-to-text", model=MODEL_ID)
    out = captioner(IMAGES[0])
    print(out)
    assert "cat" in out[0]["generated_text"]


def test_generate():
    model = VisionEncoderDecoderModel.from_pretrained(MODEL_ID)
    processor = ViTImageProcessor.from_pretrained(MODEL_ID)
    tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
    image = Image.open(requests.get(IMAGES[0], stream=True).raw).convert("RGB")
    pixel_values = processor(images=[image], return_tensors="pt").pixel_values
    output_ids = model.generate(pixel_values, max_length=16, num_beams=4)
    caption = tokenizer.batch_decode(output_ids, skip_special_tokens=True)[0].strip()
    print("caption:", caption)


if __name__ == "__main__":
    test_pipeline()
    test_generate()
