# Quick smoke test for BERT - written during the 2022 model audit.
from transformers import pipeline

pipe = pipeline("text2text-generation", model="google-bert/bert-base-uncased")
print(pipe("Translate to French: the weather is nice today."))
