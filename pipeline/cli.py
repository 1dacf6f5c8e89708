"""``sohoa``: the command line. Names, options, JSON shapes and exit codes are a stable contract."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from indexing.errors import SearchIndexError
from pipeline import __version__
from pipeline.errors import ERROR_CLASSES, ExitCode, SohoaError

DESCRIPTION = """\
sohoa: số hóa hồ sơ, kết quả thủ tục hành chính thành kho lưu trữ tìm kiếm được.
Turns scanned Vietnamese administrative documents into a searchable archive.

Data lives in SOHOA_HOME (default ~/.local/share/sohoa), or the directory given with --home.
"""

EPILOG = """\
examples:
  sohoa ingest samples/scans --batch "Lô mẫu"     nạp một thư mục bản quét (đệ quy)
  sohoa watch /srv/may-quet --batch-by day        theo dõi thư mục máy quét, tự nạp tệp mới
  sohoa search "nguyen van an"                     tìm không dấu, có dấu, số ký hiệu, CCCD
  sohoa search "15/QĐ-UBND" --json                 kết quả dạng JSON cho hệ thống khác
  sohoa status                                     các lô, số tài liệu theo trạng thái, lỗi
  sohoa retry --class ocr_timeout                  xử lý lại các tệp lỗi thuộc một lớp lỗi
  sohoa export --out archive.jsonl                 xuất toàn bộ văn bản và siêu dữ liệu
  sohoa reindex                                    dựng lại chỉ mục tìm kiếm từ danh mục
  sohoa edit 1a2b3c4d5e6f7a8b number 15/QĐ-UBND     sửa trường đọc sai (có lưu vết)
  sohoa outputs 1a2b3c4d5e6f7a8b --pdf out.pdf      PDF tìm kiếm được (ảnh gốc + lớp chữ ẩn)
  sohoa users add quantri --role admin             tạo người quản trị đầu tiên (hỏi mật khẩu)
  sohoa serve                                      mở ứng dụng web tại http://127.0.0.1:8000

exit codes: 0 success, 1 some files failed (listed with their error class), 2 usage error.
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 on usage errors; keep it, say it in Vietnamese too
        self.print_usage(sys.stderr)
        self.exit(ExitCode.usage, f"{self.prog}: lỗi cú pháp / usage error: {message}\n")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="sohoa", description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"sohoa {__version__}")
    parser.add_argument("--home", type=Path, help="data directory (overrides SOHOA_HOME)")
    parser.add_argument("--verbose", action="store_true", help="show Prefect's run logs")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    ingest = commands.add_parser(
        "ingest",
        help="nạp tệp/thư mục bản quét: lưu bản gốc, nhận dạng, trích xuất, lập chỉ mục",
        description="Ingest scans (PDF, TIFF, JPEG, PNG; folders recursively). Originals are stored by "
        "SHA-256 and never modified; a file seen before is reported as a duplicate and not processed "
        "again. Running the same command after an interruption finishes the batch.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    ingest.add_argument("--batch", help="batch name (default: name of the first PATH); same name resumes")
    ingest.add_argument("--workers", type=int, help="OCR processes (default: one per core; SOHOA_WORKERS)")
    ingest.add_argument("--office", metavar="CODE", help="the office (đơn vị) the batch belongs to (default: SOHOA_OFFICE)")
    ingest.add_argument("--json", action="store_true", help="print the batch summary as JSON")

    watch = commands.add_parser(
        "watch",
        help="theo dõi thư mục máy quét: tự nạp tệp mới, chuyển sang done/ hoặc failed/",
        description="Watch a scanner's hot folder. A file is taken once it has not changed for --settle "
        "seconds (half-copied scans wait; hidden and temporary names such as .tmp/.part never are), "
        "ingested like `sohoa ingest`, then moved to done/ (processed, or a duplicate) or failed/ with "
        "NAME.loi.txt beside it (error class, reason, what to do). Files stopped by a passing cause "
        "(disk full, search index down) stay and are taken again later. Batches are per day "
        "('<folder> YYYY-MM-DD') or per first sub-folder; deeper sub-folders become dossiers.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  sohoa watch /srv/may-quet --batch-by day\n"
        "  sohoa watch /mnt/scan --batch-by folder --poll          (network share: inotify sees nothing)\n"
        "  sohoa watch /srv/may-quet --once --settle 0             (take what is there, then stop: cron)",
    )
    watch.add_argument("folder", type=Path, metavar="DIR", help="the hot folder")
    watch.add_argument("--batch-by", choices=["day", "folder"], default="day",
                       help="one batch per day (default) or per first-level sub-folder")  # fmt: skip
    watch.add_argument("--settle", type=float, default=10.0, metavar="S",
                       help="seconds a file must stay unchanged before it is taken (default 10)")  # fmt: skip
    watch.add_argument("--retry-after", type=float, default=60.0, metavar="S",
                       help="seconds before a file stopped by a passing cause is tried again (default 60)")  # fmt: skip
    watch.add_argument("--done", type=Path, metavar="DIR", help="where processed files go (default DIR/done)")
    watch.add_argument("--failed", type=Path, metavar="DIR", help="where failed files go (default DIR/failed)")
    watch.add_argument("--once", action="store_true", help="take what is there (waiting --settle once), then stop")
    watch.add_argument("--poll", action="store_true", help="poll instead of inotify (network shares, NFS, SMB)")

    search = commands.add_parser(
        "search",
        help="tìm kiếm văn bản: tên, CCCD, số ký hiệu, cụm từ; có dấu hoặc không dấu",
        description="Search page text and metadata. A query without diacritics matches with or "
        "without them; with diacritics, exact matches rank first. Numbers like 15/QĐ-UBND match "
        'whatever their spacing and case. "quoted words" must stand in that order; OR (or HOẶC) '
        "separates alternatives; -word excludes. When nothing matches, one OCR error per word is "
        "tolerated (--fuzzy asks for that always).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='examples:\n  sohoa search "nguyen van an" --type "Quyết định" --from 2023-01-01\n'
        '  sohoa search \'"cấp giấy phép" OR "thu hồi" -xây\' --sort date',
    )
    search.add_argument("query", metavar="QUERY", nargs="?", default="",
                        help="words; a word after - is excluded (sohoa search \"cap phep\" -ngo)")  # fmt: skip
    search.add_argument("--limit", type=int, default=10, help="hits to show (default 10)")
    search.add_argument("--offset", type=int, default=0, help="skip this many hits (pagination)")
    search.add_argument(
        "--json", action="store_true",
        help='print {"total", "hits": [...], "facets"} as JSON; each hit also has "highlights": boxes [x, y, w, h] '
        "of the matching words on its stored page image",
    )  # fmt: skip
    search.add_argument("--type", dest="doc_type", help='document type, as printed: "Quyết định", "Thông báo"...')
    search.add_argument("--agency", help="issuing agency, as printed (capitals)")
    search.add_argument("--place", help="place in the date line")
    search.add_argument("--batch", help="batch name")
    search.add_argument("--dossier", help="dossier id (from sohoa dossiers)")
    search.add_argument("--from", dest="date_from", type=_iso_date, metavar="YYYY-MM-DD", help="issued on or after")
    search.add_argument("--to", dest="date_to", type=_iso_date, metavar="YYYY-MM-DD", help="issued on or before")
    search.add_argument("--sort", choices=["relevance", "date"], default="relevance", help="order of hits")
    search.add_argument("--fuzzy", action="store_true", help="tolerate one OCR error per word even when exact words match")
    search.add_argument("--per-document", action="store_true", help="one hit per document (its best page)")
    search.add_argument(
        "--records", choices=["page", "document", "dossier"], default="page",
        help="what to search: pages (default), documents by their metadata, or dossiers",
    )  # fmt: skip

    export = commands.add_parser(
        "export",
        help="xuất JSON Lines: mỗi dòng một tài liệu (văn bản từng trang, siêu dữ liệu)",
        description="Export every processed document as JSON Lines: id, source, sha256, pages "
        "(number, text, confidence) and metadata (null or [] where nothing was found).",
    )
    export.add_argument("--out", type=Path, help="output file (default: standard output)")

    status = commands.add_parser(
        "status", help="tình trạng: các lô, số tài liệu theo trạng thái, danh sách lỗi",
        description="Batches, document counts per state, stage timings and every failure with its class.",
    )  # fmt: skip
    status.add_argument("--json", action="store_true", help="print as JSON")

    retry = commands.add_parser(
        "retry",
        help="xử lý lại tài liệu lỗi (lọc theo lớp lỗi)",
        description="Reprocess failed documents and failed pages. Error classes: "
        + ", ".join(f"{k} ({v})" for k, v in ERROR_CLASSES.items()),
    )
    retry.add_argument("--class", dest="error_class", choices=sorted(ERROR_CLASSES), help="only this class")

    edit = commands.add_parser(
        "edit",
        help="sửa một trường siêu dữ liệu (được lưu vết, không bị xử lý lại ghi đè)",
        description="Correct one metadata field of a document. The correction is kept with who made it "
        "and when, wins over extraction forever (re-processing never overwrites it), and is indexed at once. "
        "List fields (people, id_numbers, keywords) take comma-separated values; an empty VALUE clears the "
        "field. With --dossier, DOC_ID is a dossier's code or id and FIELD one of its file-level fields "
        "(title, retention, access_regime, language, keywords, info_code, physical_state, note, sheet_count).",
    )
    edit.add_argument("document", metavar="DOC_ID")
    edit.add_argument("--dossier", action="store_true", help="DOC_ID is a dossier (hồ sơ): correct its file-level description")
    edit.add_argument("field", metavar="FIELD", help="e.g. number, issued_date, signer, people")
    edit.add_argument("value", metavar="VALUE")
    edit.add_argument("--by", default=os.environ.get("USER", "clerk"), help="who corrects (default: $USER)")

    dossiers = commands.add_parser(
        "dossiers", help="các hồ sơ: văn bản cùng thư mục hoặc cùng mã hồ sơ",
        description="Dossiers: documents of one folder of a batch, or sharing a dossier code with a receipt.",
    )  # fmt: skip
    dossiers.add_argument("--json", action="store_true", help="print as JSON")

    outputs = commands.add_parser(
        "outputs",
        help="xuất PDF tìm kiếm được, ALTO, hOCR của một tài liệu",
        description="Write a document's searchable PDF (the original scan upright, with an invisible "
        "text layer; PDF/A-2b markers), and ALTO XML or hOCR per page. Nothing is recognised again.",
    )
    outputs.add_argument("document", metavar="DOC_ID", help="document id (from search or status)")
    outputs.add_argument("--pdf", type=Path, metavar="FILE", help="write the searchable PDF here")
    outputs.add_argument("--alto", type=Path, metavar="DIR", help="write one ALTO XML file per page here")
    outputs.add_argument("--hocr", type=Path, metavar="DIR", help="write one hOCR file per page here")
    outputs.add_argument("--signed-copy", type=Path, metavar="FILE",
                         help="write the electronic copy (Decree 30): the searchable PDF with the copy stamp on page 1,"
                         " signed with the office's certificate (SOHOA_SIGNING_P12, SOHOA_SIGNING_PASSWORD)")  # fmt: skip
    outputs.add_argument("--copy-form", default="SAO Y", choices=["SAO Y", "SAO LỤC", "TRÍCH SAO"],
                         help="the form of copy on the stamp (default: SAO Y)")  # fmt: skip

    citizen = commands.add_parser(
        "citizen",
        help="kết quả đã số hóa của một công dân theo CCCD/CMND (có ghi mục đích vào nhật ký)",
        description="Every processed result that names a citizen's identification number (CCCD or CMND), "
        "optionally for one procedure, with its type, number, date, dossier and signed-copy link. "
        "Each lookup is written to the audit log with its purpose.",
    )
    citizen.add_argument("id_number", metavar="CCCD", help="12 digits (CCCD) or 9 (CMND); spaces and dots allowed")
    citizen.add_argument("--procedure", metavar="CODE", help="only results of this procedure (mã thủ tục)")
    citizen.add_argument("--purpose", required=True, help="why the results are looked up (kept in the audit log)")
    citizen.add_argument("--by", default=os.environ.get("USER", "officer"), help="who looks up (default: $USER)")
    citizen.add_argument("--json", action="store_true", help="print the results as JSON")

    verify = commands.add_parser(
        "verify",
        help="kiểm tra tính toàn vẹn: băm lại mọi bản gốc đã lưu, báo bản nào bị thay đổi hoặc mất",
        description="Fixity: hash every stored original again (from the store itself, not a cached copy) and "
        "compare it with the SHA-256 it was stored under. Each mismatch is recorded in the catalog "
        "(class fixity_failed). Exit 0 when every original is intact, 1 otherwise.",
    )
    verify.add_argument("--json", action="store_true", help="print the report as JSON")

    verify_pdf = commands.add_parser(
        "verify-pdf",
        help="kiểm tra chữ ký số của một bản sao điện tử: người ký, thời điểm, toàn vẹn",
        description="Report every signature of a PDF: signer, signing time, whether the signed bytes are "
        "unchanged and whether the certificate leads to a trusted root (--trust). Exit 0 only when every "
        "signature is intact and valid (and trusted, when roots are given).",
    )
    verify_pdf.add_argument("file", type=Path, metavar="FILE")
    verify_pdf.add_argument("--trust", type=Path, action="append", default=[], metavar="CA.pem",
                            help="a trusted root certificate (PEM or DER); repeatable")  # fmt: skip
    verify_pdf.add_argument("--json", action="store_true", help="print the report as JSON")

    package = commands.add_parser(
        "package",
        help="đóng gói một hồ sơ để nộp lưu: BagIt, METS, PREMIS, bản gốc, ALTO, bản sao có ký số",
        description="Write one dossier as a BagIt bag (SHA-256 manifests) holding a METS document (the "
        "dossier's and each document's archival description, Circular 05/2025/TT-BNV fields; PREMIS "
        "objects and events: ingestion, OCR, extraction, corrections, signature, fixity), the originals "
        "(checked against their SHA-256), ALTO per page, each document's record and, when the office "
        "has a certificate, signed electronic copies. DOSSIER: its code or id (see `sohoa dossiers`).",
    )
    package.add_argument("dossier", metavar="DOSSIER")
    package.add_argument("--out", type=Path, required=True, metavar="DIR", help="a new folder for the bag")
    package.add_argument("--no-signed-copies", action="store_true", help="leave the signed copies out")
    package.add_argument("--json", action="store_true", help="print what was written as JSON")

    retention = commands.add_parser(
        "retention",
        help="thời hạn bảo quản: bảng thời hạn, danh sách tài liệu hết hạn, hủy theo quyết định",
        description="Retention: the schedule (document type or procedure → years, or permanent), the list "
        "of records whose period has run out (for review), and their disposal under an admin's decision "
        "(recorded forever; the originals, images and text go). Nothing is disposed of without --confirm.",
    )
    retention_commands = retention.add_subparsers(dest="retention_command", metavar="ACTION", parser_class=_Parser)
    retention_commands.required = True
    rules = retention_commands.add_parser("rules", help="bảng thời hạn bảo quản đang áp dụng")
    rules.add_argument("--json", action="store_true", help="print as JSON")
    rule = retention_commands.add_parser("set", help="đặt thời hạn cho một loại văn bản hoặc một thủ tục")
    target = rule.add_mutually_exclusive_group(required=True)
    target.add_argument("--doc-type", help="the type name as sohoa writes it, e.g. 'Quyết định'")
    target.add_argument("--procedure", metavar="CODE", help="a procedure code (mã thủ tục)")
    period = rule.add_mutually_exclusive_group(required=True)
    period.add_argument("--years", type=int, help="years to keep (1-100)")
    period.add_argument("--permanent", action="store_true", help="kept permanently")
    rule.add_argument("--basis", required=True, help="the legal basis (e.g. the retention table it follows)")
    rule.add_argument("--by", default=os.environ.get("USER", "admin"), help="who sets it (default: $USER)")
    due = retention_commands.add_parser("due", help="danh sách tài liệu đã hết thời hạn bảo quản (để xem xét hủy)")
    due.add_argument("--on", type=_iso_date, help="as on this day (YYYY-MM-DD; default today)")
    due.add_argument("--json", action="store_true", help="print as JSON")
    dispose = retention_commands.add_parser("dispose", help="hủy tài liệu hết hạn theo quyết định (cần --confirm)")
    dispose.add_argument("documents", nargs="+", metavar="DOC_ID")
    dispose.add_argument("--decision", required=True, help="the disposal decision: its number and date")
    dispose.add_argument("--by", default=os.environ.get("USER", "admin"), help="who decides (default: $USER)")
    dispose.add_argument("--on", type=_iso_date, help="as on this day (default today)")
    dispose.add_argument("--confirm", action="store_true", help="really dispose of them (otherwise: what would go)")
    dispose.add_argument("--json", action="store_true", help="print the report as JSON")

    serve = commands.add_parser(
        "serve",
        help="chạy ứng dụng web: tìm kiếm, tải lên, kiểm tra, quản trị (và API JSON)",
        description="Run the web app (Vietnamese UI for clerks, officers and admins) and its JSON API "
        "(/api/..., described at /openapi.json). Uploads are processed in the background, one batch at a "
        "time. Create users first with `sohoa users add`.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; 0.0.0.0 for the LAN)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--proxy-headers", action="store_true",
                       help="trust X-Forwarded-Proto/For from a reverse proxy (HTTPS termination)")
    serve.add_argument("--no-prefect-server", action="store_true",
                       help="do not keep the archive's Prefect server running beside the app (by default, when"
                       " none runs and PREFECT_API_URL is not set, one is started and stopped with the app)")

    users = commands.add_parser(
        "users", help="người dùng web: thêm, đổi mật khẩu, vai trò, khóa, mã API",
        description="Web users. Roles: clerk (văn thư: upload, review), officer (cán bộ tra cứu: search, "
        "view, download), admin (quản trị: dashboard, retries, users; sees ID numbers masked). "
        "Passwords are asked for (or read from standard input with --password-stdin) and stored as scrypt hashes.",
    )  # fmt: skip
    user_commands = users.add_subparsers(dest="users_command", metavar="ACTION", parser_class=_Parser)
    user_commands.required = True
    add = user_commands.add_parser("add", help="thêm người dùng")
    add.add_argument("username")
    add.add_argument("--role", dest="roles", action="append", required=True, choices=["clerk", "officer", "admin"],
                     help="role; repeat for several")
    add.add_argument("--name", default="", help="full name shown in the app")
    add.add_argument("--office", default="", metavar="CODE",
                     help="the user's office: sees its documents and those shared with it (none: every office's)")
    _password_options(add)
    passwd = user_commands.add_parser("passwd", help="đặt lại mật khẩu")
    passwd.add_argument("username")
    _password_options(passwd)
    listing = user_commands.add_parser("list", help="liệt kê người dùng")
    listing.add_argument("--json", action="store_true", help="print as JSON")
    for action, text in (("disable", "khóa tài khoản (đăng xuất mọi nơi)"), ("enable", "mở khóa tài khoản")):
        user_commands.add_parser(action, help=text).add_argument("username")
    moved = user_commands.add_parser("office", help="đặt đơn vị của người dùng (trống: mọi đơn vị)")
    moved.add_argument("username")
    moved.add_argument("office", metavar="CODE", help="office code, or '' for none")
    token = user_commands.add_parser("token", help="tạo mã API cho hệ thống khác (in ra một lần)")
    token.add_argument("username")
    token.add_argument("--label", default="API", help="what the token is for")

    offices = commands.add_parser(
        "offices", help="đơn vị (phường, thành phố, sở…): thêm, liệt kê, chia sẻ tài liệu giữa đơn vị",
        description="Offices: every batch and its documents belong to the office that sent it (ingest "
        "--office, SOHOA_OFFICE, or the uploader's); users of an office see its documents and those "
        "other offices share with it; admins and users without an office see every office's.",
    )  # fmt: skip
    office_commands = offices.add_subparsers(dest="offices_command", metavar="ACTION", parser_class=_Parser)
    office_commands.required = True
    office_add = office_commands.add_parser("add", help="thêm hoặc đổi tên một đơn vị")
    office_add.add_argument("code", metavar="CODE", help="short code, e.g. P-DIAN (letters, digits, - . _)")
    office_add.add_argument("--name", required=True, help="full name, e.g. 'UBND phường Dĩ An'")
    office_add.add_argument("--parent", metavar="CODE", help="the office above it")
    office_list = office_commands.add_parser("list", help="liệt kê đơn vị và chia sẻ")
    office_list.add_argument("--json", action="store_true", help="print as JSON")
    for action, text in (("share", "cho người dùng của đơn vị TO xem tài liệu của đơn vị FROM"),
                         ("unshare", "thôi chia sẻ")):  # fmt: skip
        sharing = office_commands.add_parser(action, help=text)
        sharing.add_argument("office", metavar="FROM")
        sharing.add_argument("shared_with", metavar="TO")
        sharing.add_argument("--by", default=os.environ.get("USER", "admin"), help="who decides (default: $USER)")

    prefect = commands.add_parser(
        "prefect-server",
        help="giữ một máy chủ Prefect chạy cho kho: các lệnh nạp không phải chờ khởi động",
        description="Run this archive's Prefect server in the foreground (for systemd) until stopped. "
        "While it runs, ingest, watch, retry, reindex and serve use it instead of starting a temporary "
        "server each time (6-20 s). Its UI shows every flow run.",
    )
    prefect.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    prefect.add_argument("--port", type=int, default=4200, help="port (default 4200)")

    worker = commands.add_parser(
        "worker",
        help="nhận việc nhận dạng từ nhóm máy xử lý (Prefect work pool) của tỉnh",
        description="Take chunks of batches from a Prefect work pool until stopped (for systemd), on any "
        "machine that sees the catalog (SOHOA_DATABASE_URL), the storage (SOHOA_STORAGE_URL) and the "
        "index (SOHOA_ES_URL). Needs a Prefect server (PREFECT_API_URL). Documents left by a machine "
        "that stopped answering are taken over after SOHOA_CLAIM_SECONDS.",
    )
    worker.add_argument("--pool", help="work pool (default: SOHOA_WORK_POOL, else 'sohoa')")
    worker.add_argument("--limit", type=int, default=1, help="flow runs at once on this machine (default 1)")
    worker.add_argument("--workers", type=int, help="OCR processes per run (default: one per core; SOHOA_WORKERS)")

    commands.add_parser(
        "reindex",
        help="dựng lại chỉ mục tìm kiếm từ danh mục (không nhận dạng lại)",
        description="Rebuild the search index from the catalog; no OCR is redone.",
    )
    return parser


def _password_options(parser: argparse.ArgumentParser) -> None:
    """Where a new password comes from: asked twice on the terminal (default), stdin, or generated."""
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    source.add_argument("--generate-password", action="store_true", help="make a random password and print it")


FLOW_COMMANDS = ("ingest", "watch", "retry", "reindex", "serve", "worker")


def _prepare_environment(home: Path | None, verbose: bool, command: str = "") -> None:
    """Environment for Prefect, set before it is imported: commands that run flows use the
    archive's running Prefect server when there is one (``sohoa prefect-server``)."""
    from pipeline.settings import load_settings

    settings = load_settings(home=home)
    prefect_home = Path(os.environ.setdefault("PREFECT_HOME", str(settings.home / "prefect")))
    prefect_home.mkdir(parents=True, exist_ok=True)  # Prefect creates only the last level
    if command in FLOW_COMMANDS:
        from pipeline.prefect_server import use_running_server

        use_running_server(prefect_home)
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "false")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        # "-ngo" in a search is an excluded word, not an option: it joins the query.
        if args.command != "search" or any(u.startswith("--") or not u.startswith("-") for u in unknown):
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        args.query = " ".join([args.query, *unknown]).strip()
    if args.command == "search" and not args.query.strip():
        parser.error("the following arguments are required: QUERY")
    from pydantic import ValidationError

    try:
        _prepare_environment(args.home, args.verbose, args.command)
        overrides: dict[str, Any] = {"home": str(args.home) if args.home else None}
        if getattr(args, "workers", None) is not None:
            overrides["workers"] = args.workers
        if args.command == "ingest" and args.office is not None:
            overrides["office"] = args.office
        overrides = {k: v for k, v in overrides.items() if v is not None}
        from pipeline import commands as run

        handler = {
            "ingest": run.ingest, "watch": run.watch, "search": run.search, "export": run.export, "status": run.status,
            "retry": run.retry, "reindex": run.reindex, "outputs": run.outputs, "edit": run.edit,
            "dossiers": run.dossiers, "serve": run.serve, "users": run.users, "prefect-server": run.prefect_server,
            "worker": run.worker, "verify-pdf": run.verify_pdf, "verify": run.verify, "citizen": run.citizen,
            "package": run.package, "retention": run.retention, "offices": run.offices,
        }[args.command]  # fmt: skip
        return int(handler(args, overrides))
    except SohoaError as exc:  # the archive itself cannot be used (e.g. a read-only catalog of another version)
        print(f"sohoa: {exc.message} [{exc.error_class}]", file=sys.stderr)
        return ExitCode.some_files_failed
    except SearchIndexError as exc:
        print(f"sohoa: {exc.message} [{exc.error_class}]", file=sys.stderr)
        return ExitCode.some_files_failed
    except ValidationError as exc:
        print(f"sohoa: cấu hình không hợp lệ / invalid settings:\n{exc}", file=sys.stderr)
        return ExitCode.usage
    except KeyboardInterrupt:
        print("\nsohoa: đã dừng; chạy lại cùng lệnh để tiếp tục / interrupted, run again to resume", file=sys.stderr)
        return 130


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main())
