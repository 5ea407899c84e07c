#!/usr/bin/env python3
"""
Class-based test file for all ResNet-family models.
This file provides a unified testing interface for:
- ResNetForImageClassification
"""

import os
import sys
import logging
from unittest.mock import MagicMock

logger = logging.getLogger(__name__)

try:
    import transformers
    HAS_TRANSFORMERS = True
except ImportError:
    transformers = MagicMock()
    HAS_TRANSFORMERS = False

# Models registry - Maps model IDs to their specific configurations
RESNET_MODELS_REGISTRY = {
    "google/resnet-base-patch16-224": {
        "description": "ResNet base model",
        "class": "ResNetForImageClassification",
        "task": "image-classification",
    },
}


class TestResnetModels:
    """Base test class for all ResNet-family models."""

    def __init__(self, model_id=None):
        self.model_id = model_id or "google/resnet-base-patch16-224"
        self.task = "image-classification"
        self.test_image = "test.jpg"

    def test_pipeline(self, device="auto"):
        pipe = transformers.pipeline(self.task, model=self.model_id)
        return pipe(self.test_image)
