# The reference on the GPU machine, trimmed from the device notes' peer_bench.py to fit a short
# lease: transformers' CLIP towers (eager, SDPA, bf16, random weights) at the batch sizes clip4j's
# bench measures, small batches included, and a bf16 GEMM. Usage there: python3 peer_small.py OUT.json
import json, sys, traceback
import torch
from cuda_timing import timeit  # beside this file in .gpu/
from transformers import CLIPVisionConfig, CLIPTextConfig, CLIPVisionModelWithProjection, CLIPTextModelWithProjection

res = {"torch": torch.__version__, "device": torch.cuda.get_device_name(0)}
dev = "cuda"


a = torch.randn(8192, 8192, device=dev, dtype=torch.bfloat16); b = torch.randn_like(a)
res["gemm_bf16_tflops"] = 2 * 8192 ** 3 / timeit(lambda: a @ b, 20) / 1e12
del a, b
VIS = {"B32": (dict(hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12, patch_size=32, projection_dim=512), (1, 8, 32, 64, 256, 1024)),
       "B16": (dict(hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12, patch_size=16, projection_dim=512), (1, 32, 256, 1024)),
       "L14": (dict(hidden_size=1024, intermediate_size=4096, num_hidden_layers=24, num_attention_heads=16, patch_size=14, projection_dim=768), (1, 32, 256, 1024))}
for name, (kw, batches) in VIS.items():
    try:
        cfg = CLIPVisionConfig(image_size=224, hidden_act="quick_gelu", **kw)
        m = CLIPVisionModelWithProjection._from_config(cfg, attn_implementation="sdpa", torch_dtype=torch.bfloat16).to(dev).eval()
        for B in batches:
            x = torch.randn(B, 3, 224, 224, device=dev, dtype=torch.bfloat16)
            with torch.inference_mode():
                t = timeit(lambda: m(pixel_values=x).image_embeds, 20 if B <= 64 else 10)
            res[f"hf_vision_{name}_bf16_b{B}"] = B / t
            print(name, B, round(B / t), flush=True)
        del m
    except Exception:
        traceback.print_exc()
try:
    cfg = CLIPTextConfig(hidden_size=512, intermediate_size=2048, num_hidden_layers=12, num_attention_heads=8, projection_dim=512, hidden_act="quick_gelu")
    m = CLIPTextModelWithProjection._from_config(cfg, attn_implementation="sdpa", torch_dtype=torch.bfloat16).to(dev).eval()
    for B in (1, 32, 256, 1024):
        ids = torch.randint(0, 49000, (B, 77), device=dev)
        with torch.inference_mode():
            t = timeit(lambda: m(input_ids=ids).text_embeds, 10)
        res[f"hf_text_B32_bf16_b{B}"] = B / t
        print("text", B, round(B / t), flush=True)
except Exception:
    traceback.print_exc()
json.dump(res, open(sys.argv[1], "w"), indent=1)
print(json.dumps(res, indent=1))
