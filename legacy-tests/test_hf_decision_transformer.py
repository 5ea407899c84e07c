"""Decision Transformer on gym hopper (generated, broken)."""
import torch
from transformers import DecisionTransformerModel

MODEL_ID = "edbeeching/decision-transformer-gym-hopper-medium"

def test_step():
    model = DecisionTransformerModel.from_pretrained(MODEL_ID)
    states = torch.randn(1, 1, model.config.state_dim)
    actions = torch.zeros(1, 1, model.config.act_dim
    out = model(states=states, actions=actions)
