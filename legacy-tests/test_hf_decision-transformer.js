// Decision transformer: one step of states/actions/returns.
import { AutoModel, Tensor } from '@huggingface/transformers';

const MODEL_ID = 'onnx-community/decision-transformer-gym-hopper-medium';
const model = await AutoModel.from_pretrained(MODEL_ID);
const states = new Tensor('float32', new Float32Array(11), [1, 1, 11]);
const actions = new Tensor('float32', new Float32Array(3), [1, 1, 3]);
const out = await model({ states, actions, returns_to_go: new Tensor('float32', [3600], [1, 1, 1]), timesteps: new Tensor('int64', [0n], [1, 1]), attention_mask: new Tensor('int64', [1n], [1, 1]) });
console.assert(out.action_preds.dims[2] === 3);
