package io.emoqwen.model.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.nn.DecoderInput;
import io.emoqwen.model.nn.EmotionQwen;
import io.emoqwen.model.nn.KvCache;
import java.util.ArrayList;
import java.util.List;

/**
 * Probability of each candidate label (a token sequence) after a prompt: the prompt, video included, runs
 * once; then all labels run as one ragged batch reading the prompt's cache, and each label's
 * log-likelihood is the sum of its tokens' log-probabilities.
 */
public final class LabelScorer {

  private final EmotionQwen model;

  public LabelScorer(EmotionQwen model) {
    this.model = model;
  }

  public LabelScores score(ModelInput prompt, List<int[]> labels) {
    if (labels.isEmpty() || labels.stream().anyMatch(l -> l.length == 0)) {
      throw new IllegalArgumentException("labels must be non-empty token sequences");
    }
    int vocab = model.config().text().vocabSize();
    double[] logLikelihoods = new double[labels.size()];
    try (NDScope scope = new NDScope();
        KvCache cache = new KvCache(model.config().text().numLayers())) {
      NDArray promptHidden = model.forward(model.prepare(List.of(prompt), List.of(cache)).inputs(), false);
      int last = prompt.inputIds().length - 1;
      float[] first = logProbs(promptHidden.get(0).get(last + ":" + (last + 1)));
      List<DecoderInput> batch = new ArrayList<>();
      for (int[] label : labels) {
        batch.add(model.continuation(label, cache).readOnly());
      }
      NDArray hidden = model.forward(batch, false);
      long longest = hidden.getShape().get(1);
      float[] rest = logProbs(hidden);
      for (int i = 0; i < labels.size(); i++) {
        int[] label = labels.get(i);
        double sum = first[label[0]];
        for (int j = 1; j < label.length; j++) {
          sum += rest[(int) ((i * longest + j - 1) * vocab + label[j])];
        }
        logLikelihoods[i] = sum;
      }
    }
    return new LabelScores(logLikelihoods, softmax(logLikelihoods));
  }

  private float[] logProbs(NDArray hidden) {
    return model.logits(hidden).toType(DataType.FLOAT32, false).logSoftmax(-1).toFloatArray();
  }

  private static double[] softmax(double[] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      max = Math.max(max, v);
    }
    double[] out = new double[x.length];
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      out[i] = Math.exp(x[i] - max);
      total += out[i];
    }
    for (int i = 0; i < x.length; i++) {
      out[i] /= total;
    }
    return out;
  }
}
