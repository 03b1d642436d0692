import { describe, expect, it } from 'vitest';
import { fieldPath, problemFields, ApiError } from './api';
import { buildRequest, fieldNames, formFor, loraAllowed, stepOf, type Template } from './pages/runs';

// GET training-templates' demo-four-stage (TrainingRunViews.TemplateView), trimmed to two stages.
const tpl: Template = {
  name: 'demo-four-stage', modelConfig: 'emotion-qwen-small', modelMaxLength: 2048, evaluationDataset: 'demo-eval-clips',
  stages: [
    { stage: 'stage2_emotion', datasetKind: 'emotion_images', trainable: ['emotioncompressor', 'gatenet'], lora: false, learningRate: 0.002, warmupSteps: 5, maxSteps: 60, batchSize: 4, gradientAccumulation: 1, dataset: 'demo-emotion-images' },
    { stage: 'ver_finetune', datasetKind: 'ver_clips', trainable: ['emotioncompressor', 'gatenet'], lora: true, learningRate: 0.001, warmupSteps: 5, maxSteps: 80, batchSize: 4, gradientAccumulation: 1, dataset: 'demo-ver-clips' },
  ],
};

describe('run wizard request (CreateTrainingRun)', () => {
  it('sends every stage of the template with its defaults and no versions (the template dataset) by default', () => {
    const { body, errors } = buildRequest(formFor(tpl));
    expect(errors).toEqual({});
    expect(body).toEqual({
      template: 'demo-four-stage',
      stages: [
        { stage: 'stage2_emotion', lora: false, learningRate: 0.002, warmupSteps: 5, maxSteps: 60, batchSize: 4, gradientAccumulation: 1 },
        { stage: 'ver_finetune', lora: true, learningRate: 0.001, warmupSteps: 5, maxSteps: 80, batchSize: 4, gradientAccumulation: 1 },
      ],
    });
  });
  it('a preset dataset turns on only the stages of its kind, with its version', () => {
    const form = formFor(tpl, { kind: 'emotion_images', versionId: 'v-1' });
    form.stages[0].maxSteps = '20';
    form.seed = '7';
    const { body } = buildRequest(form);
    expect(body).toEqual({ template: 'demo-four-stage', seed: 7, stages: [{ stage: 'stage2_emotion', datasetVersionIds: ['v-1'], lora: false, learningRate: 0.002, warmupSteps: 5, maxSteps: 20, batchSize: 4, gradientAccumulation: 1 }] });
  });
  it('refuses numbers that are not, by the field path the gateway uses (stages counted among those sent)', () => {
    const form = formFor(tpl);
    form.stages[0].on = false;
    form.stages[1].maxSteps = '2.5';
    form.stages[1].learningRate = 'fast';
    const { body, errors } = buildRequest(form);
    expect(body).toBeUndefined();
    expect(Object.keys(errors).sort()).toEqual(['stages[0].learningRate', 'stages[0].maxSteps']);
    form.stages[1].on = false;
    expect(buildRequest(form).errors.stages).toBeTruthy();
  });
  it('maps the gateway refusals to the stage field they name, and the step that shows it', () => {
    const form = formFor(tpl);
    const fields = fieldNames(form);
    const bean = new ApiError(400, { detail: 'request body is invalid', errors: [{ field: 'stages[1].learningRate', message: 'must be less than or equal to 1' }] });
    expect(problemFields(bean, fields, {}, fieldPath).byField).toEqual({ 'stages[1].learningRate': ['must be less than or equal to 1'] });
    const planner = new ApiError(400, { detail: "stages[0].datasetVersionIds[0]: dataset version x is INGESTING, not READY" });
    expect(problemFields(planner, fields, {}, fieldPath).byField).toEqual({ 'stages[0].datasetVersionIds': ['dataset version x is INGESTING, not READY'] });
    expect(stepOf('stages[0].datasetVersionIds')).toBe(1);
    expect(stepOf('stages[0].lora')).toBe(2);
    expect(stepOf('stages[1].learningRate')).toBe(3);
    expect(stepOf('template')).toBe(0);
  });
  it('offers LoRA only where the recipe trains the llm', () => {
    expect(loraAllowed(tpl.stages[0])).toBe(false);
    expect(loraAllowed(tpl.stages[1])).toBe(true);
    expect(loraAllowed({ ...tpl.stages[0], stage: 'stage3_joint', trainable: ['generalcompressor', 'llm'] })).toBe(true);
  });
});
