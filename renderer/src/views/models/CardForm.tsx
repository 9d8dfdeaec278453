import { ModelCardEmbedding, ModelCardInput, ModelCardOutput, OutputKind, ResizeKernel, ResizePolicy, type ModelCard } from '../../../../shared/models/modelCard.js';
import type { ModelSignature } from '../../../../shared/models/modelInspection.js';
import { CT_PRESET_NAMES, type DicomWindowRule } from '../../../../shared/dicom/window.js';
import { CardField, Choice, NumberInput, isUnsure, type FieldNotes } from './CardFields.js';

const INPUT_LAYOUTS = ModelCardInput.shape.layout.options;
const CHANNEL_ORDERS = ModelCardInput.shape.channelOrder.options;
const DATA_TYPES = ModelCardInput.shape.dataType.options;
const OUTPUT_LAYOUTS = ModelCardOutput.shape.layout.unwrap().options;
const EMBEDDING_LAYOUTS = ModelCardEmbedding.shape.layout.unwrap().options;
/** The embedding choice that leaves the field out of the card. */
const NO_EMBEDDING = '(none)';
const CHANNEL_NAMES = ['1st', '2nd', '3rd'] as const;

/** The DICOM windowing choices, as the form names them; the first leaves the rule out (the stored image). */
const STORED_IMAGE = 'stored image (no rule)';
const CENTRE_WIDTH = 'centre / width';
const RAW_VALUES = 'raw values (float)';
const DICOM_CHOICES = [STORED_IMAGE, 'file window', ...CT_PRESET_NAMES, CENTRE_WIDTH, RAW_VALUES] as const;
type DicomChoice = (typeof DICOM_CHOICES)[number];

function dicomChoiceOf(rule: DicomWindowRule | undefined): DicomChoice {
  if (!rule) return STORED_IMAGE;
  if (rule.kind === 'raw') return RAW_VALUES;
  if (rule.kind === 'window') return CENTRE_WIDTH;
  return rule.name === 'file' ? 'file window' : rule.name;
}

function dicomRuleOf(choice: DicomChoice, previous: DicomWindowRule | undefined): DicomWindowRule | undefined {
  if (choice === STORED_IMAGE) return undefined;
  if (choice === RAW_VALUES) return { kind: 'raw' };
  if (choice === CENTRE_WIDTH) return previous?.kind === 'window' ? previous : { kind: 'window', center: 40, width: 400, function: 'LINEAR' };
  return { kind: 'preset', name: choice === 'file window' ? 'file' : choice };
}

type Input = ModelCard['input'];
type Output = ModelCard['output'];

/** A new class's colour: spread around the hue circle so neighbours differ. */
function colourFor(id: number): string {
  const hue = (id * 137.5) % 360;
  const f = (n: number): string => {
    const k = (n + hue / 30) % 12;
    const v = 0.55 - 0.45 * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(v * 255).toString(16).padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/**
 * Every card field the Models view lets a user set, following the card schema: the model's name
 * and version, the input tensor and its preprocessing, the output and how to read it, and the
 * classes (one per output channel, two for a one-channel output). Tensor names are offered from
 * the graph's own inputs and outputs.
 */
export function CardForm({ card, onChange, signature, notes }: { card: ModelCard; onChange(card: ModelCard): void; signature: ModelSignature | null; notes: FieldNotes }) {
  const setInput = (patch: Partial<Input>): void => onChange({ ...card, input: { ...card.input, ...patch } });
  const setOutput = (patch: Partial<Output>): void => onChange({ ...card, output: { ...card.output, ...patch } });
  const setChannel = (key: 'mean' | 'std', c: number, v: number): void => {
    const next = [...card.input[key]] as Input['mean'];
    next[c] = v;
    setInput({ [key]: next });
  };
  const setClass = (id: number, patch: Partial<ModelCard['classes'][number]>): void => onChange({ ...card, classes: card.classes.map((c) => (c.id === id ? { ...c, ...patch } : c)) });
  const inputNames = signature?.inputs.map((t) => t.name) ?? [card.input.tensorName];
  const outputNames = signature?.outputs.map((t) => t.name) ?? [card.output.tensorName];
  // Any rank-4 output but the one read; an intermediate tensor named in a card file is kept as a choice.
  const mapNames = signature?.outputs.filter((t) => t.name !== card.output.tensorName && (t.shape === null || t.shape.length === 4)).map((t) => t.name) ?? [];
  const embeddingName = card.embedding?.tensorName ?? NO_EMBEDDING;
  const embeddingNames = [NO_EMBEDDING, ...(embeddingName === NO_EMBEDDING || mapNames.includes(embeddingName) ? [] : [embeddingName]), ...mapNames];
  const setEmbedding = (tensorName: string, layout = card.embedding?.layout ?? 'NCHW'): void => {
    const { embedding: _dropped, ...rest } = card;
    onChange(tensorName === NO_EMBEDDING ? rest : { ...rest, embedding: { tensorName, layout } });
  };
  const channels = card.input.channelOrder === 'grey' ? 1 : 3;
  const setDicomWindow = (rule: DicomWindowRule | undefined): void => {
    const { dicomWindow: _dropped, ...rest } = card.input;
    onChange({ ...card, input: rule ? { ...rest, dicomWindow: rule } : rest });
  };
  const dicomWindow = card.input.dicomWindow;

  return (
    <div className="card-form" data-testid="card-form">
      <fieldset>
        <legend>Model</legend>
        <CardField path="name" label="Model name" notes={notes}>
          {(p) => <input {...p} value={card.name} spellCheck={false} onChange={(e) => onChange({ ...card, name: e.target.value })} />}
        </CardField>
        <CardField path="version" label="Version" notes={notes}>
          {(p) => <input {...p} value={card.version} spellCheck={false} onChange={(e) => onChange({ ...card, version: e.target.value })} />}
        </CardField>
      </fieldset>

      <fieldset>
        <legend>Input</legend>
        <CardField path="input.tensorName" label="Input tensor" notes={notes}>
          {(p) => <Choice {...p} value={card.input.tensorName} options={inputNames.includes(card.input.tensorName) ? inputNames : [card.input.tensorName, ...inputNames]} onChange={(tensorName) => setInput({ tensorName })} />}
        </CardField>
        <div className="card-form-pair">
          <CardField path="input.width" label="Width" notes={notes}>
            {(p) => <NumberInput {...p} value={card.input.width} onChange={(width) => setInput({ width })} />}
          </CardField>
          <CardField path="input.height" label="Height" notes={notes}>
            {(p) => <NumberInput {...p} value={card.input.height} onChange={(height) => setInput({ height })} />}
          </CardField>
        </div>
        <div className="card-form-pair">
          <CardField path="input.layout" label="Input layout" notes={notes}>
            {(p) => <Choice {...p} value={card.input.layout} options={INPUT_LAYOUTS} onChange={(layout) => setInput({ layout })} />}
          </CardField>
          <CardField path="input.dataType" label="Data type" notes={notes}>
            {(p) => <Choice {...p} value={card.input.dataType} options={DATA_TYPES} onChange={(dataType) => setInput({ dataType })} />}
          </CardField>
        </div>
        <div className="card-form-pair">
          <CardField path="input.channelOrder" label="Channel order" notes={notes}>
            {(p) => <Choice {...p} value={card.input.channelOrder} options={CHANNEL_ORDERS} onChange={(channelOrder) => setInput({ channelOrder })} />}
          </CardField>
          <CardField path="input.resize" label="Resize" notes={notes}>
            {(p) => <Choice {...p} value={card.input.resize} options={ResizePolicy.options} onChange={(resize) => setInput({ resize })} />}
          </CardField>
          <CardField path="input.kernel" label="Resize kernel" notes={notes}>
            {(p) => <Choice {...p} value={card.input.kernel} options={ResizeKernel.options} onChange={(kernel) => setInput({ kernel })} />}
          </CardField>
        </div>
        <CardField path="input.scale" label="Scale (each 8-bit value × scale)" notes={notes}>
          {(p) => <NumberInput {...p} value={card.input.scale} onChange={(scale) => setInput({ scale })} />}
        </CardField>
        {(['mean', 'std'] as const).map((key) => (
          <CardField key={key} path={`input.${key}`} label={key === 'mean' ? 'Mean (subtracted after scaling)' : 'Std (divided by)'} notes={notes}>
            {(p) => (
              <div className="card-form-triple">
                {CHANNEL_NAMES.slice(0, channels).map((name, c) => (
                  <NumberInput
                    key={name}
                    {...p}
                    id={c === 0 ? p.id : `${p.id}-${c}`}
                    aria-label={`${key === 'mean' ? 'Mean' : 'Std'} of the ${name} channel`}
                    value={card.input[key][c]!}
                    onChange={(v) => setChannel(key, c, v)}
                  />
                ))}
              </div>
            )}
          </CardField>
        ))}
      </fieldset>

      <fieldset>
        <legend>DICOM frames</legend>
        <p className="muted card-form-note">
          How the model gets images imported from DICOM: the stored image (the file's first window), a window preset or centre/width, or the raw modality values (Hounsfield units for CT) as a float input that scale, mean and std then normalise.
        </p>
        <CardField path="input.dicomWindow" label="DICOM windowing" notes={notes}>
          {(p) => <Choice {...p} value={dicomChoiceOf(dicomWindow)} options={DICOM_CHOICES} onChange={(choice) => setDicomWindow(dicomRuleOf(choice, dicomWindow))} />}
        </CardField>
        {dicomWindow?.kind === 'window' && (
          <div className="card-form-pair">
            <CardField path="input.dicomWindow.center" label="Window centre" notes={notes}>
              {(p) => <NumberInput {...p} value={dicomWindow.center} onChange={(center) => setDicomWindow({ ...dicomWindow, center })} />}
            </CardField>
            <CardField path="input.dicomWindow.width" label="Window width" notes={notes}>
              {(p) => <NumberInput {...p} value={dicomWindow.width} onChange={(width) => setDicomWindow({ ...dicomWindow, width })} />}
            </CardField>
          </div>
        )}
      </fieldset>

      <fieldset>
        <legend>Output</legend>
        <CardField path="output.tensorName" label="Output tensor" notes={notes}>
          {(p) => <Choice {...p} value={card.output.tensorName} options={outputNames.includes(card.output.tensorName) ? outputNames : [card.output.tensorName, ...outputNames]} onChange={(tensorName) => setOutput({ tensorName })} />}
        </CardField>
        <CardField path="output.kind" label="Output kind" notes={notes}>
          {(p) => <Choice {...p} value={card.output.kind} options={OutputKind.options} onChange={(kind) => setOutput({ kind })} />}
        </CardField>
        <CardField path="output.layout" label="Output layout" notes={notes}>
          {(p) => <Choice {...p} value={card.output.layout} options={OUTPUT_LAYOUTS} onChange={(layout) => setOutput({ layout })} />}
        </CardField>
      </fieldset>

      <fieldset>
        <legend>Embedding for slices (optional)</legend>
        <p className="muted card-form-note">A rank-4 feature map of the graph, averaged per channel into each image's embedding and stored with its prediction, so slice discovery never runs the model again.</p>
        <div className="card-form-pair">
          <CardField path="embedding.tensorName" label="Feature tensor" notes={notes}>
            {(p) => <Choice {...p} value={embeddingName} options={embeddingNames} onChange={(tensorName) => setEmbedding(tensorName)} />}
          </CardField>
          {card.embedding && (
            <CardField path="embedding.layout" label="Feature layout" notes={notes}>
              {(p) => <Choice {...p} value={card.embedding!.layout} options={EMBEDDING_LAYOUTS} onChange={(layout) => setEmbedding(card.embedding!.tensorName, layout)} />}
            </CardField>
          )}
        </div>
      </fieldset>

      <fieldset className={`card-form-classes${isUnsure(notes, 'classes') ? ' unsure' : ''}${notes.problems.has('classes') ? ' refused' : ''}`} data-testid="card-classes">
        <legend>
          Classes (one per output channel)
          {isUnsure(notes, 'classes') && <span className="badge warn">guessed</span>}
        </legend>
        {card.classes.map((c) => (
          <div className="row card-form-class" key={c.id}>
            <span className="muted">{c.id}</span>
            <input aria-label={`Class ${c.id} name`} value={c.name} spellCheck={false} onChange={(e) => setClass(c.id, { name: e.target.value })} />
            <input type="color" aria-label={`Class ${c.id} colour`} value={c.color} onChange={(e) => setClass(c.id, { color: e.target.value })} />
          </div>
        ))}
        <div className="row">
          <button type="button" onClick={() => onChange({ ...card, classes: [...card.classes, { id: card.classes.length, name: `class${card.classes.length}`, color: colourFor(card.classes.length), superclass: null }] })}>
            Add a class
          </button>
          <button type="button" disabled={card.classes.length <= 2} onClick={() => onChange({ ...card, classes: card.classes.slice(0, -1) })}>
            Remove the last class
          </button>
        </div>
        {(notes.problems.get('classes') ?? []).map((p) => (
          <p className="field-problem" key={p}>
            {p}
          </p>
        ))}
      </fieldset>
    </div>
  );
}
