"""`python -m generator.tools.sample [folder]`: write the default sample country and time it."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from generator.tools.sample.country import build_sample_country


def main() -> int:
    parser = argparse.ArgumentParser(description="Tạo dữ liệu mẫu (tỉnh Bình Sơn).")
    parser.add_argument("out_dir", nargs="?", default="data", type=Path)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--districts", type=int, default=2)
    parser.add_argument("--communes-per-district", type=int, default=4)
    parser.add_argument("--direct-communes", type=int, default=1)
    args = parser.parse_args()
    start = time.perf_counter()
    folders = build_sample_country(
        args.out_dir,
        seed=args.seed,
        districts=args.districts,
        communes_per_district=args.communes_per_district,
        direct_communes=args.direct_communes,
    )
    print(f"{len(folders)} đơn vị trong {args.out_dir}, {time.perf_counter() - start:.2f} giây")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
