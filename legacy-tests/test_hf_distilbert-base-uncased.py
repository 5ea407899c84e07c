#!/usr/bin/env python3
"""Question answering smoke tests for DistilBERT (base, uncased, distilled on SQuAD)."""
import unittest

from transformers import pipeline, AutoTokenizer, DistilBertForQuestionAnswering

MODEL_ID = "distilbert/distilbert-base-uncased-distilled-squad"

QA_PAIRS = [
    {
        "question": "What is the capital of France?",
        "context": "Paris is the capital and most populous city of France.",
        "answer": "paris",
    },
    {
        "question": "Who wrote the theory of relativity?",
        "context": "The theory of relativity was developed by Albert Einstein in the early 20th century.",
        "answer": "albert einstein",
    },
    {
        "question": "How many moons does Mars have?",
        "context": "Mars has two small moons, Phobos and Deimos, which are thought to be captured asteroids.",
        "answer": "two",
    },
]


class TestDistilBertQA(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.qa = pipeline("question-answering", model=MODEL_ID)

    def test_answers(self):
        for pair in QA_PAIRS:
            with self.subTest(question=pair["question"]):
                result = self.qa(question=pair["question"], context=pair["context"])
                self.assertIn(pair["answer"], result["answer"].lower())
                self.assertGreater(result["score"], 0.1)

    def test_model_class(self):
        tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
        model = DistilBertForQuestionAnswering.from_pretrained(MODEL_ID)
        inputs = tokenizer(QA_PAIRS[0]["question"], QA_PAIRS[0]["context"], return_tensors="pt")
        outputs = model(**inputs)
        self.assertEqual(outputs.start_logits.shape, outputs.end_logits.shape)


if __name__ == "__main__":
    unittest.main()
