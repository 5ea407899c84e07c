from transformers import pipeline; pipe = pipeline("text-generation", model="gpt2")
print(pipe("Hello, I'm a language model,"))
