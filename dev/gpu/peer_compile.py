# Issue 19's yardstick on the GPU machine: transformers' CLIP vision towers (SDPA, bf16, random
# weights) eager and under torch.compile, ViT-B/32 at batch 1024 and ViT-L/14 at batch 256, plus
# FP8 _scaled_mm against the bf16 GEMM at ViT-B/32's MLP shape. Usage: python3 peer_compile.py OUT.json
import json, sys, time, traceback
import torch
from cuda_timing import timeit  # beside this file in .gpu/
from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection

res = {"torch": torch.__version__, "device": torch.cuda.get_device_name(0)}


VIS = {"B32": (dict(hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12, patch_size=32, projection_dim=512), 1024),
       "L14": (dict(hidden_size=1024, intermediate_size=4096, num_hidden_layers=24, num_attention_heads=16, patch_size=14, projection_dim=768), 256)}
for name, (kw, batch) in VIS.items():
    try:
        cfg = CLIPVisionConfig(image_size=224, hidden_act="quick_gelu", attn_implementation="sdpa", **kw)
        m = CLIPVisionModelWithProjection(cfg).to("cuda", torch.bfloat16).eval()
        x = torch.randn(batch, 3, 224, 224, device="cuda", dtype=torch.bfloat16)
        with torch.inference_mode():
            res[f"hf_vision_{name}_bf16_b{batch}_eager"] = batch / timeit(lambda: m(pixel_values=x), 10)
            tc = time.time()
            cm = torch.compile(m)
            cm(pixel_values=x)
            res[f"compile_{name}_s"] = time.time() - tc
            res[f"hf_vision_{name}_bf16_b{batch}_compiled"] = batch / timeit(lambda: cm(pixel_values=x), 10)
        print(name, res, flush=True)
        del m, cm, x
        torch.cuda.empty_cache()
    except Exception:
        res[f"error_{name}"] = traceback.format_exc()[-600:]
try:  # FP8 tensor-wise GEMM against bf16 at ViT-B/32 batch 1024's fc1: [51200, 768] x [768, 3072]
    a = torch.randn(51200, 768, device="cuda", dtype=torch.bfloat16); w = torch.randn(3072, 768, device="cuda", dtype=torch.bfloat16)
    one = torch.ones((), device="cuda")
    a8, w8 = a.to(torch.float8_e4m3fn), w.to(torch.float8_e4m3fn)
    flops = 2 * 51200 * 768 * 3072
    res["mlp_fc1_bf16_tflops"] = flops / timeit(lambda: a @ w.t(), 50) / 1e12
    res["mlp_fc1_fp8_tflops"] = flops / timeit(lambda: torch._scaled_mm(a8, w8.t(), one, one, out_dtype=torch.bfloat16), 50) / 1e12
except Exception:
    res["error_fp8"] = traceback.format_exc()[-600:]
json.dump(res, open(sys.argv[1], "w"), indent=1)
print(json.dumps(res), flush=True)
