#!/usr/bin/env python3
"""
Prints usage for the test_hf_* scripts in this folder.

    python test_hf___help.py            # list all model test scripts
    python test_hf___help.py --family   # group them by family
"""
import argparse
import glob
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
PATTERN = re.compile(r"^test_hf_(?P<name>.+?)(?P<variant>_standardized|_minimal|_web)?\.(py|js|mjs|cjs|ts)$")


def list_scripts():
    rows = []
    for path in sorted(glob.glob(os.path.join(HERE, "test_hf_*"))):
        m = PATTERN.match(os.path.basename(path))
        if not m or m.group("name").startswith("_"):
            continue
        rows.append((m.group("name"), m.group("variant") or "", os.path.basename(path)))
    return rows


def main():
    parser = argparse.ArgumentParser(description="Help for the HF model test scripts")
    parser.add_argument("--family", action="store_true", help="group scripts by model family")
    args = parser.parse_args()
    rows = list_scripts()
    if args.family:
        families = {}
        for name, variant, fname in rows:
            families.setdefault(name.replace("-", "_"), []).append(fname)
        for fam, files in sorted(families.items()):
            print(f"{fam}: {', '.join(files)}")
    else:
        for _, _, fname in rows:
            print(fname)
    print("\nCommon flags: --model <hub id>, --all-hardware, --cpu-only, --save, --list-models")


if __name__ == "__main__":
    main()
