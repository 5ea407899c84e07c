import { AttributeType, ElementType, ModelProto, TensorDataType } from './proto';
import { SeededRandom } from './random';

/** A tensor dimension: a fixed size or a symbolic name (`batch_size`, `sequence_length`, ...). */
export type Dim = number | string;

export type AttributeValue = number | number[] | string | { float: number } | { floats: number[] };

interface TensorInit {
  name: string;
  dataType: number;
  dims: number[];
  raw: Buffer;
}

interface ValueInfo {
  name: string;
  elemType: ElementType;
  dims: Dim[];
}

interface NodeSpec {
  opType: string;
  inputs: string[];
  outputs: string[];
  name: string;
  attributes: Record<string, AttributeValue>;
}

/**
 * Minimum opset the tiny graphs need: `LessOrEqual` (16) and axes-as-input `ReduceSum`/`Unsqueeze` (13).
 * onnxruntime-node 1.30 supports far newer opsets; 17 keeps the files loadable by older runtimes too.
 */
export const OPSET_VERSION = 17;
/** IR version 8 goes with opset 17. */
export const IR_VERSION = 8;

/**
 * A tiny, deterministic ONNX graph builder. Values are named strings; `node()` returns the
 * generated output name(s), so graphs read like straight-line code. Names are generated from a
 * counter, so the same sequence of calls always yields the same bytes.
 */
export class OnnxGraphBuilder {
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly initializers: TensorInit[] = [];
  private readonly nodes: NodeSpec[] = [];
  private readonly usedNames = new Set<string>();
  private counter = 0;

  constructor(
    readonly graphName: string,
    private readonly seed: string,
  ) {}

  input(name: string, elemType: ElementType, dims: Dim[]): string {
    this.claim(name);
    this.inputs.push({ name, elemType, dims });
    return name;
  }

  /** Declares `value` as a graph output named `name` (adds an Identity when the names differ). */
  output(name: string, elemType: ElementType, dims: Dim[], value: string): void {
    if (value !== name) {
      this.claim(name);
      this.nodes.push({ opType: 'Identity', inputs: [value], outputs: [name], name: `${name}_identity`, attributes: {} });
    }
    this.outputs.push({ name, elemType, dims });
  }

  /**
   * A float32 weight with zero mean and standard deviation `scale`, from its own seed, so adding a
   * tensor never shifts the others' values.
   */
  randomWeight(name: string, shape: number[], scale: number): string {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    new SeededRandom(`${this.seed}/${name}`).fillUnitVariance(values, scale);
    return this.floatTensor(name, shape, values);
  }

  floatTensor(name: string, shape: number[], values: Float32Array | number[]): string {
    const data = values instanceof Float32Array ? values : Float32Array.from(values);
    assertSize(name, shape, data.length);
    // ONNX raw_data is little-endian; so is every platform onnxruntime-node ships for.
    const raw = LITTLE_ENDIAN ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : toLittleEndianFloats(data);
    return this.addInitializer(name, TensorDataType.float32, shape, raw);
  }

  int64Tensor(name: string, shape: number[], values: number[]): string {
    assertSize(name, shape, values.length);
    const raw = Buffer.alloc(values.length * 8);
    values.forEach((v, i) => raw.writeBigInt64LE(BigInt(v), i * 8));
    return this.addInitializer(name, TensorDataType.int64, shape, raw);
  }

  /** Scalar / 1-D int64 constant, named after its values so identical constants are shared. */
  ints(values: number[] | number): string {
    const list = Array.isArray(values) ? values : [values];
    const name = `const_i64_${Array.isArray(values) ? 'v' : 's'}_${list.join('_').replace(/-/g, 'm')}`;
    if (this.usedNames.has(name)) return name;
    return this.int64Tensor(name, Array.isArray(values) ? [list.length] : [], list);
  }

  /** Scalar float constant, shared by value. */
  scalar(value: number): string {
    const name = `const_f32_${String(value).replace(/[^0-9a-zA-Z]/g, '_')}`;
    if (this.usedNames.has(name)) return name;
    return this.floatTensor(name, [], [value]);
  }

  /** Adds a node with one output and returns the output name. */
  node(opType: string, inputs: string[], attributes: Record<string, AttributeValue> = {}): string {
    return this.nodeMulti(opType, inputs, 1, attributes)[0]!;
  }

  nodeMulti(opType: string, inputs: string[], outputCount: number, attributes: Record<string, AttributeValue> = {}): string[] {
    const id = this.counter++;
    const name = `${opType}_${id}`;
    const outputs = Array.from({ length: outputCount }, (_, i) => `${name}_out${i}`);
    outputs.forEach((o) => this.claim(o));
    this.nodes.push({ opType, inputs, outputs, name, attributes });
    return outputs;
  }

  /** Serialises the graph to ONNX protobuf bytes. */
  toBytes(): Uint8Array {
    const model = ModelProto.create({
      ir_version: IR_VERSION,
      opset_import: [{ domain: '', version: OPSET_VERSION }],
      producer_name: 'hf-convert-tiny',
      producer_version: '1',
      graph: {
        name: this.graphName,
        node: this.nodes.map((n) => ({
          input: n.inputs,
          output: n.outputs,
          name: n.name,
          op_type: n.opType,
          attribute: Object.entries(n.attributes).map(([key, value]) => encodeAttribute(key, value)),
        })),
        initializer: this.initializers.map((t) => ({ name: t.name, data_type: t.dataType, dims: t.dims, raw_data: t.raw })),
        input: this.inputs.map(valueInfo),
        output: this.outputs.map(valueInfo),
      },
    });
    return ModelProto.encode(model).finish();
  }

  private addInitializer(name: string, dataType: number, dims: number[], raw: Buffer): string {
    this.claim(name);
    this.initializers.push({ name, dataType, dims, raw });
    return name;
  }

  private claim(name: string): void {
    if (this.usedNames.has(name)) throw new Error(`ONNX graph "${this.graphName}": value name "${name}" is defined twice`);
    this.usedNames.add(name);
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function toLittleEndianFloats(data: Float32Array): Buffer {
  const raw = Buffer.alloc(data.length * 4);
  data.forEach((v, i) => raw.writeFloatLE(v, i * 4));
  return raw;
}

function assertSize(name: string, shape: number[], length: number): void {
  const expected = shape.reduce((a, b) => a * b, 1);
  if (expected !== length) {
    throw new Error(`Tensor "${name}": shape [${shape.join(', ')}] needs ${expected} values, got ${length}`);
  }
}

function valueInfo(v: ValueInfo) {
  return {
    name: v.name,
    type: {
      tensor_type: {
        elem_type: TensorDataType[v.elemType],
        shape: { dim: v.dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

function encodeAttribute(name: string, value: AttributeValue) {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`Attribute "${name}": use { float: x } for float attributes`);
    return { name, type: AttributeType.INT, i: value };
  }
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: Buffer.from(value, 'utf8') };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  return { name, type: AttributeType.FLOATS, floats: value.floats };
}
