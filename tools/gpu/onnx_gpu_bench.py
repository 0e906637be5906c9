#!/usr/bin/env python3
"""Throughput of FaceGate's exported ONNX models on a GPU machine, with whatever ONNX Runtime it has.

The GPU machine lent to some sessions has no Java and no package registry, so the Java path cannot run there;
this script measures the converted models themselves. Copy target/models/*.onnx next to it (or pass --models)
and run:  python3 tools/gpu/onnx_gpu_bench.py --models target/models --out results/gpu.json

It first prints the execution providers the installed onnxruntime offers; without CUDAExecutionProvider it
says so and exits 3 (nothing runs ONNX on the GPU there).
"""
import argparse
import json
import sys
import time

MODELS = {
    "tiny_face_detector.onnx": ("image", 416),
    "face_landmark_68.onnx": ("face", 112),
    "face_recognition.onnx": ("chip", 150),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", default="target/models")
    ap.add_argument("--out", default="gpu-bench.json")
    ap.add_argument("--batches", default="1,2,4,8,16,32,64,128,256")
    ap.add_argument("--seconds", type=float, default=2.0)
    args = ap.parse_args()
    try:
        import numpy as np
        import onnxruntime as ort
    except ImportError as e:
        print(f"no usable ONNX Runtime for Python here: {e}")
        return 3
    providers = ort.get_available_providers()
    print(f"onnxruntime {ort.__version__}, providers: {providers}")
    if "CUDAExecutionProvider" not in providers:
        print("CUDAExecutionProvider is not available: nothing runs ONNX on the GPU here")
        return 3
    results = {"onnxruntime": ort.__version__, "providers": providers, "models": {}}
    print(f"{'model':28} {'batch':>6} {'items/s':>10} {'ms/batch':>10}")
    for name, (input_name, size) in MODELS.items():
        sess = ort.InferenceSession(f"{args.models}/{name}", providers=["CUDAExecutionProvider"])
        used = sess.get_providers()[0]
        per_batch = {}
        for b in [int(x) for x in args.batches.split(",")]:
            x = np.random.default_rng(1).standard_normal((b, 3, size, size), dtype=np.float32)
            sess.run(None, {input_name: x})  # warm-up, CUDA graph / kernel selection
            runs, start = 0, time.perf_counter()
            while time.perf_counter() - start < args.seconds:
                sess.run(None, {input_name: x})
                runs += 1
            elapsed = time.perf_counter() - start
            per_batch[b] = {"itemsPerSec": runs * b / elapsed, "msPerBatch": 1000 * elapsed / runs}
            print(f"{name:28} {b:>6} {runs * b / elapsed:>10.1f} {1000 * elapsed / runs:>10.2f}")
        results["models"][name] = {"provider": used, "batches": per_batch}
    with open(args.out, "w") as f:
        json.dump(results, f, indent=2)
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
