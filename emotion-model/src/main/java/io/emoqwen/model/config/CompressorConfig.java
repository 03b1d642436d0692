package io.emoqwen.model.config;

/**
 * The platform's keys for the Hybrid Compressor router ({@code gatenet}); the experts' shapes follow from the
 * vision and text configurations. Everything here is an inferred choice (MODEL.md [I]), hence configurable.
 *
 * @param gateHiddenSize width of the router's two Linear-ReLU-LayerNorm rounds
 * @param gateNumHeads heads of the router's self-attention over the visual tokens of one input
 * @param layerNormEps epsilon of the router's LayerNorms
 */
public record CompressorConfig(int gateHiddenSize, int gateNumHeads, double layerNormEps) {}
