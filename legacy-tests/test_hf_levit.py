#!/usr/bin/env python3
"""
Class-based test file for all LeViT-family models.
This file provides a unified testing interface for:
- {{architecture}}
"""

import os
import sys
import logging

logging.basicConfig(level=logging.INFO, format='%(asctime)s - %(levelname)s - %(message)s')
logger = logging.getLogger(__name__)

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Models registry - Maps model IDs to their specific configurations
{{registry_name}} = {
    {{registry_entries}}
}

class {{test_class_name}}:
    """Base test class for all LeViT-family models."""

    def __init__(self, model_id=None):
        self.model_id = model_id or {{default_model}}
        self.results = {}

    def test_pipeline(self, device="auto":
        {{pipeline_test_body}}
