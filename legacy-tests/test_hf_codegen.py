#!/usr/bin/env python3
"""CodeGen (350M mono) code completion test."""
import re
import sys

from transformers import AutoTokenizer, AutoModelForCausalLM

MODEL_ID = "Salesforce/codegen-350M-mono"

CODE_PROMPTS = [
    "def hello_world():",
    "# Return the n-th Fibonacci number\ndef fib(n):",
    'def parse_path(p):\n    """Split a Windows path like C:\\\\Users\\\\me on backslashes."""\n',
    "import re\nPATTERN = re.compile(r'\\d+\\.\\d+')\ndef versions(text):",
]


def complete(prompt, max_new_tokens=48):
    tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
    model = AutoModelForCausalLM.from_pretrained(MODEL_ID)
    inputs = tokenizer(prompt, return_tensors="pt")
    sample = model.generate(**inputs, max_new_tokens=max_new_tokens, pad_token_id=tokenizer.eos_token_id)
    return tokenizer.decode(sample[0], truncate_before_pattern=[r"\n\n^#", "^'''", "\n\n\n"])


def main():
    failures = 0
    for prompt in CODE_PROMPTS:
        out = complete(prompt)
        print("=" * 60)
        print(out)
        if not out.startswith(prompt.split("\n")[0]):
            failures += 1
    if failures:
        print(f"{failures} completions did not echo the prompt", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
