package io.emoqwen.model.score;

/**
 * Scores of candidate labels after one prompt.
 *
 * @param logLikelihoods sum of log p(token) over each label's tokens
 * @param probabilities softmax of the log-likelihoods: the labels' probabilities among themselves
 */
public record LabelScores(double[] logLikelihoods, double[] probabilities) {

  public int best() {
    int best = 0;
    for (int i = 1; i < probabilities.length; i++) {
      if (probabilities[i] > probabilities[best]) {
        best = i;
      }
    }
    return best;
  }
}
