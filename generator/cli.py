"""Command line: `congkhai build | validate | list | sample`. Messages for staff are Vietnamese."""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import json
import os
import re
import sys
import traceback
from pathlib import Path

from generator import __version__

EXIT_OK, EXIT_DATA_ERRORS, EXIT_INTERNAL, EXIT_USAGE = 0, 1, 2, 64
MAX_JOBS = 256


def _count_between(low: int, high):
    """An argparse type: a whole number from low to high (a number, or a function giving it)."""
    from generator.model.formatting import number

    def count(text: str) -> int:
        top = high() if callable(high) else high
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= top:
            raise argparse.ArgumentTypeError(
                f"cần một số nguyên từ {number(low)} đến {number(top)}"
            )
        return value

    return count


def _max_provinces() -> int:
    from generator.tools.sample.units import MAX_PROVINCES

    return MAX_PROVINCES


def _site_url(text: str) -> str:
    """Where the tree is served: an http(s) address, ending with "/" (added when missing)."""
    from urllib.parse import urlsplit

    parts = urlsplit(text.strip())
    if (
        parts.scheme not in ("http", "https")
        or not _HOST.fullmatch(parts.netloc)
        or not _URL_PATH.fullmatch(parts.path)
        or parts.query
        or parts.fragment
    ):
        raise argparse.ArgumentTypeError(
            "cần một địa chỉ web bắt đầu bằng https://, chỉ gồm chữ không dấu, số và các dấu "
            ". - _ ~ % /, ví dụ https://xa.gov.vn/cong-khai/"
        )
    return text.strip().rstrip("/") + "/"


# An address's host (and port) and path as written into pages, sitemaps and nginx's
# configuration: plain URL characters only, nothing that could end a quoted value there.
_HOST = re.compile(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?")
_URL_PATH = re.compile(r"[A-Za-z0-9._~%/-]*")
_SERVER_NAMES = re.compile(r"(\*\.)?[A-Za-z0-9._-]+(\.\*)?( (\*\.)?[A-Za-z0-9._-]+(\.\*)?)*")
_LISTEN = re.compile(r"([0-9.]+:|\[[0-9A-Fa-f:]+\]:)?[0-9]{1,5}")


def _server_names(text: str) -> str:
    """nginx's server_name: host names separated by spaces, `*.` before or `.*` after one."""
    if not _SERVER_NAMES.fullmatch(text.strip()):
        raise argparse.ArgumentTypeError(
            "cần tên miền (chữ không dấu, số, dấu chấm, gạch nối), cách nhau bằng dấu cách, "
            "ví dụ congkhai.binhson.gov.vn"
        )
    return text.strip()


def _listen(text: str) -> str:
    """nginx's listen: a port, or an address and a port."""
    if not _LISTEN.fullmatch(text.strip()):
        raise argparse.ArgumentTypeError(
            "cần một cổng, ví dụ 80, hoặc địa chỉ và cổng, ví dụ 127.0.0.1:8080"
        )
    return text.strip()


def _prefix(text: str) -> str:
    """The tree's sub-path on the host."""
    if not _URL_PATH.fullmatch(text.strip()) or "%" in text:
        raise argparse.ArgumentTypeError(
            "cần một đường dẫn gồm chữ không dấu, số, dấu gạch nối và «/», ví dụ /cong-khai/"
        )
    return text.strip()


def _as_of(text: str):
    """A dd/mm/yyyy date."""
    import datetime as dt

    try:
        return dt.datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        raise argparse.ArgumentTypeError("cần một ngày dạng dd/mm/yyyy, ví dụ 15/01/2026") from None


def _default_as_of():
    """Today in Viet Nam, or the day of SOURCE_DATE_EPOCH when it is set (reproducible builds)."""
    import datetime as dt

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    vietnam = dt.timezone(dt.timedelta(hours=7))
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), vietnam).date()
    return dt.datetime.now(vietnam).date()


SITE_URL_HELP = (
    "địa chỉ web nơi đăng cả cây trang, ví dụ https://ten.github.io/kho/ (để trang 404 và liên kết "
    "chuẩn đúng khi trang không nằm ở gốc tên miền); các phần --shard và lệnh merge phải dùng "
    "cùng địa chỉ"
)


# argparse's own messages, in the order tried (each its English text as a pattern).
_ARGPARSE_MESSAGES = [
    (r"the following arguments are required: (.*)", r"thiếu tham số bắt buộc: \1"),
    (r"unrecognized arguments: (.*)", r"tham số không hiểu được: \1"),
    (
        r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)",
        r"tham số \1: không có lựa chọn \2 (chọn một trong: \3)",
    ),
    (r"argument (\S+): expected one argument", r"tham số \1: cần một giá trị"),
    (r"argument (\S+): expected at least one argument", r"tham số \1: cần ít nhất một giá trị"),
    (r"argument (\S+): not allowed with argument (.*)", r"tham số \1: không dùng cùng với \2"),
    (r"argument (\S+): invalid \w+ value: (.*)", r"tham số \1: giá trị không hợp lệ: \2"),
    (
        r"ambiguous option: (\S+) could match (.*)",
        r"tùy chọn \1 chưa rõ, có thể là: \2; hãy viết đủ tên",
    ),
    (r"argument (\S+): (.*)", r"tham số \1: \2"),
]


class _VietnameseHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(
            usage, actions, groups, "Cách dùng: " if prefix is None else prefix
        )


class _Parser(argparse.ArgumentParser):
    """argparse in Vietnamese, exiting with EXIT_USAGE (its own 2 is this CLI's internal error)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{**kwargs, "add_help": False, "formatter_class": _VietnameseHelp})
        self._positionals.title, self._optionals.title = "tham số", "tùy chọn"
        self.add_argument("-h", "--help", action="help", help="xem hướng dẫn này rồi thoát")

    def error(self, message):
        import re

        for english, vietnamese in _ARGPARSE_MESSAGES:
            if re.fullmatch(english, message, re.S):
                message = re.sub(english, vietnamese, message, flags=re.S)
                break
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: lỗi: {message}\n")


def _add_build_options(command) -> None:
    """The folders, workers and address that `build` and `merge` both take."""
    command.add_argument(
        "--data", type=Path, default=Path("data"), help="thư mục dữ liệu (mặc định: data)"
    )
    command.add_argument(
        "--output", type=Path, default=Path("site"), help="thư mục kết quả (mặc định: site)"
    )
    command.add_argument(
        "--work", type=Path, default=Path("build"), help="thư mục trung gian (mặc định: build)"
    )
    command.add_argument(
        "-j",
        "--jobs",
        type=_count_between(1, MAX_JOBS),
        default=os.cpu_count() or 1,
        help="số tiến trình song song (mặc định: số nhân của máy)",
    )
    command.add_argument("--site-url", type=_site_url, help=SITE_URL_HELP)
    command.add_argument(
        "--as-of",
        type=_as_of,
        help="ngày tính tình trạng niêm yết, dạng dd/mm/yyyy (mặc định: hôm nay, hoặc ngày của "
        "SOURCE_DATE_EPOCH nếu có)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="congkhai", description="Tạo trang công khai thông tin cấp cơ sở.")
    parser.add_argument(
        "--version",
        action="version",
        version=f"congkhai {__version__}",
        help="xem phiên bản rồi thoát",
    )
    commands = parser.add_subparsers(dest="command", required=True, title="lệnh", metavar="LỆNH")

    build = commands.add_parser("build", help="kiểm tra dữ liệu và xây dựng trang cho các đơn vị")
    _add_build_options(build)
    only = build.add_mutually_exclusive_group()
    only.add_argument("--unit", help="chỉ xây dựng một đơn vị (theo mã)")
    only.add_argument("--subtree", help="xây dựng một đơn vị (theo mã) và mọi đơn vị trực thuộc")
    only.add_argument(
        "--shard",
        metavar="K/N",
        help="chỉ xây dựng phần thứ K trong N phần các xã, phường "
        "(để chia cho nhiều máy); kết quả nằm trong --work, ghép lại bằng lệnh merge",
    )

    merge = commands.add_parser(
        "merge", help="ghép kết quả các phần (build --shard) và xây dựng các trang cấp trên"
    )
    merge.add_argument(
        "shards", type=Path, nargs="+", metavar="PHẦN", help="thư mục --work của từng phần"
    )
    _add_build_options(merge)

    validate = commands.add_parser("validate", help="chỉ kiểm tra dữ liệu, không xây dựng trang")
    validate.add_argument("--data", type=Path, default=Path("data"))
    validate.add_argument("--format", choices=("text", "json", "github"), default="text")

    listing = commands.add_parser("list", help="liệt kê các đơn vị")
    listing.add_argument("--data", type=Path, default=Path("data"))

    template = commands.add_parser("template", help="tạo mẫu Excel để nhập một loại dữ liệu")
    template.add_argument(
        "kind", help="loại dữ liệu: " + ", ".join(f"{k.folder} ({k.title})" for k in _kinds())
    )
    template.add_argument("--unit", help="mã đơn vị, để danh sách thôn có trong mẫu")
    template.add_argument("--data", type=Path, default=Path("data"))
    template.add_argument("--out", type=Path, default=Path("mau-nhap-lieu"), help="thư mục ghi mẫu")

    new = commands.add_parser("new", help="tạo thư mục cho một đơn vị mới")
    new.add_argument(
        "--parent",
        type=Path,
        required=True,
        help="thư mục của đơn vị cấp trên, ví dụ data/tinh-binh-son",
    )
    new.add_argument("--code", required=True, help="mã đơn vị")
    new.add_argument("--type", required=True, help="loại đơn vị, ví dụ: xã, phường")
    new.add_argument("--name", required=True, help="tên đơn vị, không kèm loại, ví dụ: An Phú")

    synth = commands.add_parser("synth", help="tạo một nước giả lập cỡ lớn để đo tốc độ")
    synth.add_argument("--communes", type=_count_between(1, 80_000), required=True, help="số xã")
    synth.add_argument("--out", type=Path, required=True)
    synth.add_argument("--seed", type=int, default=2025)
    synth.add_argument(
        "--provinces",
        type=_count_between(1, _max_provinces),
        help="số tỉnh (mặc định: cứ khoảng 98 xã một tỉnh, như 3.321 xã trong 34 tỉnh)",
    )

    nginx = commands.add_parser(
        "nginx",
        help="nén sẵn các tệp của cây trang đã xây dựng và viết cấu hình nginx phục vụ nó",
    )
    nginx.add_argument("--site", type=Path, default=Path("site"), help="thư mục cây trang")
    nginx.add_argument(
        "--prefix",
        type=_prefix,
        default="/",
        help="đường dẫn của cây trang trên máy chủ, ví dụ /cong-khai/",
    )
    nginx.add_argument(
        "--listen", type=_listen, default="80", help="cổng nghe, ví dụ 80 hoặc 127.0.0.1:8080"
    )
    nginx.add_argument(
        "--server-name",
        type=_server_names,
        required=True,
        help="tên miền của trang, ví dụ congkhai.binhson.gov.vn (nginx chọn cấu hình theo tên này)",
    )
    nginx.add_argument(
        "--out", type=Path, default=Path("congkhai-nginx.conf"), help="tệp cấu hình ghi ra"
    )

    upload = commands.add_parser(
        "rsync",
        help="đăng cây trang lên thư mục của máy chủ bằng rsync, chuyển sang bản mới một lần",
    )
    upload.add_argument("target", help="thư mục đích: /srv/congkhai hoặc may-chu:/srv/congkhai")
    upload.add_argument("--site", type=Path, default=Path("site"), help="thư mục cây trang")
    upload.add_argument(
        "--rollback", action="store_true", help="quay lại bản đăng trước, không tải lên gì"
    )

    store = commands.add_parser(
        "s3", help="đăng cây trang lên kho lưu trữ đối tượng S3, chỉ tải lên các tệp đã đổi"
    )
    store.add_argument("--bucket", required=True, help="tên bucket")
    store.add_argument("--prefix", default="", help="thư mục trong bucket, ví dụ cong-khai/")
    store.add_argument("--endpoint", help="địa chỉ dịch vụ S3 của nhà cung cấp, ví dụ https://…")
    store.add_argument("--region", default="us-east-1")
    store.add_argument("--site", type=Path, default=Path("site"), help="thư mục cây trang")
    store.add_argument(
        "--full", action="store_true", help="tải lên mọi tệp, không dựa vào bản đã đăng"
    )

    offline = commands.add_parser(
        "zip", help="tạo bản lưu trên máy (tệp zip) các trang của một đơn vị, mở không cần mạng"
    )
    offline.add_argument("--unit", required=True, help="mã đơn vị")
    offline.add_argument("--site", type=Path, default=Path("site"), help="thư mục cây trang")
    offline.add_argument("--out", type=Path, help="tệp zip ghi ra (mặc định: <đường dẫn>.zip)")

    own = commands.add_parser(
        "split", help="tách các trang của một đơn vị (thường là tỉnh) thành một trang web riêng"
    )
    own.add_argument("--unit", required=True, help="mã đơn vị")
    own.add_argument("--site", type=Path, default=Path("site"), help="thư mục cây trang")
    own.add_argument("--out", type=Path, required=True, help="thư mục ghi trang web riêng")

    preview = commands.add_parser(
        "serve", help="xem trước trang của một đơn vị, tự xây dựng lại khi dữ liệu thay đổi"
    )
    preview.add_argument("--unit", required=True, help="mã đơn vị")
    preview.add_argument("--data", type=Path, default=Path("data"))
    preview.add_argument("--output", type=Path, default=Path("site"))
    preview.add_argument("--work", type=Path, default=Path("build"))
    preview.add_argument("--port", type=int, default=8000)
    preview.add_argument("--as-of", type=_as_of, help="ngày tính tình trạng niêm yết, dd/mm/yyyy")

    owners = commands.add_parser(
        "codeowners", help="viết tệp CODEOWNERS từ mục owners trong unit.yaml của các đơn vị"
    )
    owners.add_argument("--data", type=Path, default=Path("data"))
    owners.add_argument(
        "--default", nargs="*", default=[], help="người sở hữu mọi tệp khác, ví dụ @to-chuc/nhom"
    )
    owners.add_argument("--out", type=Path, default=Path(".github/CODEOWNERS"))
    owners.add_argument(
        "--check", action="store_true", help="chỉ kiểm tra tệp đã có khớp với các unit.yaml"
    )

    sample = commands.add_parser("sample", help="tạo lại bộ dữ liệu mẫu")
    sample.add_argument("--out", type=Path, default=Path("data"))
    sample.add_argument("--seed", type=int, default=2025)
    return parser


def _print_problems(problems, out=None) -> None:
    for problem in problems:
        print(f"  {problem}", file=out or sys.stdout)  # the stream of the moment, not of import


def _folders_problem(args) -> str | None:
    """Why the folders named cannot be used, before anything is built: a missing data folder
    would otherwise build a tree without its units and publish that."""
    from generator.input.units import holds_a_unit
    from generator.model.units import UNIT_FILE

    data = args.data
    if not data.is_dir():
        return (
            f"Không có thư mục dữ liệu «{data}»"
            if not data.exists()
            else f"«{data}» là một tệp, không phải thư mục"
        ) + "; --data cần thư mục chứa các đơn vị (mặc định: data)."
    if not holds_a_unit(data):
        return (
            f"Không tìm thấy đơn vị nào trong «{data}» (không có tệp {UNIT_FILE} nào, trừ trong "
            "các thư mục riêng, tên bắt đầu bằng «_» hay «.»); hãy kiểm tra --data."
        )
    for option in ("output", "work"):
        folder = getattr(args, option, None)
        if folder is not None and folder.exists() and not folder.is_dir():
            return f"«{folder}» là một tệp, không phải thư mục; --{option} cần một thư mục."
    output = getattr(args, "output", None)
    if output is not None and output.is_symlink():
        # the new tree replaces the folder whole, in one rename: the link itself would be replaced
        return (
            f"«{output}» là liên kết tượng trưng (symlink) đến «{output.resolve()}»: bản mới "
            "thay cả thư mục một lần nên không ghi qua liên kết được; hãy ghi thẳng thư mục thật "
            "ở --output, hoặc cho máy chủ web trỏ vào thư mục --output."
        )
    return None


def cmd_build(args) -> int:
    from generator.model.problems import Problem
    from generator.pipeline.build import BuildOptions
    from generator.pipeline.progress import Progress
    from generator.pipeline.shards import parse_shard
    from generator.publish.run import run

    chosen = getattr(args, "unit", None) or getattr(args, "subtree", None)
    try:
        shard = parse_shard(args.shard) if getattr(args, "shard", None) is not None else None
    except ValueError as error:
        print(f"--shard {error}", file=sys.stderr)
        return EXIT_USAGE
    options = BuildOptions(
        data_root=args.data,
        output=args.output,
        work=args.work,
        jobs=args.jobs,
        site_url=args.site_url or "",
        as_of=args.as_of or _default_as_of(),
        only=chosen,
        with_subtree=bool(getattr(args, "subtree", None)),
        shard=shard,
    )
    if chosen:
        from generator.model.problems import Problems
        from generator.pipeline.tree import read_tree

        found = Problems()
        if chosen not in read_tree(args.data, found).units:
            return _unknown_unit(chosen, args.data, found)
    with Progress("Xây dựng trang") as progress:
        result = run(options, progress=progress.step, on_total=progress.set_total)
    units = result.tree.units
    # errors no unit's build holds: a unit.yaml that does not read, a folder refused
    held = {p for problems in result.failed.values() for p in problems if isinstance(p, Problem)}
    unplaced = [p for p in result.problems.errors if p not in held]
    if result.problems.warnings:
        print("Cảnh báo (không chặn việc xây dựng):")
        _print_problems(result.problems.warnings)
    if shard:
        print(
            f"Phần {shard[0]}/{shard[1]}: {len(result.built)} đơn vị xây dựng mới, "
            f"{len(result.unchanged)} đơn vị không đổi, {len(result.failed)} đơn vị lỗi. "
            f"Kết quả trong {args.work}/ (ghép bằng: congkhai merge <các thư mục>)."
        )
    else:
        reused = len([c for c in result.unchanged if c in units])
        files = len({p.file for p in unplaced})
        print(
            f"Tổng kết: {len(result.built)} đơn vị xây dựng mới, {reused} "
            f"đơn vị không đổi nên dùng lại, {len(result.kept)} đơn vị giữ nguyên bản "
            f"đã đăng trước đó, {len(result.failed)} đơn vị lỗi"
            + (f", {files} tệp có lỗi khác (xem mục «Lỗi khác» dưới đây)" if files else "")
            + f". Kết quả trong {args.output}/."
        )
    if result.failed:
        print(f"Không xây dựng được {len(result.failed)} đơn vị:")
        for code, problems in result.failed.items():
            title = units[code].title if code in units else code
            kept = " (giữ nguyên trang đã đăng trước đó)" if code in result.kept else ""
            print(f"- {title} ({code}){kept}:")
            for problem in problems:
                print(f"  {problem}")
    if result.removed:
        print(
            f"Đã gỡ trang của {len(result.removed)} đơn vị không còn trong {args.data}/ "
            "(nếu thư mục của đơn vị bị xóa hay chuyển ra ngoài do nhầm lẫn, hãy đặt lại rồi "
            "xây dựng lại để đăng lại):"
        )
        for code, name, path in result.removed:
            print(f"- {name} (mã {code}), trước ở {path}")
    if unplaced:
        print("Lỗi khác:")
        _print_problems(unplaced)
    return EXIT_OK if result.ok else EXIT_DATA_ERRORS


def cmd_merge(args) -> int:
    from generator.pipeline.build import import_shards
    from generator.pipeline.lock import exclusive
    from generator.pipeline.shards import shard_units
    from generator.pipeline.work import WorkFolder

    missing = [str(s) for s in args.shards if shard_units(WorkFolder(s).shard_record) is None]
    if missing:
        print(
            "Không thấy kết quả của phần nào trong: "
            + ", ".join(missing)
            + " (cần thư mục --work của lệnh build --shard, có tệp "
            + f"{WorkFolder(Path()).shard_record.name}).",
            file=sys.stderr,
        )
        return EXIT_USAGE
    with exclusive(args.work):
        imported = import_shards(args.work, args.shards)
        print(f"Đã nhận {len(imported)} đơn vị từ {len(args.shards)} phần.")
        return cmd_build(args)


def cmd_validate(args) -> int:
    from generator.pipeline.validate import validate_tree

    problems = validate_tree(args.data)
    if args.format == "json":
        print(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    elif args.format == "github":
        for p in problems:
            print(_github_annotation(p, args.data))
    else:
        if problems:
            _print_problems(problems)
        print(f"Kiểm tra xong: {len(problems.errors)} lỗi, {len(problems.warnings)} cảnh báo.")
    return EXIT_DATA_ERRORS if problems.errors else EXIT_OK


def cmd_list(args) -> int:
    from generator.model.problems import Problems
    from generator.pipeline.tree import read_tree

    problems = Problems()
    tree = read_tree(args.data, problems)
    for unit in tree:
        last = unit.former and unit.former.date - dt.timedelta(days=1)
        ended = f", đơn vị cũ, hoạt động đến hết {last:%d/%m/%Y}" if last else ""
        print(f"{'  ' * (unit.depth - 1)}{unit.code}  {unit.title}  ({unit.url_path}{ended})")
        for address in unit.former_addresses:
            print(f"{'  ' * unit.depth}địa chỉ cũ: {'/'.join(address.path)}/")
    _print_problems(problems)
    return EXIT_DATA_ERRORS if problems.errors else EXIT_OK


def cmd_nginx(args) -> int:
    from generator.publish.nginx import ServerOptions, precompress, server_block

    if not (args.site / "index.html").is_file():
        print(
            f"Không thấy cây trang đã xây dựng trong {args.site}/: chạy «congkhai build» trước.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    written = precompress(args.site)
    options = ServerOptions(args.site, args.prefix, args.listen, args.server_name)
    args.out.write_text(server_block(options), encoding="utf-8")
    print(
        f"Đã nén sẵn {written} tệp (.gz) và viết cấu hình nginx vào {args.out}: đặt tệp này vào "
        "/etc/nginx/conf.d/ rồi chạy «nginx -s reload». Chạy lại lệnh này sau mỗi lần xây dựng."
    )
    return EXIT_OK


def cmd_rsync(args) -> int:
    from generator.publish.rsync import PublishProblem, Target, publish, rollback

    target = Target.parse(args.target)
    try:
        if args.rollback:
            print(f"Đã quay lại bản đăng trước: {target.path(rollback(target))}.")
        else:
            name = publish(args.site, target)
            print(f"Đã đăng bản {name}: {target.path('current')} trỏ tới bản mới.")
    except PublishProblem as problem:
        print(str(problem), file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def cmd_s3(args) -> int:
    from generator.publish.manifest import MANIFEST

    if not (args.site / MANIFEST).is_file():
        print(f"Không thấy cây trang đã xây dựng trong {args.site}/.", file=sys.stderr)
        return EXIT_USAGE
    import boto3  # only this command talks to object storage
    import botocore.exceptions

    from generator.publish.s3 import sync

    client = boto3.client("s3", endpoint_url=args.endpoint, region_name=args.region)
    try:
        sync(args.site, client, args.bucket, args.prefix, full=args.full)
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as error:
        print(f"Không đăng được lên kho lưu trữ ({error}); chạy lại lệnh này.", file=sys.stderr)
        return EXIT_INTERNAL
    return EXIT_OK


def _published_unit(site: Path, code: str):
    """The unit as the built tree's list gives it, or None (said in Vietnamese)."""
    from generator.render.unit_index import published_units

    unit = published_units(site).get(code)
    if unit is None or not (site / unit.path / "index.html").is_file():
        print(
            f"Cây trang trong {site}/ không có đơn vị mã {code}: kiểm tra mã (congkhai list) "
            "hoặc chạy «congkhai build» trước.",
            file=sys.stderr,
        )
        return None
    return unit


def cmd_split(args) -> int:
    from generator.publish.split import split_site

    unit = _published_unit(args.site, args.unit)
    if unit is None:
        return EXIT_USAGE
    count = split_site(args.site, unit, args.out)
    print(
        f"Đã ghi trang web riêng của {unit.title} vào {args.out}/ ({count} tệp): đăng thư mục "
        "này như một trang (congkhai rsync, congkhai s3, congkhai nginx --site)."
    )
    return EXIT_OK


def cmd_zip(args) -> int:
    from generator.publish.offline import offline_zip

    unit = _published_unit(args.site, args.unit)
    if unit is None:
        return EXIT_USAGE
    out = args.out or Path(unit.path.rstrip("/").rsplit("/", 1)[-1] + ".zip")
    count = offline_zip(args.site, unit, out)
    print(
        f"Đã ghi {out} ({count} tệp): giải nén rồi mở tệp index.html bằng trình duyệt, "
        "không cần mạng."
    )
    return EXIT_OK


def cmd_serve(args) -> int:
    from generator.model.problems import Problems
    from generator.pipeline.build import BuildOptions
    from generator.pipeline.tree import read_tree
    from generator.tools.serve import serve

    found = Problems()
    if args.unit not in read_tree(args.data, found).units:
        return _unknown_unit(args.unit, args.data, found)
    options = BuildOptions(
        data_root=args.data,
        output=args.output,
        work=args.work,
        jobs=1,
        as_of=args.as_of or _default_as_of(),
        only=args.unit,
    )
    serve(options, args.port)
    return EXIT_OK


def cmd_codeowners(args) -> int:
    from generator.model.problems import Problems
    from generator.pipeline.tree import read_tree
    from generator.tools.codeowners import codeowners

    problems = Problems()
    tree = read_tree(args.data, problems)
    # a unit left out, or an owner dropped, would lose its line: write nothing
    blocking = [p for p in problems if p.severity == "error" or p.code.startswith("unit-owner")]
    _print_problems(blocking)
    if blocking:
        print("Chưa viết CODEOWNERS: hãy sửa các lỗi trên trước.", file=sys.stderr)
        return EXIT_DATA_ERRORS
    text = codeowners(tree, args.data.name, tuple(args.default))
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
        if current != text:
            print(
                f"{args.out} không khớp với mục owners trong các unit.yaml: chạy make codeowners "
                "rồi commit tệp này cùng thay đổi.",
                file=sys.stderr,
            )
            return EXIT_DATA_ERRORS
        print(f"{args.out} khớp với các unit.yaml.")
        return EXIT_OK
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    owned = sum(1 for unit in tree if unit.owners)
    print(f"Đã viết {args.out}: {owned} đơn vị có người phụ trách riêng.")
    return EXIT_OK


def cmd_sample(args) -> int:
    from generator.tools.sample import build_sample_country

    folders = build_sample_country(args.out, seed=args.seed)
    print(f"Đã tạo dữ liệu mẫu cho {len(folders)} đơn vị trong {args.out}/.")
    return EXIT_OK


def _kinds():
    from generator.kinds.registry import all_kinds

    return all_kinds()


def _unknown_unit(code: str, data: Path, found) -> int:
    """A code not in the tree: a wrong option, unless some unit.yaml cannot be read (it may be
    that unit's)."""
    from generator.model.units import UNIT_FILE

    print(f"Không có đơn vị mã {code} trong {data}.", file=sys.stderr)
    unreadable = [p for p in found.errors if p.file.rsplit("/", 1)[-1] == UNIT_FILE]
    if not unreadable:
        return EXIT_USAGE
    print(f"Có tệp {UNIT_FILE} không đọc được (có thể là của đơn vị này):", file=sys.stderr)
    _print_problems(unreadable, out=sys.stderr)
    return EXIT_DATA_ERRORS


def _github_annotation(problem, data: Path) -> str:
    """A problem as a GitHub Actions workflow command, escaped as the runner reads them: a file or
    folder name holding «::», a comma or a line break cannot end the command or start another."""

    def data_text(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data_text(text).replace(":", "%3A").replace(",", "%2C")

    level = "error" if problem.severity == "error" else "warning"
    where = f"file={prop(str(data / problem.file))}"
    if problem.row:
        where += f",line={problem.row}"
    return f"::{level} {where},title={prop(problem.code)}::{data_text(str(problem))}"


def cmd_template(args) -> int:
    from generator.kinds.registry import find_kind
    from generator.model.problems import Problems
    from generator.pipeline.tree import read_tree
    from generator.tools.excel_templates import write_kind_templates

    kind = find_kind(args.kind)
    if kind is None:
        print(
            f"Không có loại dữ liệu «{args.kind}». Các loại: "
            + ", ".join(k.folder for k in _kinds()),
            file=sys.stderr,
        )
        return EXIT_USAGE
    unit = None
    if args.unit:
        found = Problems()
        unit = read_tree(args.data, found).units.get(args.unit)
        if unit is None:
            return _unknown_unit(args.unit, args.data, found)
    written = write_kind_templates(kind, unit, args.out / kind.folder)
    print(f"Đã tạo mẫu «{kind.title}»:")
    for path in written:
        print(f"  {path}")
    print(
        f"Điền số liệu, rồi chép cả thư mục vào {kind.folder}/{kind.folder_pattern()}/ "
        "trong thư mục của đơn vị."
    )
    return EXIT_OK


def cmd_new(args) -> int:
    from generator.tools.scaffold import ScaffoldProblem, new_unit

    try:
        folder = new_unit(args.parent, args.code, args.type.strip().lower(), args.name.strip())
    except ScaffoldProblem as problem:
        print(f"Không tạo được đơn vị: {problem}", file=sys.stderr)
        return EXIT_DATA_ERRORS
    print(f"Đã tạo {folder}/unit.yaml và các mẫu nhập liệu trong {folder}/_mau-nhap-lieu/.")
    print("Sửa unit.yaml (mã, tên, thôn, địa chỉ, lịch tiếp công dân), rồi chạy: make validate")
    return EXIT_OK


def cmd_synth(args) -> int:
    from generator.tools.bench import synth

    provinces = synth(args.out, args.communes, args.seed, args.provinces)
    print(f"Đã tạo {args.communes} xã giả lập thuộc {provinces} tỉnh trong {args.out}/.")
    return EXIT_OK


COMMANDS = {
    "synth": cmd_synth,
    "template": cmd_template,
    "new": cmd_new,
    "build": cmd_build,
    "merge": cmd_merge,
    "validate": cmd_validate,
    "list": cmd_list,
    "nginx": cmd_nginx,
    "codeowners": cmd_codeowners,
    "serve": cmd_serve,
    "rsync": cmd_rsync,
    "s3": cmd_s3,
    "zip": cmd_zip,
    "split": cmd_split,
    "sample": cmd_sample,
}


# The commands that read a data tree: their folders are checked before they start.
READS_DATA = {"build", "merge", "validate", "list", "codeowners", "serve"}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command in READS_DATA and (problem := _folders_problem(args)):
        print(problem, file=sys.stderr)
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu.", file=sys.stderr)
        return EXIT_INTERNAL
    except OSError as error:
        # the machine's, not the data's or the program's: a full disk, no permission
        kept = _log_traceback(args)
        where = f" «{error.filename}»" if error.filename else ""
        print(
            f"Lỗi khi đọc hoặc ghi tệp{where}: {_os_reason(error)}. Không phải do dữ liệu; "
            "hãy kiểm tra thư mục rồi chạy lại"
            + (f" (chi tiết cho người quản trị kỹ thuật: {kept})." if kept else "."),
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    except Exception:  # staff never see a traceback; developers find it in the log
        kept = _log_traceback(args)
        print(
            "Lỗi nội bộ của chương trình, không phải do dữ liệu. "
            + (
                f"Xin gửi tệp {kept} cho người quản trị kỹ thuật."
                if kept
                else "Xin báo cho người quản trị kỹ thuật (không ghi được tệp nhật ký lỗi)."
            ),
            file=sys.stderr,
        )
        return EXIT_INTERNAL


_OS_ERRORS = {
    errno.EACCES: "không có quyền",
    errno.EPERM: "không có quyền",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.ENOENT: "không có tệp hoặc thư mục này",
    errno.EISDIR: "đây là thư mục, không phải tệp",
    errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn quá dài",
    errno.EIO: "lỗi đọc ghi của ổ đĩa",
    errno.EDQUOT: "đã hết hạn mức dung lượng",
    errno.EMFILE: "quá nhiều tệp đang mở",
    errno.ENOTEMPTY: "thư mục không trống",
    errno.EEXIST: "tệp hoặc thư mục đã có",
    errno.EBUSY: "tệp hoặc thư mục đang được dùng",
}


def _os_reason(error: OSError) -> str:
    if error.errno not in errno.errorcode:  # shutil.Error: a list of files a copy could not make
        return "không sao chép hoặc di chuyển được một số tệp"
    return _OS_ERRORS.get(error.errno) or f"lỗi của hệ điều hành ({errno.errorcode[error.errno]})"


def _log_traceback(args) -> Path | None:
    """Keep the traceback in the work folder's congkhai-loi.log; None if that cannot be written."""
    from generator.pipeline.work import WorkFolder

    log = WorkFolder(getattr(args, "work", None) or Path("build")).error_log
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(traceback.format_exc(), encoding="utf-8")
    except OSError:
        return None
    return log
