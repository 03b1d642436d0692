// The run wizard's logic: templates (GET training-templates) -> a form per stage -> the CreateTrainingRun body the
// gateway takes (api/.../training/TrainingRunRequests.java): {template, fromCheckpointId, seed, stages: [StageRequest]}.

/** One stage of a template (TemplateStageView): its dataset kind, defaults, and the tenant dataset it reads by name. */
export interface TemplateStage {
  stage: string; datasetKind: string; trainable: string[]; lora: boolean; learningRate: number; warmupSteps: number;
  maxSteps: number; batchSize: number; gradientAccumulation: number; dataset?: string | null;
}
export interface Template { name: string; modelConfig: string; modelMaxLength?: number; stages: TemplateStage[]; evaluationDataset?: string | null }

/** What the wizard edits for one stage; numbers stay text until the request is built. */
export interface StageForm {
  stage: string; on: boolean; versionIds: string[]; lora: boolean;
  learningRate: string; maxSteps: string; batchSize: string; warmupSteps: string; gradientAccumulation: string;
}
export interface RunForm { template: string; seed: string; fromCheckpointId: string; stages: StageForm[] }

export interface StageRequest {
  stage: string; datasetVersionIds?: string[]; lora: boolean; learningRate: number; warmupSteps: number;
  maxSteps: number; batchSize: number; gradientAccumulation: number;
}
export interface CreateTrainingRun { template: string; fromCheckpointId?: string; seed?: number; stages: StageRequest[] }

export const NUMBER_FIELDS = ['learningRate', 'maxSteps', 'batchSize', 'warmupSteps', 'gradientAccumulation'] as const;
type NumberField = (typeof NUMBER_FIELDS)[number];
const INTEGER: Record<NumberField, boolean> = { learningRate: false, maxSteps: true, batchSize: true, warmupSteps: true, gradientAccumulation: true };

/** LoRA adapts the llm: only a stage whose recipe trains the llm may use it (the gateway refuses it elsewhere). */
export const loraAllowed = (s: TemplateStage) => s.lora || s.trainable.some((g) => g.toLowerCase() === 'llm');

/**
 * The form for a template. `preset`: READY versions picked for the stages that read their kind (a run started from a
 * dataset page); then only those stages are on. Without one, every stage of the template is on, reading its dataset.
 */
export function formFor(tpl: Template, preset?: { kind: string; versionId: string }): RunForm {
  const matching = preset ? tpl.stages.filter((s) => s.datasetKind === preset.kind) : [];
  return {
    template: tpl.name, seed: '', fromCheckpointId: '',
    stages: tpl.stages.map((s) => {
      const picked = matching.includes(s);
      return {
        stage: s.stage, on: matching.length ? picked : true, versionIds: picked ? [preset!.versionId] : [], lora: s.lora,
        learningRate: String(s.learningRate), maxSteps: String(s.maxSteps), batchSize: String(s.batchSize),
        warmupSteps: String(s.warmupSteps), gradientAccumulation: String(s.gradientAccumulation),
      };
    }),
  };
}

/**
 * The request body, or the messages of the fields that are not numbers (keyed like the gateway's field paths,
 * `stages[0].maxSteps`, so they show by the same field). Stages keep the template's order; `stages[i]` counts the
 * stages that are on, as the gateway does.
 */
export function buildRequest(form: RunForm): { body?: CreateTrainingRun; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const on = form.stages.filter((s) => s.on);
  if (!on.length) errors.stages = ['choose at least one stage'];
  const stages = on.map((s, i): StageRequest => {
    const num = (f: NumberField) => {
      const text = s[f].trim();
      const v = Number(text);
      if (!text || !Number.isFinite(v) || (INTEGER[f] && !Number.isInteger(v))) (errors[`stages[${i}].${f}`] ||= []).push(INTEGER[f] ? 'must be a whole number' : 'must be a number');
      return v;
    };
    return {
      stage: s.stage, ...(s.versionIds.length ? { datasetVersionIds: s.versionIds } : {}), lora: s.lora,
      learningRate: num('learningRate'), warmupSteps: num('warmupSteps'), maxSteps: num('maxSteps'), batchSize: num('batchSize'),
      gradientAccumulation: num('gradientAccumulation'),
    };
  });
  let seed: number | undefined;
  if (form.seed.trim()) {
    seed = Number(form.seed.trim());
    if (!Number.isInteger(seed)) errors.seed = ['must be a whole number'];
  }
  if (Object.keys(errors).length) return { errors };
  return { body: { template: form.template, ...(form.fromCheckpointId ? { fromCheckpointId: form.fromCheckpointId } : {}), ...(seed !== undefined ? { seed } : {}), stages }, errors };
}

/** The form's field names, as the gateway names them, for problemFields (with fieldPath as the key). */
export function fieldNames(form: RunForm): string[] {
  const n = form.stages.filter((s) => s.on).length;
  const out = ['template', 'fromCheckpointId', 'seed', 'stages'];
  for (let i = 0; i < n; i++) for (const f of ['stage', 'datasetVersionIds', 'trainable', 'lora', ...NUMBER_FIELDS]) out.push(`stages[${i}].${f}`);
  return out;
}

/** The wizard step that shows a field: 0 template and stages, 1 datasets, 2 fine-tuning, 3 hyper-parameters. */
export function stepOf(field: string): number {
  if (/datasetVersionIds$/.test(field)) return 1;
  if (/\.(lora|trainable)$/.test(field)) return 2;
  if (new RegExp(`\\.(${NUMBER_FIELDS.join('|')})$`).test(field)) return 3;
  return 0;
}

/** A stage name as the run view has it; job payloads may carry the enum constant (STAGE1_GENERAL). */
export const stageName = (s: unknown) => String(s ?? '').toLowerCase();
