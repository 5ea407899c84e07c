"""Donut document question answering (DocVQA)."""
from transformers import DonutProcessor, VisionEncoderDecoderModel, pipeline

MODEL_ID = "naver-clova-ix/donut-base-finetuned-docvqa"

def test_invoice_question():
    dqa = pipeline("document-question-answering", model=MODEL_ID)
    answer = dqa(image="images/invoice.png", question="What is the invoice number?")
    assert len(answer[0]["answer"]) > 0
