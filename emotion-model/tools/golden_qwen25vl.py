#!/usr/bin/env python3
"""Golden fixture for the Java model: a tiny random Qwen2.5-VL run by transformers.

Builds a Qwen2.5-VL with the shapes of the `emotion-qwen-tiny` configuration (vision tower + decoder),
runs one sequence holding an image and a video, and writes into OUT:

  config.json         the configuration in the platform's format (Qwen2.5-VL keys + hybrid_compressor)
  model.safetensors   the weights (bf16) under Emotion-Qwen names: visual.* -> vpm.*, the language model ->
                      llm.*, lm_head.* as is; Qwen's patch merger is copied into BOTH compressor experts and
                      the router (gatenet.*) is random, so whatever the router decides, the mixture equals
                      Qwen's merger and the Java model must reproduce transformers' logits exactly
  golden.json         input ids, the visual grids and the torch/transformers versions that produced it
  golden.safetensors  pixel_values, pixel_values_videos (patch rows, processor order, fp16) and logits (fp32)

Weights are drawn as bf16 values and pixels as fp16 values; transformers runs them in fp32, so the files
hold exactly what was run at half the bytes (the fixture stays under 1 MB) and the Java side widens them
without loss.

Usage (any machine with PyTorch + transformers >= 4.49; no GPU needed):
  python emotion-model/tools/golden_qwen25vl.py --out emotion-model/src/test/resources/golden/qwen25vl-tiny
Then `GoldenQwen25VlTest` compares the Java logits with these (tolerance 1e-3).
"""
import argparse
import copy
import json
import os

import torch
from safetensors.torch import save_file

TEXT = dict(
    vocab_size=128, hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
    num_key_value_heads=2, rms_norm_eps=1e-6, rope_theta=1_000_000.0, max_position_embeddings=4096,
    tie_word_embeddings=False, hidden_act="silu",
    rope_scaling={"type": "mrope", "mrope_section": [2, 3, 3]})
WEIGHT_DTYPE = torch.bfloat16   # what model.safetensors stores; real Qwen2.5-VL checkpoints are bf16 too
PIXEL_DTYPE = torch.float16     # what golden.safetensors stores the pixel rows in
VISION = dict(
    depth=2, hidden_size=32, intermediate_size=64, num_heads=2, in_chans=3, in_channels=3, patch_size=14,
    temporal_patch_size=2, spatial_merge_size=2, window_size=112, fullatt_block_indexes=[1],
    tokens_per_second=2, out_hidden_size=64, hidden_act="silu")
TOKENS = dict(image_token_id=126, video_token_id=127, vision_start_token_id=124, vision_end_token_id=125,
              eos_token_id=2, bos_token_id=1, pad_token_id=0)
GATE = dict(gate_hidden_size=32, gate_num_heads=2, layer_norm_eps=1e-5)
IMAGE_GRID = (1, 12, 12)     # 36 visual tokens; 6x6 merge units make windows of unequal size
VIDEO_GRID = (2, 4, 8)       # 16 visual tokens over two temporal patches
SECONDS_PER_GRID_T = 1.5


def build_model():
    from transformers import Qwen2_5_VLConfig, Qwen2_5_VLForConditionalGeneration

    # copies: the config rewrites rope_scaling in place ("type": "mrope" -> "default")
    config = Qwen2_5_VLConfig(vision_config=copy.deepcopy(VISION), **TOKENS, **copy.deepcopy(TEXT))
    model = Qwen2_5_VLForConditionalGeneration._from_config(
        config, attn_implementation="eager", torch_dtype=torch.float32)
    # larger random values than the 0.02 initialiser, so that a wrong mask or rotation shows in the logits
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("norm.weight") or "norm1" in name or "norm2" in name or "ln_q" in name \
                    or "layernorm" in name:
                value = 1 + 0.1 * torch.randn_like(p)
            else:
                value = 0.1 * torch.randn_like(p)
            p.copy_(value.to(WEIGHT_DTYPE))  # the model runs in fp32 on values the file holds exactly
    return model.eval()


def our_name(key):
    for prefix, ours in (("model.visual.", "vpm."), ("visual.", "vpm."),
                         ("model.language_model.", "llm."), ("model.", "llm.")):
        if key.startswith(prefix):
            return ours + key[len(prefix):]
    if key.startswith("lm_head."):
        return key
    raise ValueError("unmapped transformers tensor " + key)


def emotion_qwen_weights(model):
    out = {}
    for key, tensor in model.state_dict().items():
        name = our_name(key)
        if name.startswith("vpm.merger."):
            rest = name[len("vpm.merger."):]
            out["generalcompressor." + rest] = tensor.clone()
            out["emotioncompressor." + rest] = tensor.clone()
        else:
            out[name] = tensor.clone()
    e, g = VISION["hidden_size"], GATE["gate_hidden_size"]
    gen = torch.Generator().manual_seed(1)
    rand = lambda *shape: 0.1 * torch.randn(*shape, generator=gen)
    out.update({
        "gatenet.attn.in_proj_weight": rand(3 * e, e), "gatenet.attn.in_proj_bias": rand(3 * e),
        "gatenet.attn.out_proj.weight": rand(e, e), "gatenet.attn.out_proj.bias": rand(e),
        "gatenet.mlp.0.weight": rand(g, e), "gatenet.mlp.0.bias": rand(g),
        "gatenet.mlp.2.weight": 1 + rand(g), "gatenet.mlp.2.bias": rand(g),
        "gatenet.mlp.3.weight": rand(g, g), "gatenet.mlp.3.bias": rand(g),
        "gatenet.mlp.5.weight": 1 + rand(g), "gatenet.mlp.5.bias": rand(g),
        "gatenet.head.weight": rand(2, g), "gatenet.head.bias": rand(2),
    })
    return {k: v.to(WEIGHT_DTYPE).contiguous() for k, v in out.items()}


def platform_config():
    text = {k: v for k, v in TEXT.items() if k != "rope_scaling"}
    vision = {k: v for k, v in VISION.items() if k != "in_channels"}
    return dict(architectures=["EmotionQwenForConditionalGeneration"], model_type="qwen2_5_vl",
                torch_dtype=str(WEIGHT_DTYPE).removeprefix("torch."), **text,
                rope_scaling=dict(TEXT["rope_scaling"], rope_type="default"),
                **TOKENS, vision_config=vision, hybrid_compressor=GATE)


def sequence():
    t, h, w = IMAGE_GRID
    image_tokens = t * h * w // 4
    t, h, w = VIDEO_GRID
    video_tokens = t * h * w // 4
    ids = [5, 17, 33, 124] + [126] * image_tokens + [125, 40, 41, 124] + [127] * video_tokens + [125, 60, 61, 62, 7]
    return ids


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)

    model = build_model()
    ids = sequence()
    width = 3 * 2 * 14 * 14
    pixel_values = torch.randn(IMAGE_GRID[0] * IMAGE_GRID[1] * IMAGE_GRID[2], width).to(PIXEL_DTYPE).float()
    pixel_values_videos = torch.randn(VIDEO_GRID[0] * VIDEO_GRID[1] * VIDEO_GRID[2], width).to(PIXEL_DTYPE).float()
    with torch.no_grad():
        out = model(
            input_ids=torch.tensor([ids]),
            attention_mask=torch.ones(1, len(ids), dtype=torch.long),
            pixel_values=pixel_values,
            image_grid_thw=torch.tensor([IMAGE_GRID]),
            pixel_values_videos=pixel_values_videos,
            video_grid_thw=torch.tensor([VIDEO_GRID]),
            second_per_grid_ts=torch.tensor([SECONDS_PER_GRID_T]),
        )
    logits = out.logits[0].float().contiguous()

    import transformers
    save_file(emotion_qwen_weights(model), os.path.join(args.out, "model.safetensors"), metadata={"format": "pt"})
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(platform_config(), f, indent=2)
    with open(os.path.join(args.out, "golden.json"), "w") as f:
        json.dump(dict(input_ids=ids, visuals=[
            dict(tensor="pixel_values", grid=list(IMAGE_GRID), video=False, second_per_grid_t=0.0),
            dict(tensor="pixel_values_videos", grid=list(VIDEO_GRID), video=True,
                 second_per_grid_t=SECONDS_PER_GRID_T)],
                       produced_by=dict(transformers=transformers.__version__, torch=torch.__version__,
                                        seed=args.seed)), f, indent=2)
    save_file({"pixel_values": pixel_values.to(PIXEL_DTYPE).contiguous(),
               "pixel_values_videos": pixel_values_videos.to(PIXEL_DTYPE).contiguous(),
               "logits": logits}, os.path.join(args.out, "golden.safetensors"), metadata={"format": "pt"})
    print(f"wrote {args.out}: {len(ids)} tokens, logits {tuple(logits.shape)}, transformers {transformers.__version__}")


if __name__ == "__main__":
    main()
