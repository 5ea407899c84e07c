from transformers import pipeline; pipe = pipeline("image-classification", model="google/convnext-base-patch16-224")
print(pipe("cats.png"))
