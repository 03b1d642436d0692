import { describe, expect, it } from 'vitest';
import { deploymentRequest, distributionBars, parseLabels, type DeploymentForm } from './pages/deployments';

const form: DeploymentForm = { name: 'e2e', checkpointId: 'c1', minReplicas: '1', maxReplicas: '1', maxNewTokens: '64', defaultPrompt: '', labels: '' };

describe('create deployment request', () => {
  it('parses labels separated by commas or spaces, dropping blanks and repeats', () => {
    expect(parseLabels(' happy,sad ,, neutral angry，happy ')).toEqual(['happy', 'sad', 'neutral', 'angry']);
    expect(parseLabels('  ')).toEqual([]);
  });
  it('sends the labels typed, and none (the gateway\'s DFEW 7) when the field is empty', () => {
    expect(deploymentRequest({ ...form, labels: 'happy,sad,neutral,angry,surprise,disgust,fear' }).body).toEqual({
      name: 'e2e', checkpointId: 'c1', minReplicas: 1, maxReplicas: 1, maxNewTokens: 64,
      labels: ['happy', 'sad', 'neutral', 'angry', 'surprise', 'disgust', 'fear'],
    });
    expect(deploymentRequest(form).body).not.toHaveProperty('labels');
  });
  it('refuses a label the gateway would refuse, by field', () => {
    const r = deploymentRequest({ ...form, labels: 'happy, très' });
    expect(r.body).toBeUndefined();
    expect(r.errors.labels).toMatch(/très/);
  });
});

describe('distribution bars', () => {
  it('sorts largest first and sums', () => {
    const { bars, total } = distributionBars({ sad: 0.25, happy: 0.75 });
    expect(bars.map((b) => b.label)).toEqual(['happy', 'sad']);
    expect(total).toBeCloseTo(1);
  });
});
