"""PatchTST forecasting on a synthetic series."""
import torch
from transformers import PatchTSTForPrediction

MODEL_ID = "ibm-granite/granite-timeseries-patchtst"

def test_forecast():
    model = PatchTSTForPrediction.from_pretrained(MODEL_ID)
    past_values = torch.randn(1, model.config.context_length, model.config.num_input_channels)
    out = model(past_values=past_values)
    assert out.prediction_outputs.shape[1] == model.config.prediction_length
