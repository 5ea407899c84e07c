"""
Common base class for the test_hf_* model tests. Subclasses set MODEL_ID and TASK.
"""
import logging
import sys
import traceback

logger = logging.getLogger("test_hf_common")


class HFTestBase:
    MODEL_ID = None
    TASK = None
    INPUTS = []

    def __init__(self, model_id=None, device="cpu"):
        self.model_id = model_id or self.MODEL_ID
        self.device = device
        self.results = {}
        if self.model_id is None:
            raise ValueError(f"{type(self).__name__} must define MODEL_ID")

    def build_pipeline(self):
        from transformers import pipeline
        return pipeline(self.TASK, model=self.model_id, device=self.device)

    def run(self):
        try:
            pipe = self.build_pipeline()
            for i, item in enumerate(self.INPUTS):
                self.results[f"input_{i}"] = pipe(item)
            self.results["success"] = True
        except Exception as exc:  # noqa: BLE001 - we report every failure
            self.results["success"] = False
            self.results["error"] = str(exc)
            self.results["traceback"] = traceback.format_exc()
            logger.error("run failed for %s: %s", self.model_id, exc)
        return self.results


def run_cli(test_cls):
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=str, default=None)
    parser.add_argument("--device", type=str, default="cpu")
    args = parser.parse_args()
    res = test_cls(args.model, args.device).run()
    sys.exit(0 if res.get("success") else 1)
