// Create-deployment form logic (DeploymentsController.CreateDeploymentRequest), kept apart from the page for tests.

/** The gateway's label pattern (CreateDeploymentRequest.labels: at most 20, each ^[A-Za-z0-9._=-]{1,63}$). */
export const LABEL = /^[A-Za-z0-9._=-]{1,63}$/;
/** The analyze endpoint's labels when a deployment names none (AnalyzeController.DEFAULT_LABELS: DFEW's 7). */
export const DFEW_LABELS = ['happy', 'sad', 'neutral', 'angry', 'surprise', 'disgust', 'fear'];

/** Comma- or whitespace-separated labels, trimmed, blanks and repeats dropped, in the order typed. */
export const parseLabels = (s: string): string[] => [...new Set(s.split(/[\s,，]+/).map((l) => l.trim()).filter(Boolean))];

export type DeploymentForm = { name: string; checkpointId: string; minReplicas: string; maxReplicas: string; maxNewTokens: string; defaultPrompt: string; labels: string };

/** The request body, or the problems by field (the gateway's names) when a field is not acceptable as typed. */
export function deploymentRequest(f: DeploymentForm): { body?: Record<string, unknown>; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const labels = parseLabels(f.labels);
  const bad = labels.filter((l) => !LABEL.test(l));
  if (bad.length) errors.labels = `not a label (letters, digits, . _ = -; at most 63): ${bad.join(', ')}`;
  else if (labels.length > 20) errors.labels = 'at most 20 labels';
  if (Object.keys(errors).length) return { errors };
  const body: Record<string, unknown> = {
    name: f.name.trim(), checkpointId: f.checkpointId, minReplicas: +f.minReplicas, maxReplicas: +f.maxReplicas, maxNewTokens: +f.maxNewTokens,
  };
  if (f.defaultPrompt.trim()) body.defaultPrompt = f.defaultPrompt;
  if (labels.length) body.labels = labels;
  return { body, errors };
}

/** The analyze answer's distribution as bars, largest first, and its total (the model's softmax: ~1). */
export function distributionBars(d: Record<string, unknown> | undefined): { bars: { label: string; value: number }[]; total: number } {
  const bars = Object.entries(d || {}).map(([label, v]) => ({ label, value: Number(v) })).sort((a, b) => b.value - a.value);
  return { bars, total: bars.reduce((s, b) => s + b.value, 0) };
}
