#!/usr/bin/env python3
"""
Class-based test file for all Swin-family models.
"""

import os
import sys
import logging

logger = logging.getLogger(__name__)

# Models registry - Maps model IDs to their specific configurations
{{registry_name}} = {
}

def run_tests(all_hardware=False):
    results = {}
    for hardware in ["cpu", "cuda"]:
        if not all_hardware and hardware != "cpu":
            continue
        results[hardware] = {{run_hardware_test}}(hardware
    return results


if __name__ == "__main__":
    print(run_tests())
